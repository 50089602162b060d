// The libsystemd API that the Systemd target wraps: sd_watchdog_enabled, sd_listen_fds_with_names (sd-daemon.h),
// and sd_journal_sendv (sd-journal.h: the function; its CODE_FILE-adding macro is not imported); and the
// notification protocol of sd_notify(3), sent without blocking (learnd_notify).
#ifndef LEARND_CSYSTEMD_SHIM_H
#define LEARND_CSYSTEMD_SHIM_H

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>
#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>

/// sd_notify(0, state) that never blocks: one datagram to $NOTIFY_SOCKET (a path, or "@name" for the abstract
/// namespace), sent with MSG_DONTWAIT. sd_notify blocks while the manager's socket queue is full (10 datagrams by
/// default), which would stop learnd's I/O thread behind a reader that fell behind; here that notification is
/// dropped with -EAGAIN instead. Returns 1 when sent, 0 when $NOTIFY_SOCKET is unset, -errno on failure.
static inline int learnd_notify(const char *state) {
    const char *path = getenv("NOTIFY_SOCKET");
    if (!path || !*path) return 0;
    struct sockaddr_un address = { .sun_family = AF_UNIX };
    size_t length = strlen(path);
    if ((path[0] != '/' && path[0] != '@') || length >= sizeof(address.sun_path)) return -EINVAL;
    memcpy(address.sun_path, path, length);
    if (path[0] == '@') address.sun_path[0] = 0;
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -errno;
    socklen_t size = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + length);
    ssize_t sent = sendto(fd, state, strlen(state), MSG_DONTWAIT | MSG_NOSIGNAL, (struct sockaddr *)&address, size);
    int error = errno;
    close(fd);
    return sent < 0 ? -error : 1;
}

#endif

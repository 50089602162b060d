// Wrappers for what Glibc's Swift module hides; see include/CLinuxShims.h.
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <malloc.h>
#include "CLinuxShims.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int clinux_unix_path_max(void) {
    struct sockaddr_un address;
    return (int)sizeof(address.sun_path) - 1;
}

int clinux_unix_stream_socket(int nonblocking) {
    return socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | (nonblocking ? SOCK_NONBLOCK : 0), 0);
}

// Fills `address` for `path`; -1 with ENAMETOOLONG when it does not fit (with its NUL).
static int fill_address(struct sockaddr_un *address, const char *path) {
    size_t length = strlen(path);
    if (length >= sizeof(address->sun_path)) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memset(address, 0, sizeof(*address));
    address->sun_family = AF_UNIX;
    memcpy(address->sun_path, path, length + 1);
    return 0;
}

int clinux_unix_bind(int fd, const char *path) {
    struct sockaddr_un address;
    if (fill_address(&address, path) != 0) return -1;
    return bind(fd, (const struct sockaddr *)&address, sizeof(address));
}

int clinux_unix_connect(int fd, const char *path) {
    struct sockaddr_un address;
    if (fill_address(&address, path) != 0) return -1;
    return connect(fd, (const struct sockaddr *)&address, sizeof(address));
}

int clinux_accept4_nonblock_cloexec(int fd) {
    return accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
}

int clinux_peer_credentials(int fd, int32_t *pid, uint32_t *uid, uint32_t *gid) {
    struct ucred credentials;
    socklen_t length = sizeof(credentials);
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &length) != 0) return -1;
    *pid = (int32_t)credentials.pid;
    *uid = (uint32_t)credentials.uid;
    *gid = (uint32_t)credentials.gid;
    return 0;
}

intptr_t clinux_send_nosignal(int fd, const void *bytes, size_t count) {
    return (intptr_t)send(fd, bytes, count, MSG_NOSIGNAL);
}

// Builds a signal set; -1 with EINVAL for a number sigaddset refuses.
static int fill_set(sigset_t *set, const int32_t *signals, int count) {
    sigemptyset(set);
    for (int i = 0; i < count; i++) {
        if (sigaddset(set, signals[i]) != 0) return -1;
    }
    return 0;
}

int clinux_block_signals(const int32_t *signals, int count) {
    sigset_t set;
    if (fill_set(&set, signals, count) != 0) return -1;
    int result = pthread_sigmask(SIG_BLOCK, &set, NULL);
    if (result != 0) {  // pthread_sigmask returns the error number instead of setting errno
        errno = result;
        return -1;
    }
    return 0;
}

int clinux_signalfd(const int32_t *signals, int count) {
    sigset_t set;
    if (fill_set(&set, signals, count) != 0) return -1;
    return signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
}

int clinux_signalfd_read(int fd, int32_t *signal) {
    struct signalfd_siginfo info;
    ssize_t n = read(fd, &info, sizeof(info));
    if (n < 0) return -1;
    if ((size_t)n != sizeof(info)) {
        errno = EIO;  // the kernel hands out whole records only
        return -1;
    }
    *signal = (int32_t)info.ssi_signo;
    return 1;
}

int clinux_eventfd(void) {
    return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
}

int clinux_eventfd_write(int fd, uint64_t value) {
    return eventfd_write(fd, value);
}

int clinux_eventfd_read(int fd, uint64_t *value) {
    eventfd_t taken = 0;
    if (eventfd_read(fd, &taken) != 0) return -1;
    *value = taken;
    return 0;
}

int clinux_set_thread_nice(int nice) {
    return setpriority(PRIO_PROCESS, (id_t)gettid(), nice);
}

int clinux_thread_nice(void) {
    return getpriority(PRIO_PROCESS, (id_t)gettid());
}

int clinux_set_thread_name(const char *name) {
    int result = pthread_setname_np(pthread_self(), name);
    if (result != 0) { errno = result; return -1; }
    return 0;
}

int clinux_malloc_trim(void) {
    return malloc_trim(0);
}

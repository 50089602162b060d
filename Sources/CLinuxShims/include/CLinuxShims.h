// CLinuxShims: the few Linux calls that Swift's `import Glibc` does not expose.
//
// Glibc's Swift module hides `struct ucred` (SO_PEERCRED), `accept4`, `signalfd`, `eventfd`
// and makes `struct sockaddr_un` awkward to fill. Each wrapper here does one call (or one
// struct fill plus one call) and keeps the C convention: on failure it returns -1 and leaves
// the reason in `errno`; the Swift target `Posix` turns that into a typed error and retries
// EINTR. This header needs only <stdint.h> and <stddef.h>, so that importing it does not
// depend on `_GNU_SOURCE`; `shims.c` is compiled with `-D_GNU_SOURCE`.
#ifndef CLINUX_SHIMS_H
#define CLINUX_SHIMS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// `malloc_trim(0)`: hands the heap's free pages back to the kernel; 1 when some were.
int clinux_malloc_trim(void);

/// The longest filesystem path, in bytes without the NUL, that fits `sockaddr_un.sun_path` (107).
int clinux_unix_path_max(void);

/// `socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC [| SOCK_NONBLOCK], 0)`.
int clinux_unix_stream_socket(int nonblocking);

/// `bind(2)` to a filesystem path; fails with ENAMETOOLONG when it does not fit `sun_path`.
int clinux_unix_bind(int fd, const char *path);

/// `connect(2)` to a filesystem path; fails with ENAMETOOLONG when it does not fit `sun_path`.
int clinux_unix_connect(int fd, const char *path);

/// `accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)`.
int clinux_accept4_nonblock_cloexec(int fd);

/// `getsockopt(fd, SOL_SOCKET, SO_PEERCRED, struct ucred)`: the peer's pid, uid and gid as of connect().
int clinux_peer_credentials(int fd, int32_t *pid, uint32_t *uid, uint32_t *gid);

/// `send(fd, bytes, count, MSG_NOSIGNAL)`: a closed peer gives EPIPE, never SIGPIPE.
intptr_t clinux_send_nosignal(int fd, const void *bytes, size_t count);

/// `pthread_sigmask(SIG_BLOCK, {signals})` for the calling thread; -1 and errno on failure.
int clinux_block_signals(const int32_t *signals, int count);

/// `signalfd(-1, {signals}, SFD_NONBLOCK | SFD_CLOEXEC)`.
int clinux_signalfd(const int32_t *signals, int count);

/// `read(2)` of one `struct signalfd_siginfo`; returns 1 and the signal number, or -1 and errno.
int clinux_signalfd_read(int fd, int32_t *signal);

/// `eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)`.
int clinux_eventfd(void);

/// `eventfd_write(fd, value)`: adds `value` to the counter; 0, or -1 and errno.
int clinux_eventfd_write(int fd, uint64_t value);

/// `eventfd_read(fd, &value)`: takes and resets the counter; 0, or -1 and errno (EAGAIN when zero).
int clinux_eventfd_read(int fd, uint64_t *value);

/// `setpriority(PRIO_PROCESS, gettid(), nice)`: the calling thread's nice value (Linux keeps
/// one per thread). Raising it needs no privilege; lowering it below the current one does.
int clinux_set_thread_nice(int nice);

/// `pthread_setname_np(pthread_self(), name)`: the name `top -H` and /proc/PID/task/TID/comm
/// show, at most 15 bytes (longer names fail with ERANGE). Returns 0 or -1 with errno.
int clinux_set_thread_name(const char *name);

/// `getpriority(PRIO_PROCESS, gettid())`: the calling thread's nice value (-20..19).
int clinux_thread_nice(void);

#ifdef __cplusplus
}
#endif

#endif

// The libsystemd API that the Systemd target wraps: sd_notify, sd_watchdog_enabled, sd_listen_fds_with_names
// (sd-daemon.h), and sd_journal_sendv (sd-journal.h: the function; its CODE_FILE-adding macro is not imported).
#ifndef LEARND_CSYSTEMD_SHIM_H
#define LEARND_CSYSTEMD_SHIM_H

#include <sys/uio.h>
#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>

#endif

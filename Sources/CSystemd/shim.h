// The libsystemd API that the Systemd target wraps: sd_notify, sd_watchdog_enabled, sd_listen_fds_with_names.
#ifndef LEARND_CSYSTEMD_SHIM_H
#define LEARND_CSYSTEMD_SHIM_H

#include <systemd/sd-daemon.h>

#endif

// The liblz4 API that the LZ4 target wraps: block API and frame API (lz4frame.h).
#ifndef LEARND_CLZ4_SHIM_H
#define LEARND_CLZ4_SHIM_H

#include <lz4.h>
#include <lz4frame.h>

#endif

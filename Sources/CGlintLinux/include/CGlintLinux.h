#ifndef C_GLINT_LINUX_H
#define C_GLINT_LINUX_H

#include <stdint.h>

/// Starts writeback of a file range without waiting for it: sync_file_range(fd, offset, length,
/// SYNC_FILE_RANGE_WRITE). A GNU extension, so it lives in this shim compiled with _GNU_SOURCE, as swift-nio's
/// CNIOLinux does. Returns 0, or -1 with errno set; on systems without it, returns 0 and does nothing.
int CGlintLinux_start_writeback(int fd, int64_t offset, int64_t length);

#endif

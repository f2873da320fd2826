#define _GNU_SOURCE
#include "CGlintLinux.h"

#ifdef __linux__
#include <fcntl.h>

int CGlintLinux_start_writeback(int fd, int64_t offset, int64_t length) {
    return sync_file_range(fd, offset, length, SYNC_FILE_RANGE_WRITE);
}
#else
int CGlintLinux_start_writeback(int fd, int64_t offset, int64_t length) {
    (void)fd; (void)offset; (void)length;
    return 0;
}
#endif

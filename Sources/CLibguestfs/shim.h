/* CLibguestfs: the libguestfs API as one Clang module for the Swift wrapper `Libguestfs`.
 *
 * Only the wrapper module imports this. Whatever Swift cannot import from <guestfs.h> (UINT64_C
 * bitmasks, variadic calls) is re-exported here, prefixed with the module name. Every variadic
 * libguestfs call has a non-variadic `_argv` twin: use that, with the bitmasks below.
 */
#ifndef CLIBGUESTFS_SHIM_H
#define CLIBGUESTFS_SHIM_H

#include <stdint.h>
#include <guestfs.h>

/* guestfs_create_flags is variadic; it takes no variadic arguments today. */
static const unsigned int CLibguestfs_CREATE_NO_ENVIRONMENT = GUESTFS_CREATE_NO_ENVIRONMENT;
static const unsigned int CLibguestfs_CREATE_NO_CLOSE_ON_EXIT = GUESTFS_CREATE_NO_CLOSE_ON_EXIT;

static inline guestfs_h *_Nullable CLibguestfs_create_flags(unsigned int flags) {
    return guestfs_create_flags(flags);
}

/* Optional-argument bitmasks of struct guestfs_add_drive_opts_argv. */
static const uint64_t CLibguestfs_ADD_DRIVE_OPTS_READONLY_BITMASK = GUESTFS_ADD_DRIVE_OPTS_READONLY_BITMASK;
static const uint64_t CLibguestfs_ADD_DRIVE_OPTS_FORMAT_BITMASK = GUESTFS_ADD_DRIVE_OPTS_FORMAT_BITMASK;
static const uint64_t CLibguestfs_ADD_DRIVE_OPTS_IFACE_BITMASK = GUESTFS_ADD_DRIVE_OPTS_IFACE_BITMASK;
static const uint64_t CLibguestfs_ADD_DRIVE_OPTS_NAME_BITMASK = GUESTFS_ADD_DRIVE_OPTS_NAME_BITMASK;
static const uint64_t CLibguestfs_ADD_DRIVE_OPTS_LABEL_BITMASK = GUESTFS_ADD_DRIVE_OPTS_LABEL_BITMASK;
static const uint64_t CLibguestfs_ADD_DRIVE_OPTS_CACHEMODE_BITMASK = GUESTFS_ADD_DRIVE_OPTS_CACHEMODE_BITMASK;
static const uint64_t CLibguestfs_ADD_DRIVE_OPTS_DISCARD_BITMASK = GUESTFS_ADD_DRIVE_OPTS_DISCARD_BITMASK;
static const uint64_t CLibguestfs_ADD_DRIVE_OPTS_COPYONREAD_BITMASK = GUESTFS_ADD_DRIVE_OPTS_COPYONREAD_BITMASK;
static const uint64_t CLibguestfs_ADD_DRIVE_OPTS_BLOCKSIZE_BITMASK = GUESTFS_ADD_DRIVE_OPTS_BLOCKSIZE_BITMASK;

#endif /* CLIBGUESTFS_SHIM_H */

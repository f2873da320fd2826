/* CLibarchive: libarchive as one Clang module for the Swift wrapper `Libarchive`.
 *
 * Only the wrapper module imports this. Whatever Swift cannot import from <archive.h> and
 * <archive_entry.h> (the AE_IF* file-type macros are casts) is re-exported here, prefixed with
 * the module name.
 */
#ifndef CLIBARCHIVE_SHIM_H
#define CLIBARCHIVE_SHIM_H

#include <archive.h>
#include <archive_entry.h>

static const unsigned int CLibarchive_AE_IFMT = AE_IFMT;
static const unsigned int CLibarchive_AE_IFREG = AE_IFREG;
static const unsigned int CLibarchive_AE_IFLNK = AE_IFLNK;
static const unsigned int CLibarchive_AE_IFSOCK = AE_IFSOCK;
static const unsigned int CLibarchive_AE_IFCHR = AE_IFCHR;
static const unsigned int CLibarchive_AE_IFBLK = AE_IFBLK;
static const unsigned int CLibarchive_AE_IFDIR = AE_IFDIR;
static const unsigned int CLibarchive_AE_IFIFO = AE_IFIFO;

#endif /* CLIBARCHIVE_SHIM_H */

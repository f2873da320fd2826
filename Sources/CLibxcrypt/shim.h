/* CLibxcrypt: libxcrypt (<crypt.h>) as one Clang module for the Swift wrapper `Libxcrypt`.
 *
 * Only the wrapper imports this. The reentrant `_rn` functions are used: they never share static buffers between
 * threads and report failure by returning NULL with errno set.
 */
#ifndef CLIBXCRYPT_SHIM_H
#define CLIBXCRYPT_SHIM_H

#include <crypt.h>

static const int CLibxcrypt_OUTPUT_SIZE = CRYPT_OUTPUT_SIZE;
static const int CLibxcrypt_GENSALT_OUTPUT_SIZE = CRYPT_GENSALT_OUTPUT_SIZE;
static const int CLibxcrypt_DATA_SIZE = (int)sizeof(struct crypt_data);

#endif /* CLIBXCRYPT_SHIM_H */

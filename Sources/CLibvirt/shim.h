/* CLibvirt: the libvirt client API as one Clang module for the Swift wrapper `Libvirt`.
 *
 * Only the wrapper module imports this. Whatever Swift cannot import from the libvirt headers
 * (macros with arithmetic, variadic calls) is re-exported here, prefixed with the module name.
 */
#ifndef CLIBVIRT_SHIM_H
#define CLIBVIRT_SHIM_H

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
/* virDomainQemuAgentCommand lives in libvirt-qemu (libvirt-qemu.pc, -lvirt-qemu). */
#include <libvirt/libvirt-qemu.h>

/* VIR_UUID_BUFLEN / VIR_UUID_STRING_BUFLEN are parenthesised expressions. */
static const unsigned int CLibvirt_UUID_BUFLEN = VIR_UUID_BUFLEN;
static const unsigned int CLibvirt_UUID_STRING_BUFLEN = VIR_UUID_STRING_BUFLEN;

#endif /* CLIBVIRT_SHIM_H */

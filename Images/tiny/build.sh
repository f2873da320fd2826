#!/bin/bash
# Build the bootable "tiny" test guest or the "rescue" image (one recipe, two variants).
#   Images/tiny/build.sh tiny|rescue OUT.qcow2      (run as root: it loop-mounts the root filesystem)
# Result: a 512 MiB qcow2 disk, MBR (syslinux mbr.bin) + one bootable partition from 1 MiB, ext4 root
# with extlinux, the host's Debian kernel, a busybox initramfs that mounts the root by its UUID (baked in),
# busybox init, qemu-ga, shadow's chpasswd with PAM, busybox acpid. See Images/README.md.
# KVER (environment) picks the kernel, default: the newest /boot/vmlinuz-* that has /lib/modules/KVER.
set -euo pipefail

variant="${1:?usage: build.sh tiny|rescue OUT.qcow2}"
out="${2:?usage: build.sh tiny|rescue OUT.qcow2}"
here="$(cd "$(dirname "$0")" && pwd)"

# --- the variants: everything that differs between tiny and rescue -----------------------------------
case "$variant" in
    tiny)   HOSTNAME=tiny;   LABEL=tiny-root;   FS_UUID=71a10000-0000-4000-8000-000000000001
            PRETTY="Glint tiny 1" ;;
    rescue) HOSTNAME=rescue; LABEL=rescue-root; FS_UUID=71a10000-0000-4000-8000-000000000002
            PRETTY="Glint rescue 1" ;;
    *) echo "build.sh: unknown variant $variant" >&2; exit 2 ;;
esac
DISK_MIB=512          # virtual size
PART_START_MIB=1      # the one partition starts at 1 MiB and fills the disk
ROOT_PASSWORD_HASH='$6$glintglint$H4LyNOpepGKcyJjj7ct5VNPlbkApm/g8Y4JZ6HJIf3.l3tkrx.0j57k46fz22ijf.5KIDodVubbH5vNIcqA7U/'  # "glint"
# vfat: the Debian kernel defaults to iocharset=ascii, so nls_ascii is needed to mount any FAT filesystem
MODULES="virtio_pci virtio_blk virtio_net virtio_console crc32c_generic ext4 scsi_mod libata ata_piix ahci
         sr_mod isofs nls_cp437 nls_iso8859_1 nls_utf8 nls_ascii vfat button evdev"

[ "$(id -u)" = 0 ] || { echo "build.sh: must run as root (loop mount for extlinux)" >&2; exit 1; }
KVER="${KVER:-$(for k in /boot/vmlinuz-*; do k="${k#/boot/vmlinuz-}"; [ -d "/lib/modules/$k" ] && echo "$k"; done | sort -V | tail -n1)}"
[ -n "$KVER" ] && [ -f "/boot/vmlinuz-$KVER" ] || { echo "build.sh: no kernel in /boot (apt-get install linux-image-amd64)" >&2; exit 1; }
BUSYBOX=/bin/busybox
file -L "$BUSYBOX" 2>/dev/null | grep -q 'statically linked' || { echo "build.sh: $BUSYBOX is not busybox-static" >&2; exit 1; }

work="$(mktemp -d /tmp/glint-image-$variant.XXXXXX)"
mnt="$work/mnt"
cleanup() { mountpoint -q "$mnt" 2>/dev/null && umount "$mnt"; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# copy_with_libs ROOT FILE...: copy executables/libraries and every library ldd lists for them (same paths)
copy_with_libs() {
    local root="$1" f lib; shift
    for f in "$@"; do
        install -D -m 0755 "$f" "$root$f"
        for lib in $(ldd "$f" 2>/dev/null | grep -o '/[^ ]*'); do
            [ -e "$root$lib" ] || install -D -m 0755 "$(readlink -f "$lib")" "$root$lib"
        done
    done
}
# busybox_links ROOT: busybox at /bin/busybox plus a symlink for every applet that is not a real file
busybox_links() {
    local root="$1" a
    install -D -m 0755 "$BUSYBOX" "$root/bin/busybox"
    for a in $("$BUSYBOX" --list-full); do
        [ -e "$root/$a" ] || [ -L "$root/$a" ] || { mkdir -p "$root/$(dirname "$a")"; ln -s /bin/busybox "$root/$a"; }
    done
}

# --- initramfs ----------------------------------------------------------------------------------------
ird="$work/initramfs"
mkdir -p "$ird"/{bin,sbin,etc,proc,sys,dev,newroot}
busybox_links "$ird"
install -m 0755 "$here/initramfs-init" "$ird/init"
for m in $MODULES; do modprobe -S "$KVER" --show-depends "$m"; done \
    | awk '$1 == "insmod" && !seen[$2]++ && $2 !~ /crc32c-intel/ { print $2 }' > "$work/modules.order"   # qemu64 has no SSE4.2
while read -r ko; do install -D -m 0644 "$ko" "$ird$ko"; done < "$work/modules.order"
cp "$work/modules.order" "$ird/etc/modules.order"
printf 'ROOT=UUID=%s\nKVER=%s\n' "$FS_UUID" "$KVER" > "$ird/etc/initramfs.conf"

# --- root filesystem ----------------------------------------------------------------------------------
root="$work/root"
mkdir -p "$root"/{bin,sbin,lib,lib64,usr/bin,usr/sbin,usr/lib,etc,dev,proc,sys,run,tmp,var/log,var/lib,var/tmp,root,home,mnt,boot/extlinux}
chmod 1777 "$root/tmp" "$root/var/tmp"; chmod 700 "$root/root"
ln -s ../run "$root/var/run"; ln -s ../run/lock "$root/var/lock"
copy_with_libs "$root" /usr/sbin/qemu-ga /usr/sbin/chpasswd
copy_with_libs "$root" /lib/x86_64-linux-gnu/security/pam_{unix,deny,permit,rootok}.so
[ -x /sbin/unix_chkpwd ] && copy_with_libs "$root" /sbin/unix_chkpwd
busybox_links "$root"
rm -f "$root/sbin/init" "$root/sbin/shutdown"
ln -s /bin/busybox "$root/sbin/init"
install -m 0755 "$here/shutdown" "$root/sbin/shutdown"
install -m 0755 "$here/configdrive" "$root/sbin/glint-configdrive"
install -D -m 0755 "$here/udhcpc.script" "$root/usr/share/udhcpc/default.script"
install -D -m 0755 "$here/rcS" "$root/etc/init.d/rcS"
install -m 0755 "$here/rcK" "$root/etc/init.d/rcK"
install -m 0644 "$here/inittab" "$root/etc/inittab"
mkdir -p "$root"/etc/rc{0,1,2,3,4,5,6,S}.d "$root/etc/network/interfaces.d" "$root/etc/acpi/PWRF" "$root/etc/pam.d" "$root/home/glint"
echo 'PWRF PWRF/00000080' > "$root/etc/acpid.conf"
printf '#!/bin/sh\n# power button\nexec /sbin/poweroff\n' > "$root/etc/acpi/PWRF/00000080"; chmod 755 "$root/etc/acpi/PWRF/00000080"

cat > "$root/etc/os-release" <<OS
PRETTY_NAME="$PRETTY"
NAME="Glint $variant"
VERSION_ID="1"
VERSION="1"
ID=glint-$variant
ID_LIKE=debian
HOME_URL="https://example.invalid/glint"
OS
echo 12.0 > "$root/etc/debian_version"
# /etc/debian_version makes libguestfs inspection say distro=debian; it then reads the dpkg database, so list the
# Debian packages whose files the image holds (their host versions)
mkdir -p "$root/var/lib/dpkg/info"
dpkg-query -s busybox-static qemu-guest-agent passwd libpam-modules libc6 "linux-image-$KVER" > "$root/var/lib/dpkg/status"
echo "$HOSTNAME" > "$root/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\t%s\n::1\tlocalhost ip6-localhost ip6-loopback\n' "$HOSTNAME" > "$root/etc/hosts"
printf '# <file system>\t<mount point>\t<type>\t<options>\t<dump>\t<pass>\nUUID=%s\t/\text4\trw,errors=remount-ro\t0\t1\n' "$FS_UUID" > "$root/etc/fstab"
cat > "$root/etc/passwd" <<'PW'
root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
glint:x:1000:1000:Glint test user:/home/glint:/bin/sh
PW
cat > "$root/etc/shadow" <<SH
root:$ROOT_PASSWORD_HASH:19700:0:99999:7:::
daemon:*:19700:0:99999:7:::
nobody:*:19700:0:99999:7:::
glint:$ROOT_PASSWORD_HASH:19700:0:99999:7:::
SH
chmod 640 "$root/etc/shadow"
cat > "$root/etc/group" <<'GR'
root:x:0:
daemon:x:1:
shadow:x:42:
users:x:100:
nogroup:x:65534:
glint:x:1000:
GR
printf 'root:*::\nshadow:*::\nglint:!::\n' > "$root/etc/gshadow"; chmod 640 "$root/etc/gshadow"
chown 1000:1000 "$root/home/glint"
printf 'passwd: files\ngroup: files\nshadow: files\nhosts: files dns\n' > "$root/etc/nsswitch.conf"
printf '/bin/sh\n' > "$root/etc/shells"
printf 'PASS_MAX_DAYS\t99999\nPASS_MIN_DAYS\t0\nENCRYPT_METHOD\tYESCRYPT\n' > "$root/etc/login.defs"
# chpasswd (used by qemu-ga's guest-set-user-password) goes through PAM: pam_unix writes /etc/shadow
printf 'auth\tsufficient\tpam_rootok.so\nauth\trequired\tpam_deny.so\naccount\trequired\tpam_permit.so\n@include common-password\n' > "$root/etc/pam.d/chpasswd"
printf 'password\t[success=1 default=ignore]\tpam_unix.so yescrypt\npassword\trequisite\tpam_deny.so\npassword\trequired\tpam_permit.so\n' > "$root/etc/pam.d/common-password"
printf 'auth\trequired\tpam_deny.so\naccount\trequired\tpam_deny.so\npassword\trequired\tpam_deny.so\nsession\trequired\tpam_deny.so\n' > "$root/etc/pam.d/other"
printf 'auto lo\niface lo inet loopback\n\nsource /etc/network/interfaces.d/*\n' > "$root/etc/network/interfaces"
: > "$root/etc/resolv.conf"
printf 'Glint %s (%s)\n\n' "$variant" "$KVER" > "$root/etc/issue"
if [ "$variant" = rescue ]; then
    printf 'Glint rescue: the instance disk is NOT mounted. Mount it yourself, e.g. mount /dev/vdb1 /mnt\n' > "$root/etc/motd"
fi

# kernel, initramfs and extlinux: /boot is filled through the mounted filesystem (below), not by mke2fs -d,
# which turns zero blocks into holes: extlinux then fails to load the kernel ("I/O error").
boot="$work/boot"
mkdir -p "$boot/extlinux"
cp "/boot/vmlinuz-$KVER" "$boot/vmlinuz-$KVER"
(cd "$ird" && find . -print0 | LC_ALL=C sort -z | cpio --null -o -H newc --quiet) | gzip -6 > "$boot/initrd.img-$KVER"
ln -s "vmlinuz-$KVER" "$boot/vmlinuz"
ln -s "initrd.img-$KVER" "$boot/initrd.img"
cat > "$boot/extlinux/extlinux.conf" <<EX
SERIAL 0 115200
DEFAULT linux
PROMPT 0
TIMEOUT 0
LABEL linux
  KERNEL /boot/vmlinuz-$KVER
  INITRD /boot/initrd.img-$KVER
  APPEND console=tty0 console=ttyS0,115200 rw
EX

# --- disk: MBR + one bootable partition, ext4 filled from the tree, extlinux --------------------------
raw="$work/disk.raw"
truncate -s "${DISK_MIB}M" "$raw"
echo "start=${PART_START_MIB}MiB, type=83, bootable" | sfdisk -q --label dos "$raw"
off=$((PART_START_MIB * 1048576))
size_k=$(( (DISK_MIB - PART_START_MIB) * 1024 ))
# 4 KiB blocks (mke2fs would pick 1 KiB for a "small" filesystem); 64bit off: a 511 MiB root has no use for it
mke2fs -q -F -t ext4 -T default -b 4096 -O ^64bit -L "$LABEL" -U "$FS_UUID" -E "offset=$off" -d "$root" "$raw" "${size_k}k"
mkdir -p "$mnt"
mount -o "loop,offset=$off,sizelimit=$((size_k * 1024))" "$raw" "$mnt"
cp -a --sparse=never "$boot/." "$mnt/boot/"
extlinux --install "$mnt/boot/extlinux" > "$work/extlinux.log" 2>&1 || { cat "$work/extlinux.log" >&2; exit 1; }
umount "$mnt"
dd if=/usr/lib/syslinux/mbr/mbr.bin of="$raw" bs=440 count=1 conv=notrunc status=none
qemu-img convert -f raw -O qcow2 "$raw" "$out"

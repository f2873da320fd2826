#!/bin/bash
# Build Glint's guest images from the recipes in this folder, cached outside the repository.
#   Images/build.sh NAME...               build what is missing or stale; print each image's absolute path
#   Images/build.sh --print-path NAME...  print the paths without building (exit 1 if one is not built)
# NAME: tiny rescue fixture-debian fixture-ubuntu fixture-fedora fixture-rhel8 fixture-alpine fixture-arch
#       fixture-blank, or all.
# Cache: ${GLINT_IMAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/glint/images}, one NAME-HASH.qcow2 per image plus a
# NAME.qcow2 symlink. HASH = the first 12 hex digits of a sha256 over the recipe files the image is made from, the
# kernel version (tiny, rescue) and the Debian versions of the host packages whose files it copies, so changing a
# recipe (or upgrading one of those packages) rebuilds it; the older NAME-*.qcow2 are then deleted.
# Builds go to a temporary file renamed into place, under flock on CACHE/.NAME.lock: concurrent runs for the same
# or different names are safe. Runs as root (loop mounts; file owners inside the images).
#
# Debian packages the recipes need (the same list is in Images/apt-packages.txt, one a line):
#   busybox-static qemu-guest-agent passwd libpam-modules linux-image-amd64 kmod cpio extlinux syslinux-common
#   e2fsprogs fdisk qemu-utils tzdata file
# and to test them (Images/tiny/smoke.sh, Images/fixtures/inspect.sh): libvirt-daemon-system libvirt-clients
#   qemu-system-x86 genisoimage dosfstools mtools libguestfs-tools python3
# Install: apt-get install -y --no-install-recommends $(cat Images/apt-packages.txt)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
CACHE="${GLINT_IMAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/glint/images}"
ALL="tiny rescue fixture-debian fixture-ubuntu fixture-fedora fixture-rhel8 fixture-alpine fixture-arch fixture-blank"

die() { echo "Images/build.sh: $*" >&2; exit 1; }
current_tmp=""      # the image being written; removed if the build fails or is killed
trap 'rm -f "$current_tmp"' EXIT
trap 'exit 130' INT TERM HUP

kernel_version() {
    if [ -n "${KVER:-}" ]; then echo "$KVER"; return; fi
    for k in /boot/vmlinuz-*; do k="${k#/boot/vmlinuz-}"; [ -d "/lib/modules/$k" ] && echo "$k"; done | sort -V | tail -n1
}
pkg_versions() { dpkg-query -W -f '${Package}=${Version}\n' "$@" 2>/dev/null || true; }

# inputs NAME: every line that the image's hash covers (files are listed as "sha256  path-in-Images/")
inputs() {
    local name="$1" f
    case "$name" in
        tiny|rescue)
            echo "recipe tiny/build.sh $name"
            for f in build.sh initramfs-init inittab rcS rcK shutdown udhcpc.script configdrive; do
                (cd "$here" && sha256sum "tiny/$f")
            done
            local k; k="$(kernel_version)"
            echo "kernel $k"
            pkg_versions busybox-static qemu-guest-agent passwd libpam-modules libc6 "linux-image-$k" extlinux syslinux-common
            ;;
        fixture-*)
            local d="${name#fixture-}"
            [ -f "$here/fixtures/distros/$d.sh" ] || die "unknown image $name"
            echo "recipe fixtures/build.sh $d"
            (cd "$here" && sha256sum fixtures/build.sh "fixtures/distros/$d.sh")
            pkg_versions busybox-static tzdata
            ;;
        *) die "unknown image $name (known: $ALL all)" ;;
    esac
}
hash_of() { inputs "$1" | sha256sum | cut -c1-12; }

recipe() {      # recipe NAME OUT: run the recipe that makes NAME into OUT
    local name="$1" out="$2"
    case "$name" in
        tiny|rescue) KVER="$(kernel_version)" bash "$here/tiny/build.sh" "$name" "$out" ;;
        fixture-*)   bash "$here/fixtures/build.sh" "${name#fixture-}" "$out" ;;
    esac
}

build_one() {
    local name="$1" h final lock fd t0 f
    h="$(hash_of "$name")"
    final="$CACHE/$name-$h.qcow2"
    lock="$CACHE/.$name.lock"
    exec {fd}>"$lock"
    flock "$fd"
    if [ ! -f "$final" ]; then
        rm -f "$CACHE/.$name-"*.tmp.* 2>/dev/null || true     # left by a killed build (we hold the lock)
        local tmp="$CACHE/.$name-$h.qcow2.tmp.$$"
        t0="$(date +%s.%N)"
        echo "Images/build.sh: building $name ($h)" >&2
        current_tmp="$tmp"
        recipe "$name" "$tmp" >&2 || die "building $name failed"
        sync -f "$tmp" 2>/dev/null || true
        mv -f "$tmp" "$final"
        current_tmp=""
        echo "Images/build.sh: built $name in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s:" \
             "$(du -k "$final" | cut -f1) KiB" >&2
    fi
    if [ "$(readlink "$CACHE/$name.qcow2" 2>/dev/null)" != "$name-$h.qcow2" ]; then
        ln -sfn "$name-$h.qcow2" "$CACHE/.$name.qcow2.lnk.$$"
        mv -Tf "$CACHE/.$name.qcow2.lnk.$$" "$CACHE/$name.qcow2"
    fi
    for f in "$CACHE/$name"-*.qcow2; do
        [[ "$(basename "$f")" =~ ^$name-[0-9a-f]{12}\.qcow2$ ]] && [ "$f" != "$final" ] && rm -f "$f"
    done
    exec {fd}>&-
    echo "$final"
}

expand() { local n; for n in "$@"; do if [ "$n" = all ]; then echo $ALL; else echo "$n"; fi; done; }

[ $# -gt 0 ] || die "usage: build.sh [--print-path] NAME... (NAME: $ALL all)"
if [ "$1" = --print-path ]; then
    shift
    [ $# -gt 0 ] || die "usage: build.sh --print-path NAME..."
    rc=0
    for n in $(expand "$@"); do
        p="$CACHE/$n-$(hash_of "$n").qcow2"
        if [ -f "$p" ]; then echo "$p"; else echo "Images/build.sh: $n is not built ($p)" >&2; rc=1; fi
    done
    exit $rc
fi
names="$(expand "$@")"
for n in $names; do inputs "$n" >/dev/null; done      # reject unknown names before building anything
[ "$(id -u)" = 0 ] || die "must run as root"
for c in mke2fs qemu-img sfdisk extlinux modprobe cpio qemu-ga file; do
    command -v "$c" >/dev/null || die "$c is missing: apt-get install -y --no-install-recommends \$(cat $here/apt-packages.txt)"
done
mkdir -p "$CACHE"
CACHE="$(cd "$CACHE" && pwd)"
for n in $names; do build_one "$n"; done

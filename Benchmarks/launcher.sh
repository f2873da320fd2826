#!/usr/bin/env bash
# Launcher benchmark (not a test): root-disk overlay creation against image size, and boot-to-agent time.
#   Benchmarks/launcher.sh [RUNS]        (default 3)
# 1. Overlay creation, the launcher's call (qemu-img create -f qcow2 -F qcow2 -b BASE DISK 10G), 20 times each on a
#    64 MiB and a 4 GiB qcow2 image full of random data: the two medians must be the same (O(1) in the image size).
# 2. Boot to agent through glintd's compute API (glint server create --wait, then glint guest info until the
#    guest agent answers), the Images/ tiny guest on g1.nano, RUNS times; TCG unless KVM works here.
# Needs root, libvirtd and virtlogd running (make libvirtd), qemu-utils.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
RUNS="${1:-3}"
locate_glintd
GLINT="$(dirname "$BIN")/glint"
[ -x "$GLINT" ] || (cd "$REPO" && swift build -c release --product glint >&2)

SCRATCH="$(mktemp -d "${TMPDIR:-/tmp}/glint-launcher-bench.XXXXXX")"
trap 'rm -rf "$SCRATCH"; cleanup_glintd' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

echo "== overlay creation" >&2
for size in 64 4096; do
    head -c "${size}M" /dev/urandom > "$SCRATCH/base.raw"
    qemu-img convert -q -f raw -O qcow2 "$SCRATCH/base.raw" "$SCRATCH/base-$size.qcow2"
    rm -f "$SCRATCH/base.raw"
done
# Rounds alternate between the two images, so load on the machine weighs on both alike.
declare -A times
for round in $(seq 1 20); do
    for size in 64 4096; do
        start=$(date +%s%N)
        qemu-img create -q -f qcow2 -F qcow2 -b "$SCRATCH/base-$size.qcow2" -o compat=1.1 "$SCRATCH/disk" 10G
        times[$size]+="$(( ($(date +%s%N) - start) / 1000 )) "
        rm -f "$SCRATCH/disk"
    done
done
for size in 64 4096; do
    printf 'overlay on a %5d MiB image (%s file): median %s us over 20 runs\n' "$size" \
        "$(du -h "$SCRATCH/base-$size.qcow2" | cut -f1)" "$(printf '%s\n' ${times[$size]} | median)"
done
rm -f "$SCRATCH"/base-*.qcow2

echo "== boot to agent" >&2
start_glintd
export GLINT_URL="$URL"
TINY="$(bash "$REPO/Images/build.sh" tiny | tail -n1)"
IMAGE="$("$GLINT" image create --name bench-tiny --disk-format qcow2 --container-format bare --file "$TINY" --format json \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
for run in $(seq 1 "$RUNS"); do
    start=$(date +%s.%N)
    "$GLINT" server create "bench-$run" --image "$IMAGE" --flavor g1.nano --config-drive --wait >/dev/null 2>&1
    active=$(date +%s.%N)
    id="$("$GLINT" server list --format json | python3 -c "import json,sys; print([s['id'] for s in json.load(sys.stdin) if s['name']=='bench-$run'][0])")"
    until "$GLINT" guest info "$id" 2>/dev/null | grep -q guest_agent; do sleep 0.5; done
    agent=$(date +%s.%N)
    printf 'run %d: ACTIVE after %.1f s, guest agent after %.1f s\n' "$run" "$(echo "$active - $start" | bc)" "$(echo "$agent - $start" | bc)"
    "$GLINT" server delete "$id"
done

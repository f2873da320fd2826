#!/usr/bin/env bash
# Memory benchmark: glintd's peak resident memory (VmHWM) across a 10 GiB upload and download.
#
#   Benchmarks/memory.sh            (SIZE_GB=10 by default)
#
# The image is zeros from /dev/zero sent with chunked transfer encoding (curl -T -), so nothing of that size
# exists anywhere but in glintd's store; it needs SIZE_GB of free disk under $TMPDIR. Prints the peak RSS
# before, after the upload and after the download, and the growth.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
SIZE_GB="${SIZE_GB:-10}"

locate_glintd
start_glintd
peak() { awk '/^VmHWM:/ { print $2 }' "/proc/$PID/status"; }

# Warm up pools and threads with a small upload and download first.
WARM="$(create_image warm-up)"
head -c 67108864 /dev/zero | curl -sS -f -T - -H 'Content-Type: application/octet-stream' "$URL/v2/images/$WARM/file"
curl -sS -f -o /dev/null "$URL/v2/images/$WARM/file"
BEFORE="$(peak)"

ID="$(create_image memory)"
t0=$(date +%s.%N)
head -c "$((SIZE_GB * 1073741824))" /dev/zero \
    | curl -sS -f --max-time 1800 -T - -H 'Content-Type: application/octet-stream' "$URL/v2/images/$ID/file"
t1=$(date +%s.%N)
AFTER_UPLOAD="$(peak)"
curl -sS -f --max-time 1800 -o /dev/null "$URL/v2/images/$ID/file"
t2=$(date +%s.%N)
AFTER_DOWNLOAD="$(peak)"
SIZE="$(curl -sS -f "$URL/v2/images/$ID" | python3 -c 'import json,sys; print(json.load(sys.stdin)["size"])')"
[ "$SIZE" = "$((SIZE_GB * 1073741824))" ] || { echo "stored size $SIZE, expected $((SIZE_GB * 1073741824))" >&2; exit 1; }

printf '\nglintd memory benchmark: %s GiB upload and download (chunked, zeros)\n' "$SIZE_GB"
printf 'peak RSS before            %8d KiB\n' "$BEFORE"
printf 'peak RSS after upload      %8d KiB  (+%d KiB, upload %.1f s)\n' "$AFTER_UPLOAD" "$((AFTER_UPLOAD - BEFORE))" \
    "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')"
printf 'peak RSS after download    %8d KiB  (+%d KiB, download %.1f s)\n' "$AFTER_DOWNLOAD" \
    "$((AFTER_DOWNLOAD - BEFORE))" "$(awk -v a="$t1" -v b="$t2" 'BEGIN { print b - a }')"
stop_glintd

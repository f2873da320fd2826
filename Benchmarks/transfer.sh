#!/usr/bin/env bash
# Transfer benchmark: upload/download throughput of glintd against local baselines.
#
#   Benchmarks/transfer.sh
#
# Builds glintd in release mode (or uses $GLINT_BIN_DIR/glintd if GLINT_BIN_DIR is set), starts it on a
# free loopback port with a temp data dir, makes a SIZE_MB (default 1024) file of random data, and times:
#   cat >/dev/null (second, page-cached run), md5sum, sha512sum,
#   upload   = curl -T file PUT /v2/images/{id}/file   (Content-Length body)
#   download = curl GET /v2/images/{id}/file -o /dev/null
# Prints MB/s (10^6 bytes/s) for each, and the ratios upload / slower(md5sum, sha512sum) and download / cat.
# Everything is local (127.0.0.1), bounded in size and time, and cleaned up at exit.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
SIZE_MB="${SIZE_MB:-1024}"               # MiB of random data
CURL_MAX_TIME="${CURL_MAX_TIME:-600}"    # seconds, per transfer

for tool in curl md5sum sha512sum python3 awk; do
    command -v "$tool" >/dev/null || { echo "transfer.sh: $tool is required" >&2; exit 2; }
done

locate_glintd
start_glintd

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
BYTES=$((SIZE_MB * 1048576))
rate() { awk -v n="$BYTES" -v s="$1" 'BEGIN { printf "%.1f", n / s / 1e6 }'; }

echo "== making $SIZE_MB MiB of random data" >&2
FILE="$WORK/blob.raw"
head -c "$BYTES" /dev/urandom >"$FILE"

cat "$FILE" >/dev/null
t0=$(now); cat "$FILE" >/dev/null; t1=$(now); T_CAT=$(elapsed "$t0" "$t1")
t0=$(now); MD5="$(md5sum "$FILE" | cut -d' ' -f1)"; t1=$(now); T_MD5=$(elapsed "$t0" "$t1")
t0=$(now); SHA="$(sha512sum "$FILE" | cut -d' ' -f1)"; t1=$(now); T_SHA=$(elapsed "$t0" "$t1")

ID="$(create_image bench-transfer)"

echo "== upload" >&2
# "Expect:" disables curl's 100-continue wait so the figure measures the transfer, not a 1 s timer.
t0=$(now)
CODE="$(curl -sS --max-time "$CURL_MAX_TIME" -T "$FILE" -H 'Content-Type: application/octet-stream' -H 'Expect:' \
        -H 'X-Auth-Token: bench' -X PUT -o "$WORK/put.out" -w '%{http_code}' "$URL/v2/images/$ID/file")"
t1=$(now); T_UP=$(elapsed "$t0" "$t1")
[ "$CODE" = "204" ] || { echo "upload returned HTTP $CODE: $(cat "$WORK/put.out")" >&2; exit 1; }

python3 - "$URL" "$ID" "$MD5" "$SHA" "$BYTES" <<'PY'
import json, sys, urllib.request
url, iid, md5, sha, size = sys.argv[1:]
img = json.load(urllib.request.urlopen(f"{url}/v2/images/{iid}", timeout=30))
bad = [(k, img.get(k), v) for k, v in (("status", "active"), ("checksum", md5), ("os_hash_value", sha),
                                       ("size", int(size))) if img.get(k) != v]
if bad:
    sys.exit(f"uploaded image does not match the file: {bad}")
PY

echo "== download" >&2
t0=$(now)
CODE="$(curl -sS --max-time "$CURL_MAX_TIME" -H 'X-Auth-Token: bench' -o /dev/null -w '%{http_code} %{size_download}' \
        "$URL/v2/images/$ID/file")"
t1=$(now); T_DOWN=$(elapsed "$t0" "$t1")
[ "$CODE" = "200 $BYTES" ] || { echo "download returned '$CODE' (want '200 $BYTES')" >&2; exit 1; }

R_CAT=$(rate "$T_CAT"); R_MD5=$(rate "$T_MD5"); R_SHA=$(rate "$T_SHA"); R_UP=$(rate "$T_UP"); R_DOWN=$(rate "$T_DOWN")
SLOWER=$(awk -v a="$R_MD5" -v b="$R_SHA" 'BEGIN { print (a < b) ? a : b }')

printf '\nglintd transfer benchmark: %s MiB random data, loopback, %s\n' "$SIZE_MB" "$(basename "$BIN")"
printf '%-28s %10s %10s\n' "operation" "seconds" "MB/s"
printf '%-28s %10s %10s\n' "cat >/dev/null (cached)" "$T_CAT" "$R_CAT"
printf '%-28s %10s %10s\n' "md5sum" "$T_MD5" "$R_MD5"
printf '%-28s %10s %10s\n' "sha512sum" "$T_SHA" "$R_SHA"
printf '%-28s %10s %10s\n' "upload (curl -T, PUT)" "$T_UP" "$R_UP"
printf '%-28s %10s %10s\n' "download (curl GET)" "$T_DOWN" "$R_DOWN"
awk -v u="$R_UP" -v s="$SLOWER" -v d="$R_DOWN" -v c="$R_CAT" 'BEGIN {
    printf "ratio upload / slower(md5sum, sha512sum) = %.2f\n", u / s
    printf "ratio download / cat                     = %.2f\n", d / c }'

stop_glintd

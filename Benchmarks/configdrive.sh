#!/usr/bin/env bash
# Config drive benchmark: Glint's in-process ISO 9660 build against Nova's genisoimage command line.
#
#   Benchmarks/configdrive.sh
#
# Makes the typical drive's content (configdrive-sample.py: ~1 KB meta_data, network_data, 16 KB user data, one
# 100 KB injected file), builds it REPEAT (default 200) times in one process with
#   glint configdrive build --content SAMPLE --format iso9660 -o OUT --repeat REPEAT
# which ends with `built N drives in S s (Y ms per drive)` on stderr: each build validates, lays out the tree, writes
# the ISO in-process and commits it durably (temporary file, fsync, rename, fsync of the directory). If glint also
# prints `per_build_ms=X` (the same build to memory, what the API returns), that is shown too. Then it extracts the
# drive's tree
# (xorriso, Rock Ridge names) and runs Nova's command line REPEAT times on it:
#   genisoimage -o OUT -ldots -allow-lowercase -allow-multidot -l -publisher "Glint" -quiet -J -r -V config-2 TREE
# once as Nova runs it (no sync) and once followed by `sync OUT` (an fsync, for a like-for-like durable write).
# Prints the per-build times and the ratios. Goal: the in-process build at least 10x faster than genisoimage.
#
# Env: GLINT (default $GLINT_BIN_DIR/glint, GLINT_BIN_DIR default <repo>/.build/release), REPEAT.
# Needs (apt): genisoimage xorriso.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPEAT="${REPEAT:-200}"
GLINT="${GLINT:-${GLINT_BIN_DIR:-$REPO/.build/release}/glint}"

for tool in genisoimage:genisoimage xorriso:xorriso python3:python3 awk:gawk; do
    command -v "${tool%%:*}" >/dev/null || { echo "configdrive.sh: ${tool%%:*} is required (apt-get install ${tool#*:})" >&2; exit 2; }
done
[ -x "$GLINT" ] || { echo "configdrive.sh: $GLINT not found (swift build -c release --product glint)" >&2; exit 2; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/glint-cdbench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT INT TERM
python3 "$REPO/Benchmarks/configdrive-sample.py" "$WORK/content.json"

echo "== glint: $REPEAT in-process builds" >&2
OUT="$("$GLINT" configdrive build --content "$WORK/content.json" --format iso9660 -o "$WORK/glint.iso" --repeat "$REPEAT" 2>&1)" || {
    echo "$OUT" >&2; echo "configdrive.sh: glint configdrive build --repeat failed" >&2; exit 1; }
field() { echo "$OUT" | grep -o "$1=[0-9.]*" | tail -1 | cut -d= -f2 || true; }
BUILD_MS="$(field per_build_ms)"
WRITE_MS="$(echo "$OUT" | grep -oE '[0-9.]+ ms per drive' | tail -1 | cut -d' ' -f1 || true)"
[ -n "$WRITE_MS" ] || WRITE_MS="$(field per_write_ms)"
[ -n "$WRITE_MS" ] || { echo "$OUT" >&2; echo "configdrive.sh: no 'ms per drive' in glint's output" >&2; exit 1; }

mkdir "$WORK/tree"
xorriso -osirrox on -indev "$WORK/glint.iso" -extract / "$WORK/tree" >/dev/null 2>&1
chmod -R u+w "$WORK/tree"
FILES="$(find "$WORK/tree" -type f | wc -l)"
BYTES="$(du -sb "$WORK/tree" | cut -f1)"

now() { date +%s%N; }
nova() {
    genisoimage -o "$WORK/nova.iso" -ldots -allow-lowercase -allow-multidot -l -publisher "Glint" -quiet -J -r \
        -V config-2 "$WORK/tree" 2>/dev/null
}
echo "== genisoimage: $REPEAT runs" >&2
nova
t0=$(now); for _ in $(seq "$REPEAT"); do nova; done; t1=$(now)
GENISO_MS="$(awk -v a="$t0" -v b="$t1" -v n="$REPEAT" 'BEGIN { printf "%.3f", (b - a) / 1e6 / n }')"
echo "== genisoimage + sync: $REPEAT runs" >&2
t0=$(now); for _ in $(seq "$REPEAT"); do nova; sync "$WORK/nova.iso"; done; t1=$(now)
GENISO_SYNC_MS="$(awk -v a="$t0" -v b="$t1" -v n="$REPEAT" 'BEGIN { printf "%.3f", (b - a) / 1e6 / n }')"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0) printf "%.1f", b / a; else print "n/a" }'; }
echo "config drive benchmark: $REPEAT builds of one drive ($FILES files, $BYTES bytes of tree, $(stat -c %s "$WORK/glint.iso") bytes of ISO)"
[ -z "$BUILD_MS" ] || printf "  %-44s %8s ms/build\n" "glint in-process (to memory)" "$BUILD_MS"
printf "  %-44s %8s ms/build\n" "glint in-process (to file, fsync + rename)" "$WRITE_MS"
printf "  %-44s %8s ms/build\n" "genisoimage (Nova's command line)" "$GENISO_MS"
printf "  %-44s %8s ms/build\n" "genisoimage + sync OUT" "$GENISO_SYNC_MS"
echo "  ratio genisoimage / glint (file):          $(ratio "$WRITE_MS" "$GENISO_MS")x   (goal >= 10x)"
echo "  ratio genisoimage+sync / glint (file):     $(ratio "$WRITE_MS" "$GENISO_SYNC_MS")x"
[ -z "$BUILD_MS" ] || echo "  ratio genisoimage / glint (memory):        $(ratio "$BUILD_MS" "$GENISO_MS")x"

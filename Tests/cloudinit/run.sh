#!/usr/bin/env bash
# Feeds Glint-built config drives to Debian's own cloud-init (system python, not the project's venv).
#   Tests/cloudinit/run.sh [pytest args...]
# Steps: the Swift test CloudInitFixturesTests writes every sample's drives (config-2 ISO 9660, config-2 vfat,
# NoCloud ISO) into $GLINT_DRIVES_DIR, then pytest extracts each drive and reads it with cloud-init's readers.
# Env: GLINT_DRIVES_DIR  use drives already written there (skips the Swift step);
#      SWIFT_TEST_ARGS   extra arguments for `swift test` (for example --skip-build);
#      GLINT_KEEP_TMP=1  keep the temporary drives directory.
# Needs (apt): cloud-init python3-pytest xorriso mtools dosfstools genisoimage.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
PYTHON=/usr/bin/python3

missing=()
for tool in xorriso:xorriso mcopy:mtools mkfs.vfat:dosfstools; do
    PATH="$PATH:/usr/sbin:/sbin" command -v "${tool%%:*}" >/dev/null || missing+=("${tool#*:}")
done
"$PYTHON" -c 'import cloudinit' 2>/dev/null || missing+=(cloud-init)
"$PYTHON" -c 'import pytest' 2>/dev/null || missing+=(python3-pytest)
if [ ${#missing[@]} -gt 0 ]; then
    echo "run.sh: missing packages: apt-get install ${missing[*]}" >&2
    exit 2
fi

if [ -z "${GLINT_DRIVES_DIR:-}" ]; then
    GLINT_DRIVES_DIR="$(mktemp -d "${TMPDIR:-/tmp}/glint-drives.XXXXXX")"
    [ "${GLINT_KEEP_TMP:-0}" = 1 ] || trap 'rm -rf "$GLINT_DRIVES_DIR"' EXIT
    export GLINT_DRIVES_DIR
    log="$GLINT_DRIVES_DIR/swift-test.log"
    # shellcheck disable=SC2086
    if ! (cd "$REPO" && swift test --filter CloudInitFixturesTests ${SWIFT_TEST_ARGS:-}) >"$log" 2>&1; then
        tail -n 40 "$log" >&2
        echo "run.sh: CloudInitFixturesTests failed to write the drives" >&2
        exit 2
    fi
    rm -f "$log"
fi
export GLINT_DRIVES_DIR

cd "$HERE"
set +e
"$PYTHON" -m pytest -q "$@"
rc=$?
set -e
exit $rc

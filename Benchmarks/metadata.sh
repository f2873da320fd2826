#!/usr/bin/env bash
# Metadata benchmark: 10,000 image creates, then list latency (see metadata.py).
#   Benchmarks/metadata.sh [metadata.py args...]
# Builds glintd in release mode unless GLINT_BIN_DIR is set; uses the venv at <repo>/.venv
# (created from Tests/compat/requirements.txt when missing).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
VENV="${VENV:-$REPO/.venv}"
REQ="$REPO/Tests/compat/requirements.txt"

if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
"$VENV/bin/python" -c 'import requests' 2>/dev/null || "$VENV/bin/pip" install -q --disable-pip-version-check -r "$REQ"

if [ -n "${GLINT_BIN_DIR:-}" ]; then
    BIN="$GLINT_BIN_DIR/glintd"
else
    echo "== building glintd (release)" >&2
    (cd "$REPO" && swift build -c release --product glintd >&2)
    BIN="$(cd "$REPO" && swift build -c release --show-bin-path)/glintd"
fi
[ -x "$BIN" ] || { echo "metadata.sh: $BIN not found" >&2; exit 2; }

exec "$VENV/bin/python" "$HERE/metadata.py" --bin "$BIN" "$@"

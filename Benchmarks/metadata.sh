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

source "$HERE/lib.sh"
locate_glintd

exec "$VENV/bin/python" "$HERE/metadata.py" --bin "$BIN" "$@"

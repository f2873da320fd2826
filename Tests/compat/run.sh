#!/usr/bin/env bash
# Runs the Glint compatibility suite with the real OpenStack clients.
#   Tests/compat/run.sh [pytest args...]
# Env: GLINT_BIN_DIR (default <repo>/.build/debug), VENV (default <repo>/.venv), GLINT_KEEP_TMP=1 keeps temp dirs.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
VENV="${VENV:-$REPO/.venv}"
REQ="$HERE/requirements.txt"

if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
# Reinstall only when requirements.txt changed since the last install into this venv.
STAMP="$VENV/.compat-requirements.sha256"
WANT="$(sha256sum "$REQ" | cut -d' ' -f1)"
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$WANT" ]; then
    "$VENV/bin/pip" install -q --disable-pip-version-check -r "$REQ"
    echo "$WANT" > "$STAMP"
fi

for tool in qemu-img qemu-io; do
    command -v "$tool" >/dev/null || { echo "run.sh: $tool is required (apt-get install qemu-utils)" >&2; exit 2; }
done

export GLINT_BIN_DIR="${GLINT_BIN_DIR:-$REPO/.build/debug}"
if [ ! -x "$GLINT_BIN_DIR/glintd" ]; then
    echo "run.sh: $GLINT_BIN_DIR/glintd not found; build it first (swift build --product glintd)" >&2
    exit 2
fi

cd "$HERE"
set +e
"$VENV/bin/python" -m pytest -p no:cacheprovider -q "$@"
rc=$?
set -e
exit $rc

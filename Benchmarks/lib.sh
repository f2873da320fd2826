# Shared by the benchmark scripts: build or locate glintd, start it on a free loopback port, stop it.
#   source "$(dirname "$0")/lib.sh"
# Sets REPO, BIN; start_glintd sets WORK, URL, PID and stops glintd and removes WORK at exit.

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# glintd in release mode, or $GLINT_BIN_DIR/glintd when set.
locate_glintd() {
    if [ -n "${GLINT_BIN_DIR:-}" ]; then
        BIN="$GLINT_BIN_DIR/glintd"
    else
        echo "== building glintd (release)" >&2
        (cd "$REPO" && swift build -c release --product glintd >&2)
        BIN="$(cd "$REPO" && swift build -c release --show-bin-path)/glintd"
    fi
    [ -x "$BIN" ] || { echo "$0: $BIN not found" >&2; exit 2; }
}

WORK=""
PID=""
cleanup_glintd() {
    if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then
        kill -TERM "$PID" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$PID" 2>/dev/null || true
    fi
    [ -z "$WORK" ] || rm -rf "$WORK"
}

# Starts glintd on a temporary data directory and waits for its "listening on" line (at most 60 s).
start_glintd() {
    WORK="$(mktemp -d "${TMPDIR:-/tmp}/glint-bench.XXXXXX")"
    trap cleanup_glintd EXIT INT TERM
    local port
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
    URL="http://127.0.0.1:$port"
    mkdir -p "$WORK/data"
    "$BIN" --bind "127.0.0.1:$port" --data-dir "$WORK/data" >"$WORK/glintd.log" 2>&1 &
    PID=$!
    for _ in $(seq 1 600); do
        grep -q "listening on $URL" "$WORK/glintd.log" 2>/dev/null && return 0
        kill -0 "$PID" 2>/dev/null || { echo "glintd exited:" >&2; cat "$WORK/glintd.log" >&2; exit 1; }
        sleep 0.1
    done
    echo "glintd did not start in 60 s" >&2
    cat "$WORK/glintd.log" >&2
    exit 1
}

# Stops glintd with SIGTERM and fails unless it exits 0 within 10 s.
stop_glintd() {
    kill -TERM "$PID"
    for _ in $(seq 1 100); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$PID" 2>/dev/null; then echo "glintd did not stop within 10 s of SIGTERM" >&2; exit 1; fi
    wait "$PID" || { echo "glintd exited with $? after SIGTERM" >&2; exit 1; }
    PID=""
}

# Creates a raw/bare image and prints its id.
create_image() {
    curl -sS -f --max-time 30 -X POST -H 'Content-Type: application/json' \
        -d "{\"name\":\"$1\",\"disk_format\":\"raw\",\"container_format\":\"bare\"}" "$URL/v2/images" \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'
}

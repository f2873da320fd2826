#!/usr/bin/env bash
# Guest customization benchmark (not a test): Glint's one-launch plans against virt-customize, same image, same run.
#   Benchmarks/guest-customize.sh [RUNS]      (default 3 runs of each measurement)
# Measures, on copies of the Images/ tiny guest (qcow2):
#   1. virt-customize with 5 operations           (mkdir, write, hostname, ssh-inject, root-password)
#   2. glint guest customize with the same 5 operations
#   3. glint guest customize of 4 images in one appliance launch (the batch form)
#   4. 4 separate glint runs of the same plan
# and prints medians and the ratios the guest-toolkit issue sets as goals: 2/1 <= 1.1 and 3/1 <= 1.5.
# Both tools use the same libguestfs and the same accelerator (KVM when Glint's probe finds it working, else TCG,
# exported to virt-customize as LIBGUESTFS_BACKEND_SETTINGS).
# Needs: libguestfs-tools (virt-customize), qemu-utils; runs as root on Glint's CI machines.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-3}"
command -v virt-customize >/dev/null || { echo "$0: virt-customize missing (apt-get install libguestfs-tools)" >&2; exit 2; }

if [ -n "${GLINT_BIN_DIR:-}" ]; then
    GLINT="$GLINT_BIN_DIR/glint"
else
    echo "== building glint (release)" >&2
    (cd "$REPO" && swift build -c release --product glint >&2)
    GLINT="$(cd "$REPO" && swift build -c release --show-bin-path)/glint"
fi
TINY="$(bash "$REPO/Images/build.sh" tiny | tail -n1)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/glint-guest-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
KEY="ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBenchmarkKeyForGlintOnly bench@glint"
echo "$KEY" >"$WORK/key.pub"

# The accelerator Glint would choose, for virt-customize too.
ACCEL="$(GLINT_ACCELERATOR="${GLINT_ACCELERATOR:-auto}" "$GLINT" guest inspect --format json "$TINY" >/dev/null 2>&1; \
    python3 -c 'import json; print(json.load(open("/run/glint/accelerator.json"))["choice"]["accelerator"])' 2>/dev/null || echo tcg)"
export LIBGUESTFS_BACKEND=direct LIBGUESTFS_BACKEND_SETTINGS="force_$ACCEL"
echo "== accelerator: $ACCEL; image: $TINY ($(du -h "$TINY" | cut -f1)); runs: $RUNS" >&2

seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null 2>"$WORK/err" || { cat "$WORK/err" >&2; exit 1; }; end=$(date +%s.%N); echo "$end - $start" | bc; }
fresh() { rm -f "$WORK"/img*.qcow2; for i in $(seq 1 "$1"); do cp "$TINY" "$WORK/img$i.qcow2"; done; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

VC_OPS=(--mkdir /srv/app --write /etc/motd:hello --hostname bench --ssh-inject "root:string:$KEY" --root-password password:Bench-1)
GL_OPS=(--mkdir /srv/app --write /etc/motd:hello --hostname bench --ssh-inject "root:$WORK/key.pub" --root-password password:Bench-1)

declare -a vc gl batch separate
for run in $(seq 1 "$RUNS"); do
    fresh 1; vc+=("$(seconds virt-customize --format qcow2 -a "$WORK/img1.qcow2" --no-network "${VC_OPS[@]}")")
    fresh 1; gl+=("$(seconds "$GLINT" guest customize --quiet "$WORK/img1.qcow2" "${GL_OPS[@]}")")
    fresh 4; batch+=("$(seconds "$GLINT" guest customize --quiet "$WORK"/img{1,2,3,4}.qcow2 "${GL_OPS[@]}")")
    fresh 4
    start=$(date +%s.%N)
    for i in 1 2 3 4; do "$GLINT" guest customize --quiet "$WORK/img$i.qcow2" "${GL_OPS[@]}" >/dev/null 2>&1; done
    separate+=("$(echo "$(date +%s.%N) - $start" | bc)")
    echo "run $run: virt-customize ${vc[-1]} s, glint ${gl[-1]} s, glint batch of 4 ${batch[-1]} s, 4 separate glint runs ${separate[-1]} s" >&2
done

m_vc=$(printf '%s\n' "${vc[@]}" | median); m_gl=$(printf '%s\n' "${gl[@]}" | median)
m_batch=$(printf '%s\n' "${batch[@]}" | median); m_sep=$(printf '%s\n' "${separate[@]}" | median)
printf '\nGuest customization, 5 operations, median of %s runs (%s):\n' "$RUNS" "$ACCEL"
printf '  virt-customize, 1 image           %7.1f s\n' "$m_vc"
printf '  glint, 1 image                    %7.1f s   %.2fx virt-customize (goal <= 1.10)\n' "$m_gl" "$(echo "$m_gl / $m_vc" | bc -l)"
printf '  glint, 4 images in one launch     %7.1f s   %.2fx one virt-customize run (goal <= 1.50), %.2fx one glint run\n' \
    "$m_batch" "$(echo "$m_batch / $m_vc" | bc -l)" "$(echo "$m_batch / $m_gl" | bc -l)"
printf '  glint, 4 separate runs            %7.1f s   batch saves %.0f %%\n' "$m_sep" "$(echo "100 * (1 - $m_batch / $m_sep)" | bc -l)"

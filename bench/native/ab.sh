#!/usr/bin/env bash
# Interleaved A/B of src/node/native at two git revisions (default: HEAD~1 and the working tree):
#   bash bench/native/ab.sh [rev-a] [rev-b]       e.g. bash bench/native/ab.sh 7424ef6 HEAD
# Builds each revision's dense.c and kernels.c with native-kernels.ts's flags into bench/.cache/native-ab/, then
# runs dense-ab (the six dense products of the bench model's 4 layers) and attention-ab (fused attention).
# A benchmark's own command: unsets OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE (nothing here links OpenBLAS's sgemm).
set -euo pipefail
cd "$(dirname "$0")/../.."
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
a=${1:-HEAD~1} b=${2:-}
out=bench/.cache/native-ab
mkdir -p "$out"
flags=(-O2 -shared -fPIC -mavx512f -mavx512dq -ffp-contract=off -fno-math-errno -std=gnu11)
build() { # rev (empty: the working tree) → $out/<label>.so
  local rev=$1 label=${1:-worktree} dir
  dir=$(mktemp -d)
  for f in dense.c kernels.c; do
    if [ -n "$rev" ]; then git show "$rev:src/node/native/$f" >"$dir/$f"; else cp "src/node/native/$f" "$dir/$f"; fi
  done
  label=${label//\//_}
  ${CC:-cc} "${flags[@]}" "$dir/dense.c" "$dir/kernels.c" -o "$out/$label.so" -ldl
  rm -rf "$dir"
  echo "$out/$label.so"
}
la=$(build "$a") lb=$(build "$b")
${CC:-cc} -O2 -o "$out/dense-ab" bench/native/dense-ab.c -ldl
${CC:-cc} -O2 -o "$out/attention-ab" bench/native/attention-ab.c -ldl -lm
echo "$(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg); $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
"$out/dense-ab" "$la" "$lb"
"$out/attention-ab" "$la" "$lb"

#!/usr/bin/env bash
# Installs what the Python peers need, only when missing (Debian packages; no pip):
#   python3-torch, python3-numpy, libopenblas0-pthread (else numpy/torch fall back to the reference BLAS,
#   ~10× slower), python3-threadpoolctl (to report which BLAS kernel runs), and gcc when no C compiler exists
#   (ours: src/node/native-kernels.ts builds its AVX-512 kernels with it; without one ours runs without them).
# Idempotent; `npm run bench` calls it before the first Python peer.
set -euo pipefail
PY=/usr/bin/python3
need=()
$PY -c 'import torch' 2>/dev/null || need+=(python3-torch)
$PY -c 'import numpy' 2>/dev/null || need+=(python3-numpy)
dpkg -s libopenblas0-pthread >/dev/null 2>&1 || need+=(libopenblas0-pthread)
$PY -c 'import threadpoolctl' 2>/dev/null || need+=(python3-threadpoolctl)
command -v "${CC:-cc}" >/dev/null 2>&1 || need+=(gcc)
if [ ${#need[@]} -gt 0 ]; then
  echo "bench/setup.sh: installing ${need[*]}" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get install -y --no-install-recommends "${need[@]}" >&2 || { $SUDO apt-get update >&2 && $SUDO apt-get install -y --no-install-recommends "${need[@]}" >&2; }
fi
$PY -c 'import torch, numpy; print("torch", torch.__version__, "numpy", numpy.__version__)' >&2

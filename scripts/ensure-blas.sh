#!/usr/bin/env bash
# Ensure the system OpenBLAS that the Node CLI hands tfjs-wasm's matrix products to (src/node/blas.ts).
# Debian's libopenblas0-pthread; when it is already present nothing runs. Exit 1 when it cannot be installed
# (scripts/test-all.sh then runs the BLAS tests as skipped and says so).
set -euo pipefail
if ldconfig -p 2>/dev/null | grep -q 'libopenblas\.so\.0'; then
  echo "ensure-blas: found $(ldconfig -p | grep -m1 'libopenblas\.so\.0' | sed 's/.*=> //')"
  exit 0
fi
echo "ensure-blas: libopenblas.so.0 missing; installing the Debian 'libopenblas0-pthread' package"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y --no-install-recommends libopenblas0-pthread \
  || { $SUDO apt-get update && $SUDO apt-get install -y --no-install-recommends libopenblas0-pthread; }
ldconfig -p 2>/dev/null | grep -q 'libopenblas\.so\.0'

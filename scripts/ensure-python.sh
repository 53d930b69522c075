#!/usr/bin/env bash
# Ensure the system Python the recipe tests run (tests/core/recipe, tests/cli/recipe.test.ts): /usr/bin/python3
# with Debian's python3-torch (gloo, CPU) and python3-numpy. When both import, nothing runs. Exit 1 when they
# cannot be installed; under CI=true those tests then fail (tests/helpers/python.ts), they never skip.
set -euo pipefail
PY=/usr/bin/python3
if [ -x "$PY" ] && "$PY" -c "import numpy, torch, torch.distributed" 2>/dev/null; then
  echo "ensure-python: $("$PY" -c 'import sys, numpy, torch; print(f"python {sys.version.split()[0]}, numpy {numpy.__version__}, torch {torch.__version__}")')"
  exit 0
fi
echo "ensure-python: installing Debian's python3 python3-numpy python3-torch"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y --no-install-recommends python3 python3-numpy python3-torch \
  || { $SUDO apt-get update && $SUDO apt-get install -y --no-install-recommends python3 python3-numpy python3-torch; }
"$PY" -c "import numpy, torch, torch.distributed"

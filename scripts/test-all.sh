#!/usr/bin/env bash
# The one test command (README, .ci/run): installs what is missing, then runs every test —
# unit tests (vitest), the type check, the linter, the formatter check, the import-cycle check, and the browser end-to-end tests (Playwright + Debian Chromium).
set -uo pipefail
cd "$(dirname "$0")/.."
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== installing npm dependencies"
  npm ci --no-audit --no-fund || npm install --no-audit --no-fund || exit 1
fi
rm -rf .test-reports; mkdir -p .test-reports

status=0
echo "== system BLAS for the Node fast path"
if bash scripts/ensure-blas.sh; then
  export HBW_REQUIRE_BLAS=1   # tests/node: a BLAS that does not load is a failure, not a skip
else
  echo "WARNING: no OpenBLAS could be installed; the BLAS tests (tests/node) are skipped"
fi
bash scripts/ensure-python.sh || echo "WARNING: no python3 with numpy + torch could be installed; the recipe tests skip (and fail under CI=true)"
echo "== unit tests (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json=.test-reports/vitest.json || status=1

echo "== type check (tsc)"
npx tsc --noEmit -p . || status=1

echo "== lint and format check (Biome; biome.json — \`npm run format\` rewrites) and import cycles (madge; .madgerc: type-only imports are erased, so not counted)"
npx biome lint . || status=1
npx biome format . || { echo "formatting differs from biome.json: run \`npm run format\`"; status=1; }
npx madge --circular --warning src scripts bench || status=1

echo "== browser tests (Playwright, Chromium)"
if [ -f playwright.config.ts ] && ls tests/e2e/*.spec.ts >/dev/null 2>&1; then
  bash scripts/ensure-chromium.sh || exit 1
  PLAYWRIGHT_JSON_OUTPUT_NAME=.test-reports/playwright.json npx playwright test --reporter=list,json || status=1
fi

node scripts/test-summary.mjs .test-reports/vitest.json .test-reports/playwright.json || status=1
exit $status

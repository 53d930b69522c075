import { execFileSync } from 'node:child_process';
import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests against the system Chromium (/usr/bin/chromium; see scripts/ensure-chromium.sh).
 * Playwright's own browser download is never used. The config starts `vite build && vite preview` on a
 * free localhost port (E2E_DEV=1: the dev server instead; E2E_PORT pins the port).
 */
process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD ??= '1';

function freePort(): number {
  const script =
    "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
  return Number(execFileSync(process.execPath, ['-e', script]).toString().trim());
}
// Set once in the runner; worker processes inherit the environment and so agree on the port.
process.env.E2E_PORT ??= String(freePort());
const PORT = Number(process.env.E2E_PORT);
const vite = `"${process.execPath}" node_modules/vite/bin/vite.js`;
const server = process.env.E2E_DEV
  ? `${vite} --host 127.0.0.1 --port ${PORT} --strictPort`
  : `${vite} build --logLevel warn && ${vite} preview --host 127.0.0.1 --port ${PORT} --strictPort`;

const CHROMIUM_ARGS = [
  '--enable-unsafe-webgpu',
  '--no-sandbox',
  '--disable-gpu-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  ...(process.env.E2E_CHROMIUM_ARGS ? process.env.E2E_CHROMIUM_ARGS.split(/\s+/).filter(Boolean) : []),
];

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '*.spec.ts',
  timeout: 180_000,
  expect: { timeout: 60_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1100, height: 800 },
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
    trace: 'retain-on-failure',
  },
  webServer: {
    command: server,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});

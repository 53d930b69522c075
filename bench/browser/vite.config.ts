/**
 * Dev server for the browser benchmark page (bench/browser.ts starts it with this config): root = this
 * folder, the repo's public/ (demo data) as publicDir, /tfjs-wasm/ served from node_modules, and
 * cross-origin isolation so tfjs-backend-wasm can use its threaded build (SharedArrayBuffer).
 */
import { createReadStream, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '../..');
const WASM_DIR = resolve(REPO, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function tfjsWasm(): Plugin {
  return {
    name: 'bench-tfjs-wasm',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const m = /^\/tfjs-wasm\/(tfjs-backend-wasm[\w-]*\.wasm)/.exec(req.url ?? '');
        const file = m ? resolve(WASM_DIR, m[1]) : '';
        if (!m || !existsSync(file)) return next();
        res.setHeader('Content-Type', 'application/wasm');
        for (const [k, v] of Object.entries(ISOLATION)) res.setHeader(k, v);
        createReadStream(file).pipe(res);
      });
    },
  };
}

export default defineConfig({
  root: HERE,
  publicDir: resolve(REPO, 'public'),
  cacheDir: resolve(REPO, 'node_modules/.vite-bench'),
  plugins: [tfjsWasm()],
  server: { headers: ISOLATION, fs: { allow: [REPO] }, hmr: false },
  worker: { format: 'es' },
  optimizeDeps: { include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgpu', 'dexie'] },
  logLevel: 'warn',
});

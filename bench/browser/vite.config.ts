/**
 * Dev server for the browser benchmark page (bench/browser.ts starts it with this config): root = this
 * folder, the repo's public/ (demo data) as publicDir, /tfjs-wasm/ and /ort-wasm/ served from node_modules,
 * /bench-cache/ from bench/.cache/browser-peers, and
 * cross-origin isolation so tfjs-backend-wasm can use its threaded build (SharedArrayBuffer).
 */
import { createReadStream, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '../..');
/** URL prefix → folder served raw (wasm binaries must not go through vite's transforms). */
const RAW: Array<[RegExp, string]> = [
  [/^\/tfjs-wasm\/(tfjs-backend-wasm[\w-]*\.wasm)/, resolve(REPO, 'node_modules/@tensorflow/tfjs-backend-wasm/dist')],
  // onnxruntime-web's wasm EP (bench/browser/peers.worker.ts sets env.wasm.wasmPaths = '/ort-wasm/').
  [/^\/ort-wasm\/(ort-wasm-simd-threaded\.(?:wasm|mjs))/, resolve(REPO, 'node_modules/onnxruntime-web/dist')],
  // The peers benchmark's model, ONNX file and texts, written by bench/browser-peers.ts.
  [/^\/bench-cache\/([\w.-]+)$/, resolve(REPO, 'bench/.cache/browser-peers')],
];
const TYPES: Record<string, string> = { wasm: 'application/wasm', mjs: 'text/javascript', json: 'application/json' };
const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function rawFiles(): Plugin {
  return {
    name: 'bench-raw-files',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const hit = RAW.map(([re, dir]) => [re.exec(req.url ?? ''), dir] as const).find(([m]) => m);
        const file = hit?.[0] ? resolve(hit[1], hit[0][1]) : '';
        if (!hit || !existsSync(file)) return next();
        res.setHeader('Content-Type', TYPES[file.split('.').pop()!] ?? 'application/octet-stream');
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
  plugins: [rawFiles()],
  server: { headers: ISOLATION, fs: { allow: [REPO] }, hmr: false },
  worker: { format: 'es' },
  // onnxruntime-web finds its worker script and .wasm relative to its own module: serve it unbundled.
  optimizeDeps: {
    exclude: ['onnxruntime-web'],
    include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgpu', 'dexie'],
  },
  logLevel: 'warn',
});

import { copyFileSync, createReadStream, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { shippedModels } from './scripts/vite-models.ts'; // with its extension: vite's native config loader needs it

/**
 * WASM binaries are served from node_modules (never a CDN):
 *  - /tfjs-wasm/  ← @tensorflow/tfjs-backend-wasm/dist/*.wasm (pass '/tfjs-wasm/' as initBackend's wasmPath)
 *  - /ort-wasm/   ← onnxruntime-web/dist/ort-wasm-simd-threaded*.{wasm,mjs}, for @huggingface/transformers
 *                   (set env.backends.onnx.wasm.wasmPaths = '/ort-wasm/' before loading a model)
 * Dev: a middleware streams them; build: they are copied into dist/ under the same prefixes.
 */
const WASM_DIRS: Record<string, { dir: string; match: RegExp }> = {
  'tfjs-wasm': { dir: 'node_modules/@tensorflow/tfjs-backend-wasm/dist', match: /^tfjs-backend-wasm[\w-]*\.wasm$/ },
  'ort-wasm': { dir: 'node_modules/onnxruntime-web/dist', match: /^ort-wasm-simd-threaded[\w.-]*\.(wasm|mjs)$/ },
};

/** Cross-origin isolation, so SharedArrayBuffer (WASM threads) is available. */
const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function localWasm(): Plugin {
  let outDir = 'dist';
  return {
    name: 'local-wasm',
    configResolved(cfg) {
      outDir = resolve(cfg.root, cfg.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const m = /^\/(tfjs-wasm|ort-wasm)\/([^/?#]+)/.exec(req.url ?? '');
        const spec = m ? WASM_DIRS[m[1]] : undefined;
        if (!m || !spec || !spec.match.test(m[2])) return next();
        const file = resolve(spec.dir, m[2]);
        if (!existsSync(file)) return next();
        res.setHeader('Content-Type', m[2].endsWith('.wasm') ? 'application/wasm' : 'text/javascript');
        for (const [k, v] of Object.entries(ISOLATION_HEADERS)) res.setHeader(k, v);
        createReadStream(file).pipe(res);
      });
    },
    writeBundle() {
      for (const [prefix, spec] of Object.entries(WASM_DIRS)) {
        if (!existsSync(spec.dir)) continue;
        mkdirSync(join(outDir, prefix), { recursive: true });
        for (const f of readdirSync(spec.dir)) if (spec.match.test(f)) copyFileSync(join(spec.dir, f), join(outDir, prefix, f));
      }
    },
  };
}

export default defineConfig({
  // shippedModels: models/ (the shipped demo base, lexicons) under /models/ with a manifest (scripts/vite-models.ts).
  plugins: [react(), localWasm(), shippedModels({ headers: ISOLATION_HEADERS })],
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
  worker: {
    format: 'es',
    // Not minified: the threaded tfjs WASM backend ships its Emscripten factory to pthread workers via
    // Function.prototype.toString(); minification hoists `_scriptDir` out of it ("e is not defined").
    rolldownOptions: { output: { minify: false } },
  },
  // Pre-bundle the worker's heavy deps up front, so the dev server does not reload the page on first use.
  optimizeDeps: { include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgpu', 'dexie'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
});

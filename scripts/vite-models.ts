/**
 * Serves the repository's models/ folder under /models/ (vite dev server) and copies it into dist/models/
 * (vite build), with a manifest /models/index.json (core/model/shipped.ts reads it):
 *  - a sub-folder holding config.json is a model: its model files (weights, config, tokenizer, lineage,
 *    pretrain recipe and results) are served; logs (events.jsonl) are not.
 *  - other sub-folders hold pre-training sources: their .tsv files are served.
 * Only files in the manifest are ever served (no path traversal, no source code).
 */
import {
  copyFileSync,
  createReadStream,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import type { Plugin } from 'vite';
import { MANIFEST_FILE, type ModelsManifest, type ShippedFile, type ShippedModel } from '../src/core/model/shipped.ts';

const MODEL_FILE =
  /^(config\.json|tokenizer\.json|tokenizer_config\.json|special_tokens_map\.json|vocab\.txt|model\.safetensors|lineage\.json|pretrain\.json|results\.json)$/;
const SOURCE_FILE = /\.tsv$/;

function readJson(path: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** The manifest of `root` (the models/ folder); empty when the folder does not exist. */
export function modelsManifest(root: string): ModelsManifest {
  const manifest: ModelsManifest = { version: 1, models: [], sources: [] };
  if (!existsSync(root)) return manifest;
  for (const dir of readdirSync(root).sort()) {
    const abs = join(root, dir);
    if (!statSync(abs).isDirectory()) continue;
    const names = readdirSync(abs)
      .sort()
      .filter((f) => statSync(join(abs, f)).isFile());
    const file = (f: string): ShippedFile => ({ path: `${dir}/${f}`, bytes: statSync(join(abs, f)).size });
    if (names.includes('config.json')) {
      const model: ShippedModel = { name: dir, files: names.filter((f) => MODEL_FILE.test(f)).map(file), lineage: [] };
      const lineage = readJson(join(abs, 'lineage.json'))?.lineage;
      if (Array.isArray(lineage)) model.lineage = lineage.map(String);
      const pretrain = readJson(join(abs, 'pretrain.json'));
      if (pretrain) model.pretrain = pretrain;
      const ranking = readJson(join(abs, 'results.json'))?.translationRanking;
      if (Array.isArray(ranking))
        model.translationRanking = ranking.map(({ step, loss, accuracy, pairs }) => ({ step, loss, accuracy, pairs }));
      manifest.models.push(model);
    } else {
      manifest.sources.push(...names.filter((f) => SOURCE_FILE.test(f)).map(file));
    }
  }
  return manifest;
}

function served(manifest: ModelsManifest): Set<string> {
  return new Set([...manifest.models.flatMap((m) => m.files.map((f) => f.path)), ...manifest.sources.map((f) => f.path)]);
}

const TYPES: Record<string, string> = {
  json: 'application/json',
  tsv: 'text/tab-separated-values; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  safetensors: 'application/octet-stream',
};

/**
 * A connect middleware answering `<prefix>index.json` and `<prefix><file in the manifest>` from `root`; anything
 * else goes to `next`. The manifest is rebuilt per request (cheap), so a model added while the server runs shows.
 */
export function modelsMiddleware(root: string, prefix = '/models/', headers: Record<string, string> = {}) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const url = (req.url ?? '').split(/[?#]/)[0];
    if (!url.startsWith(prefix)) return next();
    let rel: string;
    try {
      rel = decodeURIComponent(url.slice(prefix.length));
    } catch {
      return next();
    }
    const manifest = modelsManifest(root);
    const isManifest = rel === MANIFEST_FILE;
    if (!isManifest && !served(manifest).has(rel)) return next();
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    res.setHeader('Cache-Control', 'no-cache');
    if (isManifest) {
      res.setHeader('Content-Type', TYPES.json);
      res.end(JSON.stringify(manifest));
      return;
    }
    res.setHeader('Content-Type', TYPES[rel.split('.').pop() ?? ''] ?? 'application/octet-stream');
    res.setHeader('Content-Length', String(statSync(join(root, rel)).size));
    createReadStream(join(root, rel)).pipe(res);
  };
}

/** Copy the manifest's files and the manifest itself into `<outDir>/models/`. */
export function copyModels(root: string, outDir: string): ModelsManifest {
  const manifest = modelsManifest(root);
  for (const path of served(manifest)) {
    const to = join(outDir, 'models', path);
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(join(root, path), to);
  }
  mkdirSync(join(outDir, 'models'), { recursive: true });
  writeFileSync(join(outDir, 'models', MANIFEST_FILE), JSON.stringify(manifest));
  return manifest;
}

/** The vite plugin: dev middleware + build copy of `modelsDir` (default: models/ beside vite.config.ts). */
export function shippedModels(opts: { modelsDir?: string; headers?: Record<string, string> } = {}): Plugin {
  let root = resolve(opts.modelsDir ?? 'models');
  let outDir = 'dist';
  return {
    name: 'shipped-models',
    configResolved(cfg) {
      root = resolve(cfg.root, opts.modelsDir ?? 'models');
      outDir = resolve(cfg.root, cfg.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use(modelsMiddleware(root, `${server.config.base.replace(/\/?$/, '/')}models/`, opts.headers));
    },
    writeBundle() {
      copyModels(root, outDir);
    },
  };
}

import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyModels, modelsManifest, modelsMiddleware } from '../../scripts/vite-models';

const MODELS = resolve(import.meta.dirname, '../../models');

describe('serving models/ (vite plugin)', () => {
  it('lists the shipped base with its model files, lineage and recipe, and the lexicon as a source', () => {
    const m = modelsManifest(MODELS);
    const base = m.models.find((x) => x.name === 'demo-base')!;
    const files = base.files.map((f) => f.path);
    for (const f of ['config.json', 'model.safetensors', 'tokenizer.json', 'lineage.json'])
      expect(files).toContain(`demo-base/${f}`);
    expect(files).not.toContain('demo-base/events.jsonl'); // logs stay out
    expect(base.lineage).toEqual(['pretrain:demo-lexicon.tsv;steps=1500;seed=42']);
    expect(base.pretrain?.steps).toBe(1500);
    expect(base.translationRanking?.at(-1)?.step).toBe(1500);
    expect(m.sources.map((s) => s.path)).toEqual(['lexicon/demo-lexicon.tsv']);
    expect(m.sources[0].bytes).toBe(readFileSync(join(MODELS, 'lexicon/demo-lexicon.tsv')).byteLength);
  });

  it('is empty for a missing folder', () => {
    expect(modelsManifest(join(tmpdir(), 'hbw-no-such-models'))).toEqual({ version: 1, models: [], sources: [] });
  });

  it('copies exactly the manifest files into dist/models with index.json', () => {
    const root = mkdtempSync(join(tmpdir(), 'hbw-models-'));
    mkdirSync(join(root, 'm1'));
    mkdirSync(join(root, 'lex'));
    writeFileSync(join(root, 'm1/config.json'), '{}');
    writeFileSync(join(root, 'm1/events.jsonl'), 'x');
    writeFileSync(join(root, 'lex/a-b.tsv'), 'a\tb\n');
    writeFileSync(join(root, 'lex/notes.ts'), '');
    const out = join(root, 'dist');
    copyModels(root, out);
    expect(existsSync(join(out, 'models/m1/config.json'))).toBe(true);
    expect(existsSync(join(out, 'models/m1/events.jsonl'))).toBe(false);
    expect(existsSync(join(out, 'models/lex/a-b.tsv'))).toBe(true);
    expect(existsSync(join(out, 'models/lex/notes.ts'))).toBe(false);
    expect(JSON.parse(readFileSync(join(out, 'models/index.json'), 'utf8')).models[0].name).toBe('m1');
  });

  describe('dev middleware', () => {
    let server: Server,
      base = '';
    beforeAll(async () => {
      const mw = modelsMiddleware(MODELS, '/models/', { 'Cross-Origin-Resource-Policy': 'same-origin' });
      server = createServer((req, res) =>
        mw(req, res, () => {
          res.statusCode = 404;
          res.end('next');
        }),
      );
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(
      () =>
        new Promise<void>((r) => {
          server.close(() => r());
          server.closeAllConnections();
        }),
    );

    it('serves the manifest and listed files with their size and headers', async () => {
      const idx = await fetch(`${base}/models/index.json`);
      expect(idx.headers.get('content-type')).toBe('application/json');
      expect((await idx.json()).models[0].name).toBe('demo-base');
      const cfg = await fetch(`${base}/models/demo-base/config.json`);
      expect(cfg.status).toBe(200);
      expect(cfg.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      expect(await cfg.text()).toBe(readFileSync(join(MODELS, 'demo-base/config.json'), 'utf8'));
      const st = await fetch(`${base}/models/demo-base/model.safetensors`);
      expect(Number(st.headers.get('content-length'))).toBe(readFileSync(join(MODELS, 'demo-base/model.safetensors')).byteLength);
    });

    it('passes anything outside the manifest on (no logs, no sources, no traversal)', async () => {
      for (const p of [
        'demo-base/events.jsonl',
        'lexicon/stats.ts',
        '../package.json',
        '%2e%2e/package.json',
        'nope/config.json',
      ]) {
        const r = await fetch(`${base}/models/${p}`);
        expect(await r.text(), p).toBe('next');
      }
    });
  });
});

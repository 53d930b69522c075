import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEncoder } from '../../../src/core/model/checkpoint';
import { fetchModelsManifest, fetchShippedModel, fetchShippedSource, type FetchFn } from '../../../src/core/model/shipped';
import { readLineage } from '../../../src/core/train/checkpoint';
import { modelsMiddleware } from '../../../scripts/vite-models';

const MODELS = resolve(import.meta.dirname, '../../../models');
let server: Server,
  root = '';

beforeAll(async () => {
  expect(await tf.setBackend('wasm')).toBe(true);
  const mw = modelsMiddleware(MODELS);
  // Like vite's SPA fallback: anything the plugin does not serve gets index.html with status 200.
  server = createServer((req, res) =>
    mw(req, res, () => {
      res.setHeader('Content-Type', 'text/html');
      res.end('<!doctype html>');
    }),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  root = `http://127.0.0.1:${(server.address() as AddressInfo).port}/models/`;
});
afterAll(
  () =>
    new Promise<void>((r) => {
      server.close(() => r());
      server.closeAllConnections();
    }),
);

describe('shipped models over HTTP', () => {
  it('loads the demo base from the app server and it encodes', async () => {
    const m = await fetchModelsManifest(root);
    const files = await fetchShippedModel(root, m, 'demo-base');
    expect(Object.keys(files)).toContain('model.safetensors');
    expect(readLineage(files)).toEqual(['pretrain:demo-lexicon.tsv;steps=1500;seed=42']);
    const enc = createEncoder(files);
    const e = tf.tidy(() => enc.encode(['hello'], { role: 'query' }));
    expect(e.shape).toEqual([1, 64]);
    e.dispose();
    enc.dispose();
    const tsv = new TextDecoder().decode(await fetchShippedSource(root, m, 'lexicon/demo-lexicon.tsv'));
    expect(tsv).toMatch(/^# Multilingual lexicon/);
  });

  it('names what is wrong and the fix: unknown model, HTML fallback, wrong size, no server', async () => {
    const m = await fetchModelsManifest(root);
    await expect(fetchShippedModel(root, m, 'other')).rejects.toThrow(
      /no shipped model "shipped:other" \(shipped: shipped:demo-base\)\. Fix:/,
    );
    await expect(fetchShippedSource(root, m, 'lexicon/x.tsv')).rejects.toThrow(/no shipped source "lexicon\/x.tsv"/);
    const ghost = { ...m, models: [{ ...m.models[0], name: 'ghost', files: [{ path: 'ghost/config.json', bytes: 2 }] }] };
    await expect(fetchShippedModel(root, ghost, 'ghost')).rejects.toThrow(
      /answered 200 with an HTML page\. Fix: serve the app with its models plugin/,
    );
    const wrong = { ...m, models: [{ ...m.models[0], files: [{ path: 'demo-base/config.json', bytes: 1 }] }] };
    await expect(fetchShippedModel(root, wrong, 'demo-base')).rejects.toThrow(/the manifest says 1\. Fix: rebuild the app/);
    const down: FetchFn = () => Promise.reject(new Error('ECONNREFUSED'));
    await expect(fetchModelsManifest(root, down)).rejects.toThrow(
      /failed \(ECONNREFUSED\)\. Fix: check that the app's server is running/,
    );
  });
});

/**
 * core/model/hub.ts with `weights: 'onnx'` (the Models tab's frozen transformers.js runtime) against a local
 * server in the Hub URL layout: onnx/model.onnx is sized and fetched instead of the safetensors, the download
 * runs as an ONNX encoder, a model cached for one runtime is not taken as complete for the other, and a
 * repository without an ONNX export gets an error naming the id, the file, the URL and the fix.
 */
import { mkdtempSync, copyFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEncoder } from '../../../src/core/model/checkpoint';
import { embedTexts } from '../../../src/core/model/encoder';
import { downloadModel, HubError, memoryHubCache, modelSize } from '../../../src/core/model/hub';
import { createOnnxEncoder } from '../../../src/core/model/onnx-encoder';
import { startHubServer, type HubServer } from '../../helpers/hub-server';
import { fixtureDir, fixtureTitle, hasFixture, loadFixture, maxAbsDiff, useWasm } from './fixtures';

const ID = 'hbw-test/tiny-bert';
const ONNX_FILES = ['config.json', 'onnx/model.onnx', 'tokenizer.json', 'tokenizer_config.json', 'vocab.txt'];

describe.skipIf(!hasFixture('tiny-bert'))(fixtureTitle('tiny-bert', 'Hub download of the ONNX weights (local server)'), () => {
  let hub: HubServer;
  const disk = (f: string) => new Uint8Array(readFileSync(join(fixtureDir('tiny-bert'), f)));

  beforeAll(async () => {
    const safetensorsOnly = mkdtempSync(join(tmpdir(), 'hbw-no-onnx-'));
    for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'vocab.txt', 'model.safetensors'])
      copyFileSync(join(fixtureDir('tiny-bert'), f), join(safetensorsOnly, f));
    hub = await startHubServer({ [ID]: fixtureDir('tiny-bert'), 'hbw-test/no-onnx': safetensorsOnly });
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('sizes onnx/model.onnx instead of the safetensors (listing only, nothing downloaded)', async () => {
    hub.requests.length = 0;
    const { files, bytes } = await modelSize(ID, { baseUrl: hub.url, cache: null, weights: 'onnx' });
    expect(files.map((f) => f.file).sort()).toEqual(ONNX_FILES);
    expect(bytes).toBe(ONNX_FILES.reduce((s, f) => s + disk(f).byteLength, 0));
    expect(hub.requests.map((r) => [r.method, r.file])).toEqual([['GET', 'api/tree']]);
    expect(hub.requests.some((r) => r.file === 'model.safetensors')).toBe(false);
  });

  it('downloads the ONNX folder; it embeds like the tfjs encoder of the same fixture', async () => {
    await useWasm();
    const files = await downloadModel(ID, { baseUrl: hub.url, cache: null, weights: 'onnx' });
    expect(Object.keys(files).sort()).toEqual(ONNX_FILES);
    expect(files['onnx/model.onnx']).toEqual(disk('onnx/model.onnx'));
    const { files: local, ref } = loadFixture('tiny-bert');
    const onnx = await createOnnxEncoder(files);
    const tfjs = createEncoder(local);
    try {
      expect(maxAbsDiff(await onnx.embedAll(ref.texts, 5), await embedTexts(tfjs, ref.texts, 5))).toBeLessThan(1e-4);
    } finally {
      await onnx.dispose();
      tfjs.dispose();
    }
  });

  it('a model cached for tfjs is not complete for ONNX: only onnx/model.onnx is fetched, then both load offline', async () => {
    const cache = memoryHubCache();
    await downloadModel(ID, { baseUrl: hub.url, cache });
    hub.requests.length = 0;
    const files = await downloadModel(ID, { baseUrl: hub.url, cache, weights: 'onnx' });
    expect(files['onnx/model.onnx']).toEqual(disk('onnx/model.onnx'));
    expect(hub.requests.filter((r) => r.method === 'GET').map((r) => r.file)).toEqual(['api/tree', 'onnx/model.onnx']);
    hub.requests.length = 0;
    const offline = (() => {
      throw new Error('network must not be used');
    }) as unknown as typeof fetch;
    expect(Object.keys(await downloadModel(ID, { baseUrl: hub.url, cache, fetch: offline, weights: 'onnx' })).sort()).toEqual(
      ONNX_FILES,
    );
    expect(Object.keys(await downloadModel(ID, { baseUrl: hub.url, cache, fetch: offline }))).toContain('model.safetensors');
    expect(hub.requests).toEqual([]);
  });

  it('a repository without an ONNX export: the error names the id, the file, the URL and the fix', async () => {
    const e = (await modelSize('hbw-test/no-onnx', { baseUrl: hub.url, cache: null, weights: 'onnx' }).catch(
      (x: unknown) => x,
    )) as HubError;
    expect(e).toBeInstanceOf(HubError);
    expect(e.file).toBe('onnx/model.onnx');
    expect(e.message).toMatch(
      /^model "hbw-test\/no-onnx": onnx\/model\.onnx not found \(http:\/\/127\.0\.0\.1:\d+\/hbw-test\/no-onnx\/resolve\/main\/onnx\/model\.onnx, HTTP 404\) — .*optimum-cli export onnx.*tfjs runtime/,
    );
  });
});

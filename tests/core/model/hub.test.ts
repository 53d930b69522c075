/**
 * core/model/hub.ts against a local server in the Hub URL layout (tests/helpers/hub-server.ts, node:http on
 * 127.0.0.1 with HEAD and Range): size before download, download with progress, resume after an interrupted
 * transfer (within a call and across calls), cache hit without network, sharded weights, clear 404 errors.
 */
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEncoder } from '../../../src/core/model/checkpoint';
import { embedTexts } from '../../../src/core/model/encoder';
import {
  downloadModel,
  HubError,
  type HubProgress,
  listModelFiles,
  memoryHubCache,
  modelSize,
} from '../../../src/core/model/hub';
import { readModelWeights, writeSafetensors } from '../../../src/core/model/safetensors';
import { startHubServer, type HubServer } from '../../helpers/hub-server';
import { fixtureDir, fixtureTitle, hasFixture, loadFixture, useWasm } from './fixtures';

const ID = 'hbw-test/tiny-bert';
const FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'vocab.txt', 'model.safetensors'];

describe.skipIf(!hasFixture('tiny-bert'))(fixtureTitle('tiny-bert', 'Hub download (local server)'), () => {
  let hub: HubServer;
  let sharded: string;
  let noWeights: string;
  const disk = (f: string) => new Uint8Array(readFileSync(join(fixtureDir('tiny-bert'), f)));

  beforeAll(async () => {
    // A sharded copy of the fixture (index + 2 shards) and a folder without weights.
    sharded = mkdtempSync(join(tmpdir(), 'hbw-sharded-'));
    noWeights = mkdtempSync(join(tmpdir(), 'hbw-noweights-'));
    for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'vocab.txt']) {
      copyFileSync(join(fixtureDir('tiny-bert'), f), join(sharded, f));
      copyFileSync(join(fixtureDir('tiny-bert'), f), join(noWeights, f));
    }
    const w = [...readModelWeights({ 'model.safetensors': disk('model.safetensors') })];
    const half = Math.ceil(w.length / 2);
    const shards = [new Map(w.slice(0, half)), new Map(w.slice(half))];
    const names = ['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors'];
    const weightMap: Record<string, string> = {};
    shards.forEach((s, i) => {
      writeFileSync(join(sharded, names[i]), writeSafetensors(s));
      for (const k of s.keys()) weightMap[k] = names[i];
    });
    writeFileSync(join(sharded, 'model.safetensors.index.json'), JSON.stringify({ metadata: {}, weight_map: weightMap }));
    hub = await startHubServer({ [ID]: fixtureDir('tiny-bert'), 'hbw-test/sharded': sharded, 'hbw-test/no-weights': noWeights });
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('shows the size before downloading (one listing request)', async () => {
    hub.requests.length = 0;
    const { files, bytes } = await modelSize(ID, { baseUrl: hub.url, cache: null });
    expect(files.map((f) => f.file).sort()).toEqual([...FILES].sort());
    expect(bytes).toBe(FILES.reduce((s, f) => s + disk(f).byteLength, 0));
    expect(hub.requests.map((r) => [r.method, r.file])).toEqual([['GET', 'api/tree']]);
  });

  it('without a listing API: the size from HEAD requests', async () => {
    const plain = await startHubServer({ [ID]: fixtureDir('tiny-bert') }, { listing: false });
    try {
      const { files, bytes } = await modelSize(ID, { baseUrl: plain.url, cache: null });
      expect(files.map((f) => f.file).sort()).toEqual([...FILES].sort());
      expect(bytes).toBe(FILES.reduce((s, f) => s + disk(f).byteLength, 0));
      expect(new Set(plain.requests.filter((r) => r.file !== 'api/tree').map((r) => r.method))).toEqual(new Set(['HEAD']));
    } finally {
      await plain.close();
    }
  });

  it('downloads with progress; the files load as an encoder', async () => {
    await useWasm();
    const seen: HubProgress[] = [];
    const files = await downloadModel(ID, { baseUrl: hub.url, cache: null, onProgress: (p) => seen.push(p) });
    for (const f of FILES) expect(files[f], f).toEqual(disk(f));
    const total = FILES.reduce((s, f) => s + disk(f).byteLength, 0);
    const dl = seen.filter((p) => p.phase === 'download');
    expect(dl.length).toBeGreaterThan(FILES.length);
    for (let i = 1; i < dl.length; i++) expect(dl[i].loaded).toBeGreaterThanOrEqual(dl[i - 1].loaded);
    expect(dl.every((p) => p.total === total)).toBe(true);
    expect(seen[seen.length - 1]).toMatchObject({ phase: 'done', loaded: total, total });
    const st = dl.filter((p) => p.file === 'model.safetensors');
    expect(st[st.length - 1]).toMatchObject({
      fileLoaded: disk('model.safetensors').byteLength,
      fileTotal: disk('model.safetensors').byteLength,
    });
    const a = createEncoder(files),
      b = createEncoder(loadFixture('tiny-bert').files);
    const texts = loadFixture('tiny-bert').ref.texts;
    expect(await embedTexts(a, texts, 4)).toEqual(await embedTexts(b, texts, 4));
    a.dispose();
    b.dispose();
  });

  it('resumes an interrupted transfer with a Range request (automatic retry)', async () => {
    hub.requests.length = 0;
    hub.breakOnce('model.safetensors', 50_000);
    const files = await downloadModel(ID, { baseUrl: hub.url, cache: null });
    expect(files['model.safetensors']).toEqual(disk('model.safetensors'));
    const gets = hub.requests.filter((r) => r.method === 'GET' && r.file === 'model.safetensors');
    expect(gets.map((r) => [r.range, r.status])).toEqual([
      [undefined, 200],
      ['bytes=50000-', 206],
    ]);
  });

  it('resumes across calls: the partial file waits in the cache', async () => {
    const cache = memoryHubCache();
    hub.breakOnce('model.safetensors', 30_000);
    const err = await downloadModel(ID, { baseUrl: hub.url, cache, retries: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HubError);
    expect((err as Error).message).toMatch(
      /model "hbw-test\/tiny-bert": the download of model\.safetensors broke off after 30000 bytes.*run it again to resume/,
    );
    expect([...cache.partials.values()][0].bytes.byteLength).toBe(30_000);
    hub.requests.length = 0;
    const files = await downloadModel(ID, { baseUrl: hub.url, cache, retries: 0 });
    expect(files['model.safetensors']).toEqual(disk('model.safetensors'));
    expect(hub.requests.filter((r) => r.method === 'GET').map((r) => [r.file, r.range, r.status])).toEqual([
      ['api/tree', undefined, 200],
      ['model.safetensors', 'bytes=30000-', 206],
    ]);
    expect(cache.partials.size).toBe(0);
  });

  it('a cached model loads without any network request', async () => {
    const cache = memoryHubCache();
    await downloadModel(ID, { baseUrl: hub.url, cache });
    hub.requests.length = 0;
    const offline = (() => {
      throw new Error('network must not be used');
    }) as unknown as typeof fetch;
    const seen: HubProgress[] = [];
    const files = await downloadModel(ID, { baseUrl: hub.url, cache, fetch: offline, onProgress: (p) => seen.push(p) });
    for (const f of FILES) expect(files[f]).toEqual(disk(f));
    expect(hub.requests).toEqual([]);
    expect(
      seen
        .filter((p) => p.phase === 'cached')
        .map((p) => p.file)
        .sort(),
    ).toEqual([...FILES].sort());
    expect((await listModelFiles(ID, { baseUrl: hub.url, cache, fetch: offline })).length).toBe(FILES.length);
  });

  it('sharded weights: index + shards, sized and loaded', async () => {
    await useWasm();
    const { files: list, bytes } = await modelSize('hbw-test/sharded', { baseUrl: hub.url, cache: null });
    expect(list.map((f) => f.file)).toEqual(
      expect.arrayContaining([
        'model.safetensors.index.json',
        'model-00001-of-00002.safetensors',
        'model-00002-of-00002.safetensors',
      ]),
    );
    expect(bytes).toBeGreaterThan(100_000);
    const files = await downloadModel('hbw-test/sharded', { baseUrl: hub.url, cache: null });
    const a = createEncoder(files),
      b = createEncoder(loadFixture('tiny-bert').files);
    expect(await embedTexts(a, ['ein Test', 'a test'], 2)).toEqual(await embedTexts(b, ['ein Test', 'a test'], 2));
    a.dispose();
    b.dispose();
  });

  it('404s name the model id and the file', async () => {
    const e1 = (await downloadModel('hbw-test/missing', { baseUrl: hub.url, cache: null }).catch((e: unknown) => e)) as HubError;
    expect(e1).toBeInstanceOf(HubError);
    expect(e1.status).toBe(404);
    expect(e1.message).toMatch(
      /^model "hbw-test\/missing": config\.json not found — check the model id.*\/hbw-test\/missing\/resolve\/main\/config\.json, HTTP 404\)$/,
    );
    const e2 = (await downloadModel('hbw-test/no-weights', { baseUrl: hub.url, cache: null }).catch(
      (e: unknown) => e,
    )) as HubError;
    expect(e2.message).toMatch(/model "hbw-test\/no-weights": model\.safetensors not found, nor model\.safetensors\.index\.json/);
    await expect(downloadModel('../etc', { baseUrl: hub.url })).rejects.toThrow(/not a model id/);
  });
});

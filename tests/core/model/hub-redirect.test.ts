/**
 * core/model/hub.ts against the Hub as it behaves (tests/helpers/hub-server.ts with `storage: true`):
 * `resolve` URLs of LFS files 302 to a second origin that refuses preflights, HEAD redirected too. First
 * attempts are plain GETs without custom headers; a broken transfer resumes with `Range` alone where the
 * final host serves ranges, else restarts with a note; a refused HEAD never blocks; sizes from the listing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { downloadModel, type HubProgress, memoryHubCache, modelSize } from '../../../src/core/model/hub';
import { type HubServer, type HubServerOptions, startHubServer } from '../../helpers/hub-server';
import { fixtureDir, fixtureTitle, hasFixture } from './fixtures';

const ID = 'hbw-test/tiny-bert';
const FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'vocab.txt', 'model.safetensors'];
const disk = (f: string) => new Uint8Array(readFileSync(join(fixtureDir('tiny-bert'), f)));

describe.skipIf(!hasFixture('tiny-bert'))(fixtureTitle('tiny-bert', 'Hub with redirects to a storage host'), () => {
  let hub: HubServer | undefined;
  const start = async (o: HubServerOptions) =>
    (hub = await startHubServer({ [ID]: fixtureDir('tiny-bert') }, { storage: true, ...o }));
  afterEach(async () => {
    await hub?.close();
    hub = undefined;
  });
  const st = (h: HubServer) =>
    h.requests.filter((r) => r.host === 'storage' && r.method === 'GET').map((r) => [r.range, r.status]);

  it('sizes from the listing API, plain GETs, the weights through the redirect', async () => {
    const h = await start({});
    expect(h.storageUrl).not.toBe(h.url);
    const { bytes } = await modelSize(ID, { baseUrl: h.url, cache: null });
    expect(bytes).toBe(FILES.reduce((s, f) => s + disk(f).byteLength, 0));
    h.requests.length = 0;
    const files = await downloadModel(ID, { baseUrl: h.url, cache: null });
    for (const f of FILES) expect(files[f], f).toEqual(disk(f));
    expect(h.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    expect(h.requests.every((r) => r.extraHeaders.length === 0)).toBe(true);
    expect(h.requests.filter((r) => r.file === 'model.safetensors').map((r) => [r.host, r.status])).toEqual([
      ['main', 302],
      ['storage', 200],
    ]);
  });

  it('resumes on the storage host with Range alone (no If-Range) where it serves ranges', async () => {
    const h = await start({ storageRanges: 'yes' });
    h.breakOnce('model.safetensors', 40_000);
    const notes: string[] = [];
    const files = await downloadModel(ID, { baseUrl: h.url, cache: null, onNote: (n) => notes.push(n) });
    expect(files['model.safetensors']).toEqual(disk('model.safetensors'));
    expect(st(h)).toEqual([
      [undefined, 200],
      ['bytes=40000-', 206],
    ]);
    expect(h.requests.filter((r) => r.host === 'storage' && r.range).map((r) => r.extraHeaders)).toEqual([['range']]);
    expect(notes).toEqual([]);
  });

  it('restarts with a note where the final host does not offer ranges', async () => {
    const h = await start({ storageRanges: 'no' });
    h.breakOnce('model.safetensors', 40_000);
    const seen: HubProgress[] = [];
    const notes: string[] = [];
    const files = await downloadModel(ID, {
      baseUrl: h.url,
      cache: null,
      onNote: (n) => notes.push(n),
      onProgress: (p) => seen.push(p),
    });
    expect(files['model.safetensors']).toEqual(disk('model.safetensors'));
    expect(st(h)).toEqual([
      [undefined, 200],
      [undefined, 200],
    ]);
    expect(notes).toEqual([
      expect.stringMatching(
        new RegExp(
          `^model\\.safetensors: 127\\.0\\.0\\.1:\\d+ does not offer resuming .*; restarting from the beginning \\(40000 bytes discarded\\)$`,
        ),
      ),
    ]);
    expect(seen.some((p) => p.note === notes[0] && p.fileLoaded === 0)).toBe(true);
  });

  it('a partial from an earlier call: a refused Range request (a failed preflight) restarts with a note', async () => {
    const h = await start({ storageRanges: 'reject' });
    const cache = memoryHubCache();
    h.breakOnce('model.safetensors', 30_000);
    await expect(downloadModel(ID, { baseUrl: h.url, cache, retries: 0 })).rejects.toThrow(
      /broke off after 30000 bytes.*run it again to resume/,
    );
    h.requests.length = 0;
    const notes: string[] = [];
    const files = await downloadModel(ID, { baseUrl: h.url, cache, retries: 0, onNote: (n) => notes.push(n) });
    expect(files['model.safetensors']).toEqual(disk('model.safetensors'));
    expect(st(h)).toEqual([
      ['bytes=30000-', 0],
      [undefined, 200],
    ]);
    expect(notes).toEqual([
      expect.stringMatching(
        /^model\.safetensors: the resume request was refused .*; restarting from the beginning \(30000 bytes discarded\)$/,
      ),
    ]);
    expect(cache.partials.size).toBe(0);
  });

  it('no listing and a refused HEAD: the size is unknown, the download still works', async () => {
    const h = await start({ listing: false, storageHead: 'refuse' });
    const { files: list, bytes } = await modelSize(ID, { baseUrl: h.url, cache: null });
    expect(bytes).toBeUndefined();
    expect(list.find((f) => f.file === 'model.safetensors')?.size).toBeUndefined();
    expect(h.requests.filter((r) => r.host === 'storage').map((r) => [r.method, r.status])).toEqual([['HEAD', 403]]);
    const cache = memoryHubCache();
    const files = await downloadModel(ID, { baseUrl: h.url, cache });
    for (const f of FILES) expect(files[f], f).toEqual(disk(f));
    // The manifest records the sizes as received: the next load is offline.
    const offline = (() => {
      throw new Error('network must not be used');
    }) as unknown as typeof fetch;
    expect(Object.keys(await downloadModel(ID, { baseUrl: h.url, cache, fetch: offline })).sort()).toEqual([...FILES].sort());
  });

  it('a HEAD that fails at the network level is "unknown", and an optional file that is not there is skipped', async () => {
    const h = await start({ listing: false });
    const flaky = ((url: string, init?: RequestInit) =>
      init?.method === 'HEAD' && !String(url).endsWith('config.json')
        ? Promise.reject(new TypeError('Failed to fetch'))
        : fetch(url, init)) as typeof fetch;
    const files = await downloadModel(ID, { baseUrl: h.url, cache: null, fetch: flaky });
    expect(Object.keys(files).sort()).toEqual([...FILES].sort());
    expect(h.requests.filter((r) => r.method === 'GET' && r.status === 404).map((r) => r.file)).toEqual(
      expect.arrayContaining(['special_tokens_map.json', 'modules.json']),
    );
  });
});

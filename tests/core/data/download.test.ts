import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { download, newDownloadState, sha256Hex } from '../../../src/core/data/download';
import { fetchSource, resolveSourceFiles } from '../../../src/core/data/fetch-source';
import { importDetected } from '../../../src/core/data/detect';
import { findSource } from '../../../src/core/data/sources';
import { startDataServer, type DataServer } from '../../helpers/data-server';
import { makeDuRetrievalFixture } from '../../helpers/duretrieval-fixture';

const fixture = makeDuRetrievalFixture(3000);
const corpus = fixture.files[0];
let server: DataServer;
beforeAll(async () => {
  server = await startDataServer({ hub: fixture.files, github: { '/o/r/main/a.bin': corpus.bytes } });
});
afterAll(async () => {
  await server.close();
});

const corpusUrl = () => `${server.url}/datasets/${corpus.repo}/resolve/${corpus.revision}/${corpus.path}`;

describe('download (fetch, Node)', () => {
  it('first attempt is a plain GET; the resolve redirect is followed; sha256 verified', async () => {
    server.requests.length = 0;
    const progress: number[] = [];
    const sha = await sha256Hex(corpus.bytes);
    const r = await download(
      { url: corpusUrl(), name: 'corpus', size: corpus.bytes.length, sha256: sha, onProgress: (b) => progress.push(b) },
      newDownloadState(corpusUrl()),
    );
    expect(r.sha256).toBe(sha);
    expect(Buffer.from(r.bytes).equals(corpus.bytes)).toBe(true);
    expect(progress.at(-1)).toBe(corpus.bytes.length);
    expect(server.requests.map((q) => [q.origin, q.status, q.range])).toEqual([
      ['front', 302, undefined],
      ['storage', 200, undefined],
    ]);
  });

  it('a broken connection keeps what arrived; the next call resumes with Range + If-Range (206)', async () => {
    const state = newDownloadState(corpusUrl());
    const sha = await sha256Hex(corpus.bytes);
    server.breakOnce(corpus.path.split('/').pop()!, 10_000);
    await expect(download({ url: corpusUrl(), name: 'corpus', sha256: sha }, state)).rejects.toThrow(
      /corpus: byte \d+: the connection broke/,
    );
    expect(state.bytes).toBeGreaterThanOrEqual(10_000);
    expect(state.etag).toMatch(/^"[0-9a-f]{32}"$/);
    server.requests.length = 0;
    const before = state.bytes;
    const r = await download({ url: corpusUrl(), name: 'corpus', sha256: sha }, state);
    expect(r.resumed).toBe(true);
    expect(r.sha256).toBe(sha);
    expect(server.requests.find((q) => q.origin === 'storage')).toMatchObject({ status: 206, range: `bytes=${before}-` });
  });

  it('cancel (AbortSignal) keeps the part; a changed file (ETag mismatch → 200) restarts with a note', async () => {
    const url = `${server.url}/o/r/main/a.bin`;
    const state = newDownloadState(url);
    const ctrl = new AbortController();
    server.holdAfter('a.bin', 5_000);
    const p = download(
      {
        url,
        name: 'a.bin',
        signal: ctrl.signal,
        onProgress: (b) => {
          if (b >= 5_000) ctrl.abort();
        },
      },
      state,
    );
    await expect(p).rejects.toThrow(/abort/i);
    server.release();
    expect(state.bytes).toBeGreaterThanOrEqual(5_000);
    state.etag = '"stale"';
    const r = await download({ url, name: 'a.bin' }, state);
    expect(r.resumed).toBe(false);
    expect(r.notes.join()).toMatch(
      /did not resume at byte \d+ \(HTTP 200: no range support, or the file changed\); restarted from the beginning/,
    );
    expect(Buffer.from(r.bytes).equals(corpus.bytes)).toBe(true);
  });

  it('a wrong checksum or size is refused and the part discarded', async () => {
    const state = newDownloadState(corpusUrl());
    await expect(download({ url: corpusUrl(), name: 'corpus', sha256: '0'.repeat(64) }, state)).rejects.toThrow(
      /corpus: sha256: checksum mismatch: got [0-9a-f]{64}, expected 0{64}/,
    );
    expect(state.bytes).toBe(0);
    await expect(download({ url: corpusUrl(), name: 'corpus', size: 12 }, state)).rejects.toThrow(
      /corpus: size: received \d+ bytes, expected 12/,
    );
    await expect(download({ url: `${server.url}/o/r/main/missing`, name: 'x' }, newDownloadState('x'))).rejects.toThrow(
      /x: download failed from .*HTTP 404/,
    );
  });
});

describe('fetchSource: the registry against the Hub layout', () => {
  it('DuRetrieval: files found through the listing API, checksums from lfs.oid, imported as zh dev', async () => {
    const src = findSource('duretrieval');
    const files = await resolveSourceFiles(src, server.url);
    expect(files.map((f) => [f.name, f.checksumFrom])).toEqual(
      fixture.files.map((f) => [f.path.split('/').pop(), 'hub-listing']),
    );
    for (const [i, f] of files.entries()) expect(f.sha256).toBe(await sha256Hex(fixture.files[i].bytes));
    const seen: number[] = [];
    const r = await fetchSource(src, { base: server.url, states: new Map(), onProgress: (p) => seen.push(p.bytes) });
    expect(seen.at(-1)).toBe(files.reduce((a, f) => a + f.size, 0));
    const { plan, dataset } = await importDetected(r.inputs, { ...src.importOptions, name: src.title });
    expect(plan.format).toBe('parquet');
    expect(dataset).toMatchObject({ name: 'DuRetrieval', langs: ['zh'], split: 'dev' });
    expect(dataset.candidates).toHaveLength(3000);
  });

  it('a listing without the file names the repository, the role and the fix', async () => {
    const src = {
      ...findSource('duretrieval'),
      files: [
        {
          ...(findSource('duretrieval').files[0] as Extract<ReturnType<typeof findSource>['files'][number], { kind: 'hub' }>),
          pattern: /^data\/nothing$/,
        },
      ],
    };
    await expect(resolveSourceFiles(src, server.url)).rejects.toThrow(
      /C-MTEB\/DuRetrieval\/data: corpus: no file matches .* at revision a1a333e.*Fix: update the pattern or revision/,
    );
  });
});

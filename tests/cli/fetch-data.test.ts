import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSource } from '../../src/core/data/sources';
import { startDataServer, xquadRFiles, type DataServer } from '../helpers/data-server';
import { makeDuRetrievalFixture } from '../helpers/duretrieval-fixture';
import { HAS_SHARED, sharedPath } from '../helpers/shared';

const ROOT = resolve(import.meta.dirname, '../..');
// Asynchronous: the test server answers from this process while the CLI runs.
const cli = async (args: string[]) => {
  try {
    const r = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    return { status: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { status: x.code, stdout: x.stdout, stderr: x.stderr };
  }
};

const fixture = makeDuRetrievalFixture(2000);
let server: DataServer;
beforeAll(async () => {
  server = await startDataServer({ hub: fixture.files, github: HAS_SHARED ? await xquadRFiles(sharedPath('data/xquad-r')) : {} });
});
afterAll(async () => {
  await server.close();
});

describe('cli fetch-data', () => {
  it.skipIf(!HAS_SHARED)(
    'xquad-r: the eleven files from GitHub raw, sha256 as registered, SOURCE.md with licence; a second run downloads nothing',
    async () => {
      const out = mkdtempSync(join(tmpdir(), 'hbw-fetch-'));
      const r = await cli(['fetch-data', 'xquad-r', '--out', out, '--base-url', server.url]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/CC BY-SA 4\.0/);
      expect(r.stderr).toMatch(/11 files, 17863417 bytes, sha256 verified \(checksums from the registry\)/);
      expect(r.stdout).toMatch(/^XQuAD-R: ar, de, el, en, es, hi, ru, th, tr, vi, zh — 13090 queries, 13014 candidates/);
      // Buffer.equals: vitest's toEqual walks a 2 MB buffer element by element (minutes).
      for (const f of findSource('xquad-r').files)
        expect(
          readFileSync(join(out, (f as { name: string }).name)).equals(
            readFileSync(sharedPath('data/xquad-r', (f as { name: string }).name)),
          ),
        ).toBe(true);
      expect(readFileSync(join(out, 'SOURCE.md'), 'utf8')).toMatch(
        /Licence: CC BY-SA 4\.0[\s\S]*\| en\.json \| 628651 \| 7b0954f3/,
      );
      const before = server.requests.length;
      const again = await cli(['fetch-data', 'xquad-r', '--out', out, '--base-url', server.url]);
      expect(again.status, again.stderr).toBe(0);
      expect(server.requests.slice(before).filter((q) => q.method === 'GET')).toEqual([]);
    },
    120_000,
  );

  it('duretrieval: a broken download keeps <file>.part, the next run resumes it (Range, 206), then BM25 evaluates the zh dev set', async () => {
    const out = mkdtempSync(join(tmpdir(), 'hbw-fetch-'));
    const corpusName = fixture.files[0].path.split('/').pop()!;
    server.breakOnce(corpusName, 20_000);
    const first = await cli(['fetch-data', 'duretrieval', '--out', out, '--base-url', server.url]);
    expect(first.status).toBe(1);
    expect(first.stderr).toMatch(new RegExp(`^error: ${corpusName}: byte \\d+: the connection broke.*Fix: try again`, 'm'));
    expect(existsSync(join(out, corpusName + '.part'))).toBe(true);
    server.requests.length = 0;
    const second = await cli(['fetch-data', 'duretrieval', '--out', out, '--base-url', server.url]);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/resuming after \d+ bytes/);
    expect(second.stderr).toMatch(/3 files, \d+ bytes, sha256 verified \(checksums from the Hub listing\); resumed: corpus-/);
    expect(server.requests.some((q) => q.origin === 'storage' && q.status === 206)).toBe(true);
    expect(second.stdout).toMatch(/^DuRetrieval: zh — 12 queries, 2000 candidates \(dev\)/);
    expect(readdirSync(out).sort()).toEqual(
      [...fixture.files.map((f) => f.path.split('/').pop()!), 'SOURCE.md', 'dataset.json'].sort(),
    );

    const res = join(out, 'r.json');
    const ev = await cli(['eval', '--data', out, '--retriever', 'bm25', '--out', res]);
    expect(ev.status, ev.stderr).toBe(0);
    const r = JSON.parse(readFileSync(res, 'utf8'));
    expect(r.settings.monolingual.queries).toBe(12);
    // Each synthetic topic has ~166 passages sharing its words and 2 relevant: far above a random ranking (~0.002).
    expect(r.settings.monolingual.map).toBeGreaterThan(0.02);
    expect(r.settings.crosslingual.queries ?? 0).toBe(0); // one language: no cross-lingual pair exists
  }, 120_000);

  it('an unknown dataset is a usage error naming the known ones', async () => {
    const r = await cli(['fetch-data', 'nope', '--out', '/tmp/x']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown dataset "nope"; known: xquad-r, duretrieval/);
  });
});

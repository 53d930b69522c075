import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBundle } from '../../src/core/bundle/files';
import { readFolderFiles } from '../../src/cli/bundle-io';

const ROOT = resolve(import.meta.dirname, '../..');
const cli = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
const json = (p: string) => JSON.parse(readFileSync(p, 'utf8'));

/** Every number of `a` equals the one at the same place in `b` within tol; same keys. */
function expectClose(a: unknown, b: unknown, tol: number, path = ''): void {
  if (typeof a === 'number') {
    expect(typeof b, path).toBe('number');
    expect(Math.abs(a - (b as number)), path).toBeLessThanOrEqual(tol);
    return;
  }
  if (typeof a !== 'object' || a === null) {
    expect(b, path).toEqual(a);
    return;
  }
  expect(Object.keys(b as object).sort(), path).toEqual(Object.keys(a).sort());
  for (const [k, v] of Object.entries(a)) expectClose(v, (b as Record<string, unknown>)[k], tol, `${path}.${k}`);
}

describe('cli eval --from-run (results from any TREC run)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hbw-fromrun-'));
  const cap = ['--max-queries-per-lang', '6'];

  it("BM25: the CLI's own --run file reproduces eval --retriever bm25 in the setting it covers (multilingual, bias) to 1e-9", () => {
    const r1 = cli([
      'eval',
      '--data',
      'demo',
      '--retriever',
      'bm25',
      ...cap,
      '--run',
      join(dir, 'bm25.trec'),
      '--out',
      join(dir, 'bm25.json'),
    ]);
    expect(r1.status, r1.stderr).toBe(0);
    const r2 = cli(['eval', '--data', 'demo', '--from-run', join(dir, 'bm25.trec'), '--out', join(dir, 'bm25-from.json')]);
    expect(r2.status, r2.stderr).toBe(0);
    const direct = json(join(dir, 'bm25.json')),
      from = json(join(dir, 'bm25-from.json'));
    // The run is the whole-pool ranking; BM25's mono/cross use per-language IDF (another index), so only multi matches.
    expectClose(direct.settings.multilingual, from.settings.multilingual, 1e-9);
    expectClose(direct.languageBias, from.languageBias, 1e-9);
    expect(from.fromRun).toMatchObject({ queries: 54, truncatedQueries: 0, biasQueries: 54 });
  }, 120_000);

  it('dense (shipped:demo-base): mono, cross and multi from the --run file equal results.json to 1e-9', () => {
    const r1 = cli([
      'eval',
      '--data',
      'demo',
      '--retriever',
      'dense',
      '--model',
      'shipped:demo-base',
      '--max-length',
      '48',
      ...cap,
      '--run',
      join(dir, 'dense.trec'),
      '--out',
      join(dir, 'dense.json'),
    ]);
    expect(r1.status, r1.stderr).toBe(0);
    const r2 = cli([
      'eval',
      '--data',
      'demo',
      '--from-run',
      join(dir, 'dense.trec'),
      '--out',
      join(dir, 'dense-from.json'),
      '--bundle',
      join(dir, 'dense-bundle'),
    ]);
    expect(r2.status, r2.stderr).toBe(0);
    const direct = json(join(dir, 'dense.json')),
      from = json(join(dir, 'dense-from.json'));
    // --bundle: the evaluation as a run bundle (opens like any run), with the Inspector's rankings
    const b = readBundle(readFolderFiles(join(dir, 'dense-bundle')), 'dense-bundle');
    expect(b.manifest).toMatchObject({
      status: 'finished',
      origin: { tool: 'trec-import' },
      files: { rankings: 'rankings.json' },
    });
    expect(b.results!.settings).toEqual(from.settings);
    expect(b.rankings!.queries).toHaveLength(54);
    const first = readFileSync(join(dir, 'dense.trec'), 'utf8')
      .split('\n', 10)
      .map((l) => l.split(' '));
    const q0 = b.rankings!.queries.find((q) => q.qid === first[0][0])!;
    expect(q0.top.map((t) => t[0])).toEqual(first.map((l) => l[2]));
    expect(q0.relevant.length).toBe(9); // every translation of the answer, ranked
    for (const s of ['monolingual', 'crosslingual', 'multilingual']) expectClose(direct.settings[s], from.settings[s], 1e-9, s);
    expectClose(direct.languageBias, from.languageBias, 1e-9, 'bias');
    expectClose(direct.crossLingualMap, from.crossLingualMap, 1e-9, 'heatmap');
    // A run truncated to the top 100 still evaluates (trec_eval convention) and says over how many queries bias is.
    const top100 = readFileSync(join(dir, 'dense.trec'), 'utf8')
      .split('\n')
      .filter((l) => l && Number(l.split(' ')[3]) <= 100);
    writeFileSync(join(dir, 'top100.trec'), top100.join('\n') + '\n');
    const r3 = cli(['eval', '--data', 'demo', '--from-run', join(dir, 'top100.trec'), '--out', join(dir, 'top100.json')]);
    expect(r3.status, r3.stderr).toBe(0);
    const t = json(join(dir, 'top100.json'));
    expect(t.fromRun.truncatedQueries).toBe(54);
    expect(t.fromRun.biasQueries).toBeLessThan(54);
    expect(r3.stderr).toMatch(/bias over \d+ of 54 multilingual queries/);
    expect(t.settings.multilingual['recall@10']).toBeCloseTo(direct.settings.multilingual['recall@10'], 12); // the top 10 is intact
    expect(t.settings.multilingual.map).toBeLessThan(direct.settings.multilingual.map);
  }, 240_000);

  it('a run naming unknown ids exits 1 with a message counting them and naming the first few', () => {
    writeFileSync(join(dir, 'bad.trec'), 'en:nope Q0 en/0/0 1 1.0 x\nen:nope2 Q0 zz/9/9 1 1.0 x\n');
    const r = cli(['eval', '--data', 'demo', '--from-run', join(dir, 'bad.trec'), '--out', join(dir, 'bad.json')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /bad\.trec: 2 unknown query id\(s\) \("en:nope", "en:nope2"\) and 1 unknown document id\(s\) \("zz\/9\/9"\)/,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  }, 60_000);
});

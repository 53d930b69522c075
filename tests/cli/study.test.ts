/**
 * `cli study` end to end on a tiny study (2 caps × 2 strategies × 1 seed, 4 steps, a 1-layer 16-wide model,
 * 3 paragraphs × 3 languages of the demo's eval split): the report files exist, hold the tables, and every
 * number in them is the one in the per-run results.json / perquery.json files; a second invocation resumes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EvalResult } from '../../src/core/eval/types';
import type { StudyReportJson } from '../../src/core/experiment/report';

const ROOT = resolve(import.meta.dirname, '../..');
const cli = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
const json = <T>(p: string): T => JSON.parse(readFileSync(p, 'utf8')) as T;
const HAS_CHROMIUM = existsSync('/usr/bin/chromium');

const dir = mkdtempSync(join(tmpdir(), 'hbw-study-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The first three paragraphs of each language of the demo's eval split: 8 queries and 18 candidates each. */
function tinyEval(langs: string[]): string {
  const out = join(dir, 'eval');
  mkdirSync(out, { recursive: true });
  for (const l of langs) {
    const doc = json<{ version: string; data: Array<{ paragraphs: unknown[] }> }>(join(ROOT, 'public/demo/eval', `${l}.json`));
    writeFileSync(
      join(out, `${l}.json`),
      JSON.stringify({ version: doc.version, data: [{ ...doc.data[0], paragraphs: doc.data[0].paragraphs.slice(0, 3) }] }),
    );
  }
  return out;
}

const RUNS = ['cap-0_monolingual_seed-7', 'cap-0_hybrid_seed-7', 'cap-full_monolingual_seed-7', 'cap-full_hybrid_seed-7'];
const config = join(dir, 'study.json');
writeFileSync(
  config,
  JSON.stringify({
    name: 'tiny-study',
    base: {
      steps: 4,
      batchSize: 4,
      warmupSteps: 1,
      evalEvery: 0,
      maxLength: 12,
      langs: ['de', 'en', 'sw'],
      eval: { source: 'path', path: tinyEval(['de', 'en', 'sw']), split: 'eval' },
      model: { init: 'scratch', vocabSize: 500, hidden: 16, layers: 1, heads: 2, intermediate: 32 },
    },
    lowResourceLangs: ['sw'],
    caps: [0, 'full'],
    strategies: [
      { name: 'monolingual', alpha: 1 },
      { name: 'hybrid', alpha: 0.5 },
    ],
    seeds: [7],
  }),
);
const out = join(dir, 'out');
const results = (id: string) => json<EvalResult>(join(out, 'runs', id, 'results.json'));
const perQuery = (id: string) => json<EvalResult>(join(out, 'runs', id, 'perquery.json'));
const close = (a: number | undefined, b: number | undefined, tol = 1e-9) => {
  expect(typeof a).toBe('number');
  expect(Math.abs(a! - b!)).toBeLessThanOrEqual(tol);
};

describe('cli study (tiny config)', () => {
  let report: StudyReportJson;
  let markdown: string;

  it('trains every (cap, strategy, seed) and writes report.md, report.json and the curve (SVG, PNG)', () => {
    const r = cli(['study', '--config', config, '--out', out, '--backend', 'wasm', ...(HAS_CHROMIUM ? ['--png'] : [])]);
    expect(r.status, r.stderr).toBe(0);
    for (const f of ['study.json', 'report.md', 'report.json', 'lowres-curve.svg'])
      expect(existsSync(join(out, f)), f).toBe(true);
    for (const id of RUNS)
      for (const f of ['experiment.json', 'events.jsonl', 'results.json', 'perquery.json', 'checkpoint/model.safetensors'])
        expect(existsSync(join(out, 'runs', id, f)), `${id}/${f}`).toBe(true);
    if (HAS_CHROMIUM) expect(readFileSync(join(out, 'lowres-curve.png')).subarray(1, 4).toString()).toBe('PNG');
    report = json<StudyReportJson>(join(out, 'report.json'));
    markdown = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report.runs.map((x) => x.id)).toEqual(RUNS);
    // Each run's experiment.json is the base with the cap on sw, α and seed set.
    expect(json<{ caps: unknown; alpha: number; seed: number }>(join(out, 'runs', RUNS[1], 'experiment.json'))).toMatchObject({
      caps: { sw: 0 },
      alpha: 0.5,
      seed: 7,
    });
    expect(json<{ caps: unknown }>(join(out, 'runs', RUNS[3], 'experiment.json')).caps).toEqual({});
  }, 90_000);

  it("the Markdown holds Table 1, Table 2, the paper's numbers (labelled), the curve and the significance tests", () => {
    for (const h of [
      '## Table 1 — mAP by setting (cap full)',
      '## Table 2 — language bias (cap full)',
      "## Published in the paper (XLM-R, XQuAD-R) — the paper's numbers, not measured here",
      '## Low-resource curve',
      '### sw',
      '## Significance: hybrid vs monolingual',
      '## Runs',
      '## Reproducibility',
    ])
      expect(markdown).toContain(h);
    expect(markdown).toContain('Synthetic demo data');
    const svg = readFileSync(join(out, 'lowres-curve.svg'), 'utf8');
    expect(svg).toMatch(/^<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('sw: multilingual mAP');
    expect((svg.match(/<circle /g) ?? []).length).toBe(2 * 2 * 2); // 2 panels × 2 strategies × 2 caps
  });

  it('Table 1/2, the runs, the low-resource curve and the Markdown rows are the per-run results', () => {
    for (const [i, row] of report.table1.entries()) {
      const r = results(`cap-full_${row.strategy}_seed-7`);
      close(row.monolingual?.mean, r.settings.monolingual!.map, 1e-4);
      close(row.crosslingual?.mean, r.settings.crosslingual!.map, 1e-4);
      close(row.multilingual?.mean, r.settings.multilingual!.map, 1e-4);
      expect(row.multilingual?.n).toBe(1);
      close(report.table2[i].meanMaxRankDistance?.mean, r.languageBias!.meanMaxRankDistance, 1e-2);
      const md = `| ${row.strategy} | ${row.alpha} | ${row.monolingual!.mean.toFixed(3)} | ${row.crosslingual!.mean.toFixed(3)} | ${row.multilingual!.mean.toFixed(3)} |`;
      expect(markdown).toContain(md);
    }
    for (const run of report.runs) {
      const r = results(run.id);
      close(run.multilingual, r.settings.multilingual!.map, 1e-4); // re-evaluated checkpoint = the run's final evaluation
      close(run.bias, r.languageBias!.meanMaxRankDistance, 1e-2);
    }
    for (const point of report.lowResourceCurve.sw) {
      for (const s of ['monolingual', 'hybrid']) {
        const r = results(`cap-${point.cap}_${s}_seed-7`);
        close(point.byStrategy[s].multilingualMap?.mean, r.settings.multilingual!.byQueryLang.sw.map, 1e-4);
        close(point.byStrategy[s].monolingualMap?.mean, r.settings.monolingual!.byQueryLang.sw.map, 1e-4);
      }
    }
  });

  it('the significance tests run on the per-query AP of perquery.json (24 queries; 8 in sw)', () => {
    const rows = report.significance.rows;
    expect(rows.map((r) => `${r.scope}/${r.setting}/${r.cap}`)).toEqual([
      'all queries/monolingual/full',
      'all queries/crosslingual/full',
      'all queries/multilingual/full',
      'sw queries/multilingual/0',
      'sw queries/multilingual/full',
    ]);
    const hyb = perQuery('cap-full_hybrid_seed-7').perQuery!.multilingual!,
      mono = perQuery('cap-full_monolingual_seed-7').perQuery!.multilingual!;
    const multi = rows[2];
    expect(multi.queries).toBe(24);
    const mean = (m: Record<string, number>, keep: (k: string) => boolean) => {
      const v = Object.entries(m)
        .filter(([k]) => keep(k))
        .map(([, x]) => x);
      return v.reduce((a, b) => a + b, 0) / v.length;
    };
    close(
      multi.treatmentMean,
      mean(hyb, () => true),
    );
    close(
      multi.baselineMean,
      mean(mono, () => true),
    );
    close(multi.effect.meanDiff, multi.treatmentMean - multi.baselineMean, 1e-12);
    // Per-query AP averages back to the run's per-language mAP.
    close(
      mean(hyb, (k) => k.startsWith('sw:')),
      results('cap-full_hybrid_seed-7').settings.multilingual!.byQueryLang.sw.map,
      1e-4,
    );
    expect(rows[4].queries).toBe(8);
    for (const r of rows) {
      expect(r.randomization.pValue).toBeGreaterThan(0);
      expect(r.randomization.pValue).toBeLessThanOrEqual(1);
      expect(r.holmP).toBeGreaterThanOrEqual(r.randomization.pValue);
      expect(r.bootstrap.lo).toBeLessThanOrEqual(r.bootstrap.hi);
    }
  });

  it('a second invocation resumes: finished runs are skipped, a missing one is trained again, same numbers', () => {
    rmSync(join(out, 'runs', RUNS[3], 'results.json'));
    const r = cli(['study', '--config', config, '--out', out, '--backend', 'wasm']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr.match(/results\.json exists, skipped/g)?.length).toBe(3);
    expect(r.stderr).toContain(`[4/4] ${RUNS[3]} (α=0.5`);
    const again = json<StudyReportJson>(join(out, 'report.json'));
    expect(again.resumedRuns).toBe(3);
    expect(again.table1).toEqual(report.table1);
    expect(again.lowResourceCurve).toEqual(report.lowResourceCurve);
    expect(again.significance.rows).toEqual(report.significance.rows);
  }, 60_000);

  it('an invalid study config names the field and the fix (exit 1)', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ lowResourceLangs: ['sw'], caps: [0, -5] }));
    const r = cli(['study', '--config', bad, '--out', join(dir, 'bad-out')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/"caps".*whole numbers ≥ 0 or "full".*Fix: write e\.g\. \[0, 50, "full"\]/s);
  });
});

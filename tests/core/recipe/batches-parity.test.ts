/**
 * The recipe's hybrid_sampler.py against the workbench's sampler: byte-identical batches.jsonl for ≥ 10,000
 * batches per config, α ∈ {0, 0.5, 1}, caps (one below the batch size: short mono batches), held-out and
 * chosen languages, world sizes 1, 2, 4.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { rankBatchLines, samplerForConfig, perRankSize } from '../../../src/core/recipe/batches';
import { DEMO_DIR, loadDataset } from '../../../src/cli/data-io';
import { pythonTest, runPython } from '../../helpers/python';
import { demoRecipe } from './fixture';

const train = await loadDataset(DEMO_DIR, { split: 'train' });
const pyIt = pythonTest([]);

const CASES: Array<{ name: string; raw: Record<string, unknown>; world: number; batches: number }> = [
  { name: 'α 0.5, every language', raw: { alpha: 0.5, seed: 42 }, world: 1, batches: 10_000 },
  { name: 'α 0 (cross only), caps', raw: { alpha: 0, seed: 7, caps: { sw: 12, ar: 40 } }, world: 2, batches: 10_000 },
  {
    name: 'α 1 (mono only), held-out ru, cap below the batch (short batches)',
    raw: { alpha: 1, seed: 3, heldOutLangs: ['ru'], caps: { sw: 20 } },
    world: 4,
    batches: 10_000,
  },
  {
    name: 'α 0.5, chosen languages, held-out, caps, batch 16',
    raw: {
      alpha: 0.5,
      seed: 11,
      batchSize: 16,
      langs: ['en', 'de', 'zh', 'sw', 'ar'],
      heldOutLangs: ['ar'],
      caps: { sw: 30, zh: 100 },
    },
    world: 4,
    batches: 10_000,
  },
  { name: 'α 0.5, W 2 on the default config', raw: { alpha: 0.5 }, world: 2, batches: 2_000 },
  { name: 'α 0, W 4', raw: { alpha: 0, seed: 5 }, world: 4, batches: 2_000 },
  { name: 'α 1, W 1, caps', raw: { alpha: 1, seed: 9, caps: { de: 25 } }, world: 1, batches: 2_000 },
];

describe("batches: workbench sampler vs the recipe's hybrid_sampler.py", () => {
  for (const c of CASES) {
    pyIt(
      `${c.name}, world size ${c.world}: ${c.batches} batches byte-identical`,
      () => {
        const { dir, config } = demoRecipe(c.raw);
        const steps = c.batches / c.world;
        const ts = [...rankBatchLines(samplerForConfig(config, train), steps, c.world)].map((l) => l + '\n').join('');
        const out = join(dir, 'batches.jsonl');
        runPython([join(dir, 'hybrid_sampler.py'), '--steps', String(steps), '--world-size', String(c.world), '--out', out]);
        const py = readFileSync(out, 'utf8');
        expect(ts.split('\n').length - 1).toBe(c.batches);
        if (py !== ts) {
          const a = py.split('\n'),
            b = ts.split('\n');
          const i = a.findIndex((l, k) => l !== b[k]);
          expect(`line ${i + 1}: ${a[i]}`).toBe(`line ${i + 1}: ${b[i]}`);
        }
        // The W chunks of a step share kind and language.
        const lines = ts
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as { step: number; kind: string; lang: string | null; size: number });
        for (let s = 0; s < lines.length; s += c.world) {
          for (let r = 1; r < c.world; r++)
            expect([lines[s + r].step, lines[s + r].kind, lines[s + r].lang]).toEqual([
              lines[s].step,
              lines[s].kind,
              lines[s].lang,
            ]);
        }
      },
      300_000,
    );
  }

  pyIt('a world size that does not divide the batch is refused by both', () => {
    const { dir, config } = demoRecipe({ batchSize: 32 });
    expect(() => perRankSize(config.batchSize, 3)).toThrow(/batchSize 32 cannot be split over 3 processes/);
    const r = (() => {
      try {
        runPython([join(dir, 'hybrid_sampler.py'), '--steps', '2', '--world-size', '3', '--out', join(dir, 'x.jsonl')]);
        return '';
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(r).toMatch(/batchSize 32 cannot be split over 3 processes/);
  });
});

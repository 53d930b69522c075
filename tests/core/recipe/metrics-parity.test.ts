/**
 * evaluate.py's metric code (recipe-templates/retrieval_metrics.py, numpy) against the workbench's evaluate()
 * on the same stored embeddings of the demo evaluation split (1,602 queries, 3,114 candidates, 9 languages):
 * every number of results.json — all settings, per language and pair, language bias, same-language top 10,
 * the cross-lingual mAP matrix, counts — within 1e-6, and the same multilingual rankings.
 * Case 1: coarse embeddings (multiples of 1/4, exact float32 dot products) so thousands of scores tie and the
 * FNV-1a tie-break decides (full rankings compared); case 2: unit-length continuous embeddings (top 100 compared:
 * tfjs and numpy may round a float32 dot product differently by one ulp, which swaps two near-equal items deep in
 * a 3,114-item ranking — a property of the two matrix products, not of the metric code).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect } from 'vitest';
import { DenseRetriever } from '../../../src/core/eval/dense';
import { evaluate } from '../../../src/core/eval/evaluate';
import { Prng } from '../../../src/core/sampling/prng';
import { DEMO_DIR, loadDataset } from '../../../src/cli/data-io';
import { pythonTest, runPython } from '../../helpers/python';
import { demoRecipe } from './fixture';

const DIM = 8;
const RANKED_QUERIES = 40;
const data = await loadDataset(DEMO_DIR, { split: 'eval' });
const pyIt = pythonTest(['numpy']);

beforeAll(async () => {
  expect(await tf.setBackend('wasm')).toBe(true);
});

function embeddings(n: number, rng: Prng, coarse: boolean): Float32Array {
  const out = new Float32Array(n * DIM);
  for (let i = 0; i < n; i++) {
    let norm = 0;
    for (let k = 0; k < DIM; k++) {
      const v = coarse ? (rng.int(9) - 4) / 4 : rng.next() * 2 - 1;
      out[i * DIM + k] = v;
      norm += v * v;
    }
    if (!coarse) for (let k = 0; k < DIM; k++) out[i * DIM + k] /= Math.sqrt(norm);
  }
  return out;
}

/** Every leaf of `want` present in `got`: numbers within tol, the rest equal; and no extra keys in `got`. */
function compare(got: unknown, want: unknown, path: string, tol: number, diffs: string[]): void {
  if (typeof want === 'number') {
    if (typeof got !== 'number' || !(Math.abs(got - want) <= tol)) diffs.push(`${path}: ${String(got)} vs ${want}`);
  } else if (want && typeof want === 'object') {
    if (!got || typeof got !== 'object') {
      diffs.push(`${path}: missing`);
      return;
    }
    const wk = Object.keys(want).sort(),
      gk = Object.keys(got).sort();
    if (wk.join() !== gk.join()) diffs.push(`${path}: keys ${gk.join(',')} vs ${wk.join(',')}`);
    for (const k of wk)
      compare((got as Record<string, unknown>)[k], (want as Record<string, unknown>)[k], `${path}.${k}`, tol, diffs);
  } else if (got !== want) diffs.push(`${path}: ${JSON.stringify(got)} vs ${JSON.stringify(want)}`);
}

const PY = `
import json, sys
import numpy as np
d = sys.argv[1]
sys.path.insert(0, d)
import retrieval_metrics as m
data = json.load(open(d + "/data/eval.json", encoding="utf-8"))
q = np.fromfile(d + "/q.f32", dtype="<f4").reshape(-1, ${DIM})
c = np.fromfile(d + "/c.f32", dtype="<f4").reshape(-1, ${DIM})
rankings = {}
def keep(qi, ranked, scores):
    if qi < ${RANKED_QUERIES}:
        rankings[qi] = [int(x) for x in ranked]
res = m.evaluate(data, q, c, on_ranking=keep)
print(json.dumps({"result": res, "rankings": rankings}))
`;

describe('retrieval_metrics.py = the workbench evaluation', () => {
  for (const coarse of [true, false]) {
    pyIt(
      `${coarse ? 'coarse embeddings, many ties (FNV-1a order)' : 'continuous unit embeddings'}: results.json within 1e-6, same rankings`,
      async () => {
        const { dir } = demoRecipe({});
        const rng = new Prng(coarse ? 'coarse' : 'smooth');
        const qEmb = embeddings(data.queries.length, rng, coarse),
          cEmb = embeddings(data.candidates.length, rng, coarse);
        writeFileSync(join(dir, 'q.f32'), Buffer.from(qEmb.buffer));
        writeFileSync(join(dir, 'c.f32'), Buffer.from(cEmb.buffer));
        const rankings = new Map<number, number[]>();
        const retriever = new DenseRetriever(qEmb, cEmb, DIM);
        const want = await evaluate(data, retriever, {
          onRanking: (qi, ranked) => {
            if (qi < RANKED_QUERIES) rankings.set(qi, Array.from(ranked));
          },
        });
        retriever.dispose();
        const py = JSON.parse(runPython(['-c', PY, dir]).stdout) as {
          result: Record<string, unknown>;
          rankings: Record<string, number[]>;
        };
        const { timing: _t, ...wantRest } = want as unknown as Record<string, unknown>;
        const { timing: _p, ...gotRest } = py.result;
        const diffs: string[] = [];
        compare(gotRest, wantRest, 'results', 1e-6, diffs);
        expect(diffs.slice(0, 10)).toEqual([]);
        expect(want.languageBias!.meanMaxRankDistance).toBeGreaterThan(0);
        const depth = coarse ? data.candidates.length : 100;
        for (const [qi, order] of rankings)
          expect(py.rankings[String(qi)].slice(0, depth), `ranking of query ${qi}`).toEqual(order.slice(0, depth));
      },
      300_000,
    );
  }
});

import type { Pool, Retriever } from '../../../src/core/eval/types';
import type { Dataset } from '../../../src/core/data/types';

/**
 * Two languages, two questions. Candidates (dataset order = tie order):
 *   0 de/0/0 (answers q1)  1 de/0/1 (answers q2)  2 en/0/0 (answers q1)  3 en/0/1 (answers q2)
 */
export const dataset: Dataset = {
  name: 'toy',
  langs: ['de', 'en'],
  queries: [
    { xlingId: 'q1', lang: 'de', text: 'q1 de' },
    { xlingId: 'q2', lang: 'de', text: 'q2 de' },
    { xlingId: 'q1', lang: 'en', text: 'q1 en' },
    { xlingId: 'q2', lang: 'en', text: 'q2 en' },
  ],
  candidates: ['de/0/0', 'de/0/1', 'en/0/0', 'en/0/1'].map((uid) => ({ uid, lang: uid.slice(0, 2), text: uid, context: uid })),
  relevant: new Map([
    ['q1', new Set(['de/0/0', 'en/0/0'])],
    ['q2', new Set(['de/0/1', 'en/0/1'])],
  ]),
};

/** Fixed score table [query × candidate]; pools just select columns (dense-retriever behaviour). */
export const table = [
  [0.9, 0.1, 0.2, 0.8], // q1 de: own-language answer first, en answer (c2) below the wrong en c3
  [0.5, 0.5, 0.5, 0.5], // q2 de: all tied → order by dataset position
  [0.3, 0.0, 0.9, 0.1], // q1 en
  [0.0, 0.7, 0.1, 0.6], // q2 en
];
export const fixed: Retriever = {
  name: 'fixed',
  async prepare() {},
  async score(qs: Int32Array, pool: Pool) {
    const out = new Float32Array(qs.length * pool.candidateIdx.length);
    qs.forEach((q, r) => pool.candidateIdx.forEach((c, j) => (out[r * pool.candidateIdx.length + j] = table[q][c])));
    return out;
  },
};

import type { Candidate, Dataset, Query } from '../../../src/core/data/types';

/**
 * Synthetic parallel QA data: every question exists in every language; per language, paragraph k holds the
 * answer sentences of questions 3k..3k+2 plus one distractor sentence relevant to nothing.
 */
export function parallelDataset(langs: string[], nIds: number): Dataset {
  const queries: Query[] = [];
  const candidates: Candidate[] = [];
  const relevant = new Map<string, Set<string>>();
  for (const lang of langs) {
    for (let i = 0; i < nIds; i++) queries.push({ xlingId: `q${i}`, lang, text: `${lang} question ${i}` });
    for (let k = 0; k * 3 < nIds; k++) {
      const ids = [3 * k, 3 * k + 1, 3 * k + 2].filter((i) => i < nIds);
      const context = `${lang} paragraph ${k}`;
      ids.forEach((i, s) => {
        const uid = `${lang}/${k}/${s}`;
        candidates.push({ uid, lang, text: `${lang} answer ${i}`, context });
        if (!relevant.has(`q${i}`)) relevant.set(`q${i}`, new Set());
        relevant.get(`q${i}`)!.add(uid);
      });
      candidates.push({ uid: `${lang}/${k}/${ids.length}`, lang, text: `${lang} filler ${k}`, context });
    }
  }
  return { name: 'synthetic', langs: [...langs].sort(), queries, candidates, relevant };
}

/** Pearson chi-square statistic of observed counts against a uniform expectation. */
export function chiSquareUniform(counts: number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const e = total / counts.length;
  return counts.reduce((s, c) => s + (c - e) ** 2 / e, 0);
}

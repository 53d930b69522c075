import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/core/eval/evaluate';
import { evaluateRunText, RunFileError } from '../../../src/core/eval/from-run';
import { dataset, fixed } from './toy';

/** The toy's multilingual rankings as a TREC run, written the way `cli eval --run` writes them. */
async function toyRun(): Promise<string> {
  const lines: string[] = [];
  await evaluate(dataset, fixed, {
    settings: ['multilingual'],
    onRanking: (qi, ranked, scores) => {
      const q = dataset.queries[qi];
      ranked.forEach((ci, r) => lines.push(`${q.lang}:${q.xlingId} Q0 ${dataset.candidates[ci].uid} ${r + 1} ${scores[r]} toy`));
    },
  });
  return lines.join('\n') + '\n';
}

describe('evaluateRunText (TREC run → workbench protocol)', () => {
  it('reproduces evaluate() in every setting for pool-independent scores (ties kept in the file order)', async () => {
    const direct = await evaluate(dataset, fixed);
    const fromRun = evaluateRunText(dataset, await toyRun(), 'toy.trec');
    for (const s of ['monolingual', 'crosslingual', 'multilingual'] as const)
      expect(fromRun.settings[s]).toEqual(direct.settings[s]);
    expect(fromRun.languageBias).toEqual(direct.languageBias);
    expect(fromRun.crossLingualMap).toEqual(direct.crossLingualMap);
    expect(fromRun.fromRun).toMatchObject({
      queries: 4,
      truncatedQueries: 0,
      biasQueries: 4,
      multilingualQueries: 4,
      tag: 'toy',
    });
  });

  it('truncated runs: unranked relevant items are not found; bias only over fully ranked queries', async () => {
    // Full rankings (ties by uid hash): q1 de [de/0/0 en/0/1 en/0/0 de/0/1], q2 de [de/0/0 de/0/1 en/0/0 en/0/1],
    // q1 en [en/0/0 de/0/0 en/0/1 de/0/1], q2 en [de/0/1 en/0/1 en/0/0 de/0/0]. Keep the top 2 of each.
    const cut = (await toyRun())
      .trim()
      .split('\n')
      .filter((l) => Number(l.split(' ')[3]) <= 2)
      .join('\n');
    const r = evaluateRunText(dataset, cut, 'cut.trec');
    // multi: q1 de ranks (1, not found) → AP 1/2; q2 de (2, not found) → 1/4; both en queries (1, 2) → 1
    expect(r.settings.multilingual!.byQueryLang.de.map).toBeCloseTo(0.375, 12);
    expect(r.settings.multilingual!.byQueryLang.en.map).toBeCloseTo(1, 12);
    expect(r.settings.multilingual!.byQueryLang.de['recall@10']).toBeCloseTo(0.5, 12);
    // mono de: q1 [de/0/0] → 1; q2 [de/0/0 de/0/1] → 1/2. cross de>en: both answers cut off → 0
    expect(r.settings.monolingual!.byQueryLang.de.map).toBeCloseTo(0.75, 12);
    expect(r.settings.crosslingual!.byPair!['de>en'].map).toBe(0);
    // bias: only the two en queries have both answers ranked (max − min = 1 each); de has none
    expect(r.languageBias!.byQueryLang).toEqual({ en: 1 });
    expect(r.fromRun).toMatchObject({ biasQueries: 2, multilingualQueries: 4 });
    expect(r.fromRun.truncatedQueries).toBe(4);
  });

  it('unknown query and document ids: an error that counts them and names the first few', () => {
    const text = 'xx:q1 Q0 de/0/0 1 1 t\nde:q9 Q0 nope/1 1 1 t\nde:q1 Q0 nope/2 2 0.5 t\n';
    expect(() => evaluateRunText(dataset, text, 'bad.trec')).toThrow(RunFileError);
    expect(() => evaluateRunText(dataset, text, 'bad.trec')).toThrow(
      /bad\.trec: 2 unknown query id\(s\) \("xx:q1", "de:q9"\) and 2 unknown document id\(s\) \("nope\/1", "nope\/2"\)/,
    );
    expect(() => evaluateRunText(dataset, 'de:q1 Q0 de/0/0 1\n', 'short.trec')).toThrow(/short\.trec line 1: 4 fields/);
  });
});

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importDetected, planImport } from '../../../src/core/data/detect';
import type { InputFile } from '../../../src/core/data/types';
import { makeDuRetrievalFixture } from '../../helpers/duretrieval-fixture';

const FIX = resolve(import.meta.dirname, '../../fixtures');

/** The files of a fixture folder as the browser's folder picker names them (`<folder>/<relative path>`). */
function folder(name: string): InputFile[] {
  const out: InputFile[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d).sort()) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out.push({ name: `${name}/${relative(join(FIX, name), p)}`, bytes: new Uint8Array(readFileSync(p)) });
    }
  };
  walk(join(FIX, name));
  return out;
}

const duret = () => makeDuRetrievalFixture(60).files.map((f) => ({ name: f.path, bytes: f.bytes }));

describe('format detection on a list of files', () => {
  it.each([
    ['lareqa', 'lareqa', ['de', 'en'], 6, 6],
    ['beir', 'beir', ['de', 'en'], 3, 4],
    ['jsonl', 'jsonl', ['en', 'fr'], 4, 5],
    ['miracl', 'miracl', ['sw'], 6, 12],
    ['dureader', 'dureader', ['zh'], 6, 12],
    ['dureader-json', 'dureader', ['zh'], 6, 12],
  ])('%s sample folder → %s', async (dir, format, langs, queries, candidates) => {
    const { plan, dataset } = await importDetected(folder(dir));
    expect(plan.format).toBe(format);
    expect(dataset.name).toBe(dir === 'jsonl' ? 'pairs' : dir); // one file: its base name; several: their folder
    expect(dataset.langs).toEqual(langs);
    expect(dataset.queries).toHaveLength(queries);
    expect(dataset.candidates).toHaveLength(candidates);
  });

  it('C-MTEB parquet (corpus, queries, dev qrels) with the language given; 0-score rows are not relevant', async () => {
    const { plan, dataset } = await importDetected(duret(), { lang: 'zh', name: 'DuRetrieval' });
    expect(plan.format).toBe('parquet');
    expect(Object.keys(plan.roles)).toEqual(['corpus', 'queries', 'qrels']);
    expect(dataset).toMatchObject({ name: 'DuRetrieval', langs: ['zh'], split: 'dev' });
    expect(dataset.candidates).toHaveLength(60);
    expect(dataset.queries).toHaveLength(12);
    for (const q of dataset.queries) expect(dataset.relevant.get(q.xlingId)!.size).toBe(2);
    expect(dataset.candidates[0].text).toMatch(/^太阳花怎么养？/);
  });

  it('parquet without a language: one line naming the field and the fix', async () => {
    await expect(importDetected(duret())).rejects.toThrow(
      /corpus-00000-of-00001-[0-9a-f]+\.parquet: lang: the parquet files carry no language column.*Fix: pass the dataset language/,
    );
  });

  it('parquet errors name file, row and field', async () => {
    const files = duret();
    const qrels = files.find((f) => f.name.includes('/dev-'))!;
    const corpus = files.find((f) => f.name.includes('corpus'))!;
    await expect(importDetected([corpus, files[1]], { lang: 'zh' })).rejects.toThrow(/parquet files need three roles/);
    await expect(
      importDetected([{ ...corpus, bytes: corpus.bytes.subarray(0, 200) }, files[1], qrels], { lang: 'zh' }),
    ).rejects.toThrow(/corpus-.*\.parquet: not a readable parquet file.*Fix: download the file again/);
    await expect(
      importDetected([corpus, files[1], { name: 'data/qrels-x.parquet', bytes: corpus.bytes }], { lang: 'zh' }),
    ).rejects.toThrow(/data\/qrels-x\.parquet: schema: qid: missing column "qid" \(columns: id, text\)/);
  });

  it('ignores files that play no role and says so; refuses an unknown layout', () => {
    const p = planImport(['x/en.json', 'x/de.json', 'x/SOURCE.md', 'x/LICENSE.txt']);
    expect(p).toMatchObject({ format: 'lareqa', files: ['x/de.json', 'x/en.json'], ignored: ['x/SOURCE.md', 'x/LICENSE.txt'] });
    expect(() => planImport(['a/notes.txt', 'a/b.csv'])).toThrow(
      /2 files \(notes\.txt, b\.csv\): no known dataset layout\. Fix: give LAReQA/,
    );
    expect(() => planImport([])).toThrow(/no file was given/);
    // BEIR picks qrels/test.tsv over the other splits.
    expect(planImport(['b/corpus.jsonl', 'b/queries.jsonl', 'b/qrels/dev.tsv', 'b/qrels/test.tsv']).roles.qrels).toEqual([
      'b/qrels/test.tsv',
    ]);
  });
});

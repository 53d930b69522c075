import { describe, expect, it } from 'vitest';
import { importLareqa, langFromFileName } from '../../../src/core/data/lareqa';
import { DataImportError } from '../../../src/core/data/errors';
import { HAS_SHARED, enc, lareqaFiles } from '../../helpers/shared';

function relevantCounts(d: ReturnType<typeof importLareqa>): Map<number, number> {
  const hist = new Map<number, number>();
  for (const q of d.queries) {
    const n = d.relevant.get(q.xlingId)!.size;
    hist.set(n, (hist.get(n) ?? 0) + 1);
  }
  return hist;
}

describe.skipIf(!HAS_SHARED)('LAReQA importer on ../shared/data', () => {
  it('XQuAD-R: 13,090 queries, 13,014 candidates, exactly 11 relevant per query', () => {
    const d = importLareqa(lareqaFiles('xquad-r'), { name: 'xquad-r' });
    expect(d.langs).toEqual(['ar', 'de', 'el', 'en', 'es', 'hi', 'ru', 'th', 'tr', 'vi', 'zh']);
    expect(d.queries.length).toBe(13090);
    expect(d.candidates.length).toBe(13014);
    expect([...relevantCounts(d)]).toEqual([[11, 13090]]);
    // Every relevant set holds one sentence per language.
    for (const uids of d.relevant.values()) expect(new Set([...uids].map((u) => u.split('/')[0])).size).toBe(11);
    expect(d.candidates[0].uid).toBe('ar/0/0');
  });

  it('MLQA-R: 4,199 queries, 20,534 candidates, 2–4 relevant (130 / 789 / 3,280)', () => {
    const d = importLareqa(lareqaFiles('mlqa-r'), { name: 'mlqa-r' });
    expect(d.queries.length).toBe(4199);
    expect(d.candidates.length).toBe(20534);
    const hist = relevantCounts(d);
    expect(hist.get(2)).toBe(130);
    expect(hist.get(3)).toBe(789);
    expect(hist.get(4)).toBe(3280);
    expect(hist.size).toBe(3);
  });

  it('uids follow <lang>/<paragraph>/<sentence> with paragraphs numbered across articles', () => {
    const d = importLareqa(lareqaFiles('xquad-r').filter((f) => f.name.endsWith('/en.json')));
    const en = d.candidates;
    const paragraphs = new Set(en.map((c) => c.uid.split('/')[1]));
    expect(paragraphs.size).toBe(240); // XQuAD: 48 articles, 240 paragraphs
    const c = en.find((x) => x.uid === 'en/0/1')!;
    expect(c.context.includes(c.text)).toBe(true);
  });
});

const good = {
  version: '1.1',
  data: [
    {
      title: 'T',
      paragraphs: [
        {
          context: 'Alpha is first. Beta is second.',
          sentences: ['Alpha is first.', 'Beta is second.'],
          sentence_breaks: [
            [0, 15],
            [16, 31],
          ],
          qas: [{ id: 'q1', question: 'What is second?', answers: [{ answer_start: 16, text: 'Beta' }] }],
        },
      ],
    },
  ],
};
const file = (name: string, obj: unknown) => ({ name, bytes: enc(typeof obj === 'string' ? obj : JSON.stringify(obj)) });
function mutate(f: (d: any) => void) {
  const d = structuredClone(good);
  f(d);
  return d;
}

function expectImportError(files: Array<{ name: string; bytes: Uint8Array }>, ...parts: Array<string | RegExp>) {
  let err: unknown;
  try {
    importLareqa(files);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(DataImportError);
  const msg = (err as Error).message;
  for (const p of parts) expect(msg).toMatch(p);
  expect(msg).toMatch(/Fix: /);
  expect(msg).not.toMatch(/\n\s+at /); // no stack trace in the message
}

describe('LAReQA importer on small inputs', () => {
  it('imports a valid file and links translations by id', () => {
    const de = mutate((d) => {
      d.data[0].paragraphs[0].qas[0].question = 'Was ist zweitens?';
    });
    const d = importLareqa([file('en.json', good), file('de.json', de)]);
    expect(d.langs).toEqual(['de', 'en']);
    expect(d.queries.map((q) => q.xlingId)).toEqual(['q1', 'q1']);
    expect([...d.relevant.get('q1')!]).toEqual(['de/0/1', 'en/0/1']);
    expect(d.candidates.find((c) => c.uid === 'en/0/1')!.context).toBe(good.data[0].paragraphs[0].context);
  });

  it('takes the language from names like xquad.de.json', () => {
    expect(langFromFileName('/x/y/xquad.de.json')).toBe('de');
    expect(langFromFileName('zh.json')).toBe('zh');
  });

  it('truncated JSON names the file and the position', () => {
    expectImportError([file('en.json', JSON.stringify(good).slice(0, 60))], 'en.json', /invalid JSON/, /truncated/);
  });
  it('empty file', () => expectImportError([{ name: 'en.json', bytes: new Uint8Array() }], 'en.json', /empty/));
  it('not UTF-8', () =>
    expectImportError(
      [{ name: 'en.json', bytes: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]) }],
      'en.json',
      /not valid UTF-8/,
      /byte 2/,
    ));
  it('missing field', () =>
    expectImportError(
      [
        file(
          'en.json',
          mutate((d) => delete d.data[0].paragraphs[0].qas[0].question),
        ),
      ],
      'en.json',
      'data[0].paragraphs[0].qas[0]',
      'question',
      /missing field/,
    ));
  it('wrong type', () =>
    expectImportError(
      [
        file(
          'en.json',
          mutate((d) => (d.data[0].paragraphs[0].sentences = 'x')),
        ),
      ],
      'sentences',
      /expected a list/,
    ));
  it('a break outside its context', () =>
    expectImportError(
      [
        file(
          'en.json',
          mutate((d) => (d.data[0].paragraphs[0].sentence_breaks[1] = [16, 99])),
        ),
      ],
      'data[0].paragraphs[0]',
      'sentence_breaks[1]',
      /outside its context/,
    ));
  it('an answer that maps to no sentence', () =>
    expectImportError(
      [
        file(
          'en.json',
          mutate((d) => (d.data[0].paragraphs[0].qas[0].answers[0].answer_start = 15)),
        ),
      ],
      'qas[0].answers[0]',
      'answer_start',
      /maps to no sentence/,
    ));
  it('duplicate question ids', () =>
    expectImportError(
      [
        file(
          'en.json',
          mutate((d) => d.data[0].paragraphs[0].qas.push(structuredClone(d.data[0].paragraphs[0].qas[0]))),
        ),
      ],
      'qas[1]',
      /duplicate question id "q1"/,
    ));
  it('unknown language code in the file name', () =>
    expectImportError([file('eng.json', good)], 'eng.json', /unknown language code "eng"/, /"en"/));
  it('the same language twice', () => expectImportError([file('a/en.json', good), file('b/en.json', good)], /also given by/));
  it('sentence/break count mismatch', () =>
    expectImportError(
      [
        file(
          'en.json',
          mutate((d) => d.data[0].paragraphs[0].sentence_breaks.pop()),
        ),
      ],
      /1 breaks for 2 sentences/,
    ));
  it('nothing half-imported: a bad second file fails the whole import', () => {
    expect(() => importLareqa([file('en.json', good), file('de.json', '{"data": [')])).toThrow(DataImportError);
  });
});

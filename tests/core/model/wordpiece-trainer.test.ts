/** WordPiece training: deterministic files that our tokenizer and transformers.js both load identically. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AutoTokenizer, env } from '@huggingface/transformers';
import { afterAll, describe, expect, it } from 'vitest';
import { importLareqa } from '../../../src/core/data/lareqa';
import { createTokenizer } from '../../../src/core/model/tokenizer';
import { trainWordPiece } from '../../../src/core/model/wordpiece-trainer';
import { HAS_SHARED, lareqaFiles } from '../../helpers/shared';

const SMALL = [
  'The capital of the country is Paris, and Paris is large.',
  'Die Hauptstadt des Landes ist Berlin.',
  'La capital del país es Madrid; el río más largo es el Nilo.',
  '北京是中国的首都, 也是大学城市。',
  'हिन्दी भाषा भारत की राजभाषा है।',
  'Москва — столица России.',
  'Which river is the longest? The Nile!',
];

describe('trainWordPiece', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hbw-wp-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is deterministic and lays out specials, alphabet, ## forms, merges', () => {
    const corpus = Array.from({ length: 30 }, (_, i) => SMALL[i % SMALL.length]);
    const a = trainWordPiece(corpus, { vocabSize: 400 });
    const b = trainWordPiece(corpus, { vocabSize: 400 });
    for (const f of ['tokenizer.json', 'tokenizer_config.json', 'vocab.txt']) {
      expect(Buffer.compare(Buffer.from(a.files[f]), Buffer.from(b.files[f])), f).toBe(0);
    }
    expect(a.vocab.slice(0, 5)).toEqual(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']);
    expect(a.vocab.length).toBeLessThanOrEqual(400);
    expect(new Set(a.vocab).size).toBe(a.vocab.length);
    expect(a.vocab).toContain('##s');
    expect(a.vocab).toContain('paris'); // lowercased, merged whole word
    expect(a.vocab.some((t) => t.length > 1 && /\p{Script=Han}/u.test(t))).toBe(false); // CJK split per character
    const tok = createTokenizer(a.files);
    const ids = tok.tokenize('हिन्दी Paris 北京');
    expect(ids).not.toContain(tok.unkId);
    expect(ids.map((i) => tok.idToToken(i))).toEqual(expect.arrayContaining(['paris', '北', '京']));
    expect(tok.idToToken(ids[0])?.startsWith('ह')).toBe(true); // Devanagari signs kept (stripAccents false)
  });

  it.skipIf(!HAS_SHARED)('learns exactly 8000 tokens on MLQA-R; transformers.js loads the files and agrees', async () => {
    const ds = importLareqa(lareqaFiles('mlqa-r'));
    const texts = [...ds.queries.map((q) => q.text), ...ds.candidates.map((c) => c.text)];
    const { vocab, files, stats } = trainWordPiece(texts, { vocabSize: 8000 });
    expect(vocab.length).toBe(8000);
    expect(stats.merges).toBeGreaterThan(5000);
    const model = join(dir, 'wp8k');
    mkdirSync(model);
    for (const [n, b] of Object.entries(files)) writeFileSync(join(model, n), b);
    env.allowRemoteModels = false;
    env.localModelPath = dir + '/';
    const tjs = await AutoTokenizer.from_pretrained('wp8k');
    const ours = createTokenizer(files);
    const sample = texts.filter((_, i) => i % 97 === 0).concat(SMALL, ['ünïcödé [MASK] ??!', '']);
    const bad = sample.filter(
      (t) => JSON.stringify(tjs.encode(t)) !== JSON.stringify([...ours.prefixIds, ...ours.tokenize(t), ...ours.suffixIds]),
    );
    expect(bad).toEqual([]);
    let unk = 0,
      n = 0;
    for (const t of sample) {
      const ids = ours.tokenize(t);
      n += ids.length;
      unk += ids.filter((i) => i === ours.unkId).length;
    }
    expect(unk / n).toBeLessThan(0.02);
  });
});

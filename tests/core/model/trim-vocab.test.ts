/**
 * Vocabulary trimming (core/model/trim-vocab.ts): on tiny-xlmr (WordPiece, RoBERTa positions) and on the
 * test-size random MiniLM (XLM-R-style Unigram) the trimmed model embeds every covered text like the
 * original (≤ 1e-6), tokenizes to the mapped ids, exports as a sentence-transformers folder and records the
 * trim in its lineage; the Unigram closure needs the minimum-score piece (a hand-made lattice shows why).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { importLareqa } from '../../../src/core/data/lareqa';
import { createEncoder, type ModelFiles } from '../../../src/core/model/checkpoint';
import { embedTexts } from '../../../src/core/model/encoder';
import { MINILM_TINY, randomModelFiles, shapeParams } from '../../../src/core/model/random-model';
import { readModelWeights } from '../../../src/core/model/safetensors';
import { sentenceTransformersFiles } from '../../../src/core/model/sentence-transformers';
import { createTokenizer } from '../../../src/core/model/tokenizer';
import { coveredTexts, trimVocab } from '../../../src/core/model/trim-vocab';
import { HAS_SHARED, lareqaFiles } from '../../helpers/shared';
import { fixtureTitle, hasFixture, loadFixture, maxAbsDiff, useWasm } from './fixtures';

const json = (files: ModelFiles, name: string) => JSON.parse(new TextDecoder().decode(files[name]));
const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

function texts(folder: string, langs: string[]): string[] {
  const d = importLareqa(
    lareqaFiles(folder).filter((f) => langs.some((l) => f.name.endsWith(`/${l}.json`))),
    { name: folder },
  );
  return [...d.queries.map((q) => q.text), ...d.candidates.map((c) => c.text)];
}

async function expectSameEmbeddings(original: ModelFiles, trimmed: ModelFiles, all: string[]): Promise<void> {
  const a = createEncoder(original),
    b = createEncoder(trimmed);
  try {
    expect(b.config.model.vocabSize).toBeLessThan(a.config.model.vocabSize);
    const ea = await embedTexts(a, all, 64),
      eb = await embedTexts(b, all, 64);
    expect(maxAbsDiff(ea, eb)).toBeLessThanOrEqual(1e-6);
  } finally {
    a.dispose();
    b.dispose();
  }
}

beforeAll(useWasm);

describe.skipIf(!hasFixture('tiny-xlmr') || !HAS_SHARED)(fixtureTitle('tiny-xlmr', 'trim-vocab, WordPiece'), () => {
  it('keeps specials and used pieces; every covered text embeds as before and exports as sentence-transformers', async () => {
    const { files } = loadFixture('tiny-xlmr');
    const all = coveredTexts(files, texts('xquad-r', ['de']).slice(0, 600));
    const r = trimVocab(files, all, { source: 'tiny-xlmr', lineageNote: 'trim-vocab (xquad-r de)' });
    const before = createTokenizer(files),
      after = createTokenizer(r.files);
    expect(r.before.rows).toBe(224);
    expect(r.after.rows).toBe(after.vocabSize);
    expect(r.after.rows).toBeLessThan(224);
    expect(json(r.files, 'config.json').vocab_size).toBe(r.after.rows);
    expect(r.before.total - r.after.total).toBe((r.before.rows - r.after.rows) * 32);
    for (const s of ['<s>', '<pad>', '</s>', '<unk>', '<mask>'])
      expect(after.tokenToId(s), s).toBe(r.oldToNew[before.tokenToId(s)!]);
    expect(after.padId).toBe(before.padId); // RoBERTa positions are offset by it
    expect(new TextDecoder().decode(r.files['vocab.txt']).split('\n').filter(Boolean).length).toBe(r.after.rows);
    for (const t of all.slice(0, 50)) expect(after.tokenize(t)).toEqual(before.tokenize(t).map((id) => r.oldToNew[id]));
    await expectSameEmbeddings(files, r.files, all);
    expect(json(r.files, 'lineage.json').lineage).toEqual(['tiny-xlmr', 'trim-vocab (xquad-r de)']);
    const st = sentenceTransformersFiles(r.files, { lineage: json(r.files, 'lineage.json').lineage });
    expect(json(st, 'modules.json').map((m: { type: string }) => m.type)).toContain('sentence_transformers.models.Pooling');
    expect(json(st, 'lineage.json').lineage).toContain('trim-vocab (xquad-r de)');
    await expectSameEmbeddings(files, st, all.slice(0, 200));
  });
});

describe.skipIf(!HAS_SHARED)('trim-vocab, Unigram (random MiniLM shape at test size)', () => {
  it('trims the synthesized Unigram tokenizer; covered texts segment and embed exactly as before', async () => {
    const corpus = texts('xquad-r', ['en', 'de', 'el']).slice(0, 3000);
    const files = randomModelFiles(MINILM_TINY, corpus, 7);
    const tok = createTokenizer(files);
    expect(tok.kind).toBe('Unigram');
    expect(tok.vocabSize).toBe(MINILM_TINY.pieces);
    const w = readModelWeights(files);
    expect([...w.values()].reduce((s, t) => s + t.data.length, 0)).toBe(shapeParams(MINILM_TINY).total);
    // Covered texts from another dataset: unknown characters and ambiguous segmentations included.
    const all = coveredTexts(files, [...texts('mlqa-r', ['de', 'ar']).slice(0, 400), 'ΟΔΟΣ Σίσυφος 中文 😀']);
    const r = trimVocab(files, all, { keepTop: 100 });
    expect(r.top).toBeGreaterThan(0);
    expect(r.after.rows).toBeLessThan(MINILM_TINY.pieces);
    const m = json(r.files, 'tokenizer.json').model;
    expect(m.type).toBe('Unigram');
    expect(m.vocab.length).toBe(r.after.rows);
    expect(m.unk_id).toBe(3);
    expect(json(r.files, 'tokenizer.json').post_processor.special_tokens['</s>'].ids).toEqual([2]);
    const after = createTokenizer(r.files);
    expect(after.tokenToId('<mask>')).toBe(r.after.rows - 1);
    await expectSameEmbeddings(files, r.files, all);
  });

  it('needs the minimum-score piece: without it an unknown-character step would beat the old best path', () => {
    // '▁cab' is best as ▁ca + b (−40); 'c' is the rarest piece (−100), so an unknown character costs −110.
    const pieces: Array<[string, number]> = [
      ['<s>', 0],
      ['<pad>', 0],
      ['</s>', 0],
      ['<unk>', 0],
      ['▁', -1],
      ['ab', -1],
      ['▁ca', -20],
      ['b', -20],
      ['c', -100],
      ['a', -5],
    ];
    const tj = (vocab: Array<[string, number]>) => ({
      version: '1.0',
      added_tokens: ['<s>', '<pad>', '</s>', '<unk>'].map((content, id) => ({ id, content, normalized: false, special: true })),
      normalizer: null,
      pre_tokenizer: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
      post_processor: { type: 'RobertaProcessing', sep: ['</s>', 2], cls: ['<s>', 0] },
      model: { type: 'Unigram', unk_id: 3, vocab },
    });
    const config = {
      model_type: 'bert',
      vocab_size: pieces.length,
      hidden_size: 4,
      num_hidden_layers: 0,
      num_attention_heads: 1,
      intermediate_size: 4,
      max_position_embeddings: 8,
      pad_token_id: 1,
    };
    const files = randomModelFiles(
      {
        ...MINILM_TINY,
        rows: pieces.length,
        pieces: pieces.length,
        hidden: 4,
        layers: 0,
        heads: 1,
        intermediate: 4,
        maxPosition: 8,
      },
      [],
    );
    files['tokenizer.json'] = enc(tj(pieces));
    files['config.json'] = enc(config);
    const tok = createTokenizer(files);
    const ids = (t: string) => tok.tokenize(t).map((id) => tok.idToToken(id));
    expect(ids('cab')).toEqual(['▁ca', 'b']);
    expect(ids('ab')).toEqual(['▁', 'ab']);
    const r = trimVocab(files, ['cab', 'ab']);
    const after = createTokenizer(r.files);
    expect(after.tokenize('cab').map((id) => after.idToToken(id))).toEqual(['▁ca', 'b']);
    expect(after.tokenToId('c')).toBeDefined(); // kept only for its score
    expect(after.tokenToId('a')).toBeUndefined();
    // The same trim without 'c': the unknown-character penalty rises to −30 and ▁ + <unk> + ab (−32) wins.
    const naive = createTokenizer({ ...files, 'tokenizer.json': enc(tj(pieces.filter(([p]) => p !== 'c' && p !== 'a'))) });
    expect(naive.tokenize('cab').map((id) => naive.idToToken(id))).toEqual(['▁', '<unk>', 'ab']);
  });
});

/**
 * Tokenizer parity: the PyTorch reference ids, and transformers.js on the same tokenizer.json (WordPiece
 * fixtures, and a synthetic XLM-R-style Unigram tokenizer built here), plus batching behaviour.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { AutoTokenizer, env } from '@huggingface/transformers';
import { afterAll, describe, expect, it } from 'vitest';
import { createTokenizer } from '../../../src/core/model/tokenizer';
import { existsSync } from 'node:fs';
import { sharedPath } from '../../helpers/shared';
import { FIXTURES, fixtureDir, fixtureTitle, hasFixture, loadFixture } from './fixtures';

/** Texts that stress normalisation, punctuation, accents, CJK, unknown characters and added tokens. */
export const HARD_TEXTS = [
  "Hello, World!! It's 3.14 — “quoted” (parens) [brackets] {braces} $5 + 6 = 11 ~ ^ ` | < >",
  'Ça déjà vu? Ñandú, Ærøskøbing, Straße, İstanbul, ΑΘΗΝΑ, Москва, Ελλάδα.',
  '北京是中国的首都, 也是大学城市。 東京 ソウル 서울 (CJK)',
  '  leading and   multiple   spaces\tand\ttabs\nand\r\nnewlines  ',
  'control\u0000chars\u0007and\u200bzero\ufeffwidth \ufffd replacement',
  'emoji 😀👍🏽 and symbols ©®™ °C ½ ①',
  'a [MASK] in the [SEP] middle [CLS][PAD]',
  'pneumonoultramicroscopicsilicovolcanoconiosis ' + 'x'.repeat(120),
  '',
  'Wer hat die Stadt gebaut? ¿Cuál es el río más largo?',
];

async function transformersJsIds(dir: string, texts: string[]): Promise<{ ids: number[][]; mask: number[][] }> {
  env.allowRemoteModels = false;
  env.localModelPath = dirname(dir) + '/';
  const tok = await AutoTokenizer.from_pretrained(basename(dir));
  const out = tok(texts, { padding: true }) as unknown as Record<
    'input_ids' | 'attention_mask',
    { data: BigInt64Array; dims: number[] }
  >;
  const [n, L] = out.input_ids.dims;
  // transformers.js returns BigInt64 ids: convert before comparing (or before handing to tfjs).
  const rows = (t: { data: BigInt64Array }) =>
    Array.from({ length: n }, (_, i) => Array.from(t.data.subarray(i * L, (i + 1) * L), Number));
  return { ids: rows(out.input_ids), mask: rows(out.attention_mask) };
}

/** Per-text mismatches, readable: [] when both tokenizers agree on ids and mask. */
function mismatches(
  texts: string[],
  a: { ids: number[][]; mask: number[][] },
  b: { ids: number[][]; mask: number[][] },
): string[] {
  const out: string[] = [];
  if (a.ids[0]?.length !== b.ids[0]?.length) out.push(`padded length ${a.ids[0]?.length} vs ${b.ids[0]?.length}`);
  texts.forEach((t, i) => {
    const ai = a.ids[i].filter((_, j) => a.mask[i][j] === 1),
      bi = b.ids[i].filter((_, j) => b.mask[i][j] === 1);
    if (ai.join() !== bi.join()) out.push(`${JSON.stringify(t)}\n ours ${ai.join(' ')}\n tjs  ${bi.join(' ')}`);
  });
  if (out.length === 0 && JSON.stringify(a) !== JSON.stringify(b)) out.push('padding differs');
  return out;
}

function ourRows(files: Record<string, Uint8Array>, texts: string[]): { ids: number[][]; mask: number[][] } {
  const b = createTokenizer(files).encodeBatch(texts, 100_000);
  const [n, L] = b.shape;
  const rows = (a: Int32Array) => Array.from({ length: n }, (_, i) => Array.from(a.subarray(i * L, (i + 1) * L)));
  return { ids: rows(b.inputIds), mask: rows(b.attentionMask) };
}

for (const name of FIXTURES) {
  describe.skipIf(!hasFixture(name))(fixtureTitle(name, 'WordPiece tokenizer'), () => {
    it('gives the reference input_ids', () => {
      const { files, ref } = loadFixture(name);
      const tok = createTokenizer(files);
      const b = tok.encodeBatch(ref.texts, 64);
      const [n, L] = b.shape;
      expect(n).toBe(ref.texts.length);
      expect(L).toBe(Math.max(...ref.input_ids.map((r) => r.length)));
      for (let i = 0; i < n; i++) {
        const len = ref.input_ids[i].length;
        expect(Array.from(b.inputIds.subarray(i * L, i * L + len))).toEqual(ref.input_ids[i]);
        expect(Array.from(b.attentionMask.subarray(i * L, (i + 1) * L))).toEqual([
          ...Array(len).fill(1),
          ...Array(L - len).fill(0),
        ]);
        expect(Array.from(b.inputIds.subarray(i * L + len, (i + 1) * L)).every((x) => x === tok.padId)).toBe(true);
      }
    });

    it('agrees with transformers.js AutoTokenizer (padded batch, ids and mask)', async () => {
      const { files, ref } = loadFixture(name);
      const texts = [...ref.texts, ...HARD_TEXTS];
      expect(mismatches(texts, ourRows(files, texts), await transformersJsIds(fixtureDir(name), texts))).toEqual([]);
    });
  });
}

describe('batching', () => {
  it.skipIf(!hasFixture('tiny-bert'))('truncates to maxLength keeping [CLS] … [SEP] and pads to the longest row', () => {
    const tok = createTokenizer(loadFixture('tiny-bert').files);
    const b = tok.encodeBatch(['the capital of the country is paris and the city is large', 'the', ''], 6);
    expect(b.shape).toEqual([3, 6]);
    const row = (i: number) => Array.from(b.inputIds.subarray(i * 6, (i + 1) * 6));
    expect(row(0)[0]).toBe(tok.prefixIds[0]);
    expect(row(0)[5]).toBe(tok.suffixIds[0]);
    expect(row(0).slice(1, 5)).toEqual(tok.tokenize('the capital of the country').slice(0, 4));
    expect(row(2)).toEqual([tok.prefixIds[0], tok.suffixIds[0], 0, 0, 0, 0]);
    expect(Array.from(b.attentionMask.subarray(12, 18))).toEqual([1, 1, 0, 0, 0, 0]);
  });
});

// ---- Unigram (SentencePiece / XLM-R style) against transformers.js on a synthetic tokenizer.json ----

const CORPUS = [
  'the capital of the country is paris',
  'die hauptstadt des landes ist berlin',
  'la capital del país es madrid',
  'the river is the longest in africa',
  'der längste fluss der welt',
  'el río más largo de áfrica',
  'what is the capital',
  'wer hat die stadt gebaut',
  'la música de la ciudad es famosa en el mundo',
];

/** Pieces: every character and every substring (≤ 6 chars) of ▁-prefixed words, scored by log frequency. */
function syntheticUnigram(): Record<string, unknown> {
  const counts = new Map<string, number>();
  for (const line of CORPUS)
    for (const w of line.split(' ')) {
      const s = Array.from('\u2581' + w);
      for (let i = 0; i < s.length; i++)
        for (let j = i + 1; j <= Math.min(s.length, i + 6); j++) {
          const piece = s.slice(i, j).join('');
          counts.set(piece, (counts.get(piece) ?? 0) + 1);
        }
    }
  // Make the lattice ambiguous: longer pieces are rarer but score better than their parts sometimes.
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const pieces = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([p, c]) => [p, Math.log(c / total) + 0.7 * (Array.from(p).length - 1)] as [string, number]);
  const specials: Array<[string, number]> = [
    ['<s>', 0],
    ['<pad>', 0],
    ['</s>', 0],
    ['<unk>', 0],
  ];
  const vocab = [...specials, ...pieces, ['<mask>', 0] as [string, number]];
  const added = specials.map(([content], id) => ({
    id,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  }));
  added.push({
    id: vocab.length - 1,
    content: '<mask>',
    single_word: false,
    lstrip: true,
    rstrip: false,
    normalized: false,
    special: true,
  });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: added,
    normalizer: {
      type: 'Sequence',
      normalizers: [
        { type: 'Precompiled', precompiled_charsmap: null },
        { type: 'Replace', pattern: { Regex: ' {2,}' }, content: ' ' },
      ],
    },
    pre_tokenizer: { type: 'Metaspace', replacement: '\u2581', prepend_scheme: 'always', split: true },
    post_processor: { type: 'RobertaProcessing', sep: ['</s>', 2], cls: ['<s>', 0], trim_offsets: true, add_prefix_space: true },
    decoder: { type: 'Metaspace', replacement: '\u2581', prepend_scheme: 'always', split: true },
    model: { type: 'Unigram', unk_id: 3, vocab, byte_fallback: false },
  };
}

describe('Unigram tokenizer', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'hbw-unigram-')), 'xlmr-like');
  afterAll(() => rmSync(dirname(dir), { recursive: true, force: true }));

  it('agrees with transformers.js (Viterbi, unknown-run fusion, added tokens, Metaspace)', async () => {
    const enc = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));
    const files = {
      'tokenizer.json': enc(syntheticUnigram()),
      'tokenizer_config.json': enc({
        tokenizer_class: 'XLMRobertaTokenizer',
        bos_token: '<s>',
        eos_token: '</s>',
        pad_token: '<pad>',
        unk_token: '<unk>',
        mask_token: '<mask>',
        model_max_length: 512,
      }),
    };
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir, { recursive: true });
    for (const [n, b] of Object.entries(files)) writeFileSync(join(dir, n), b);
    const texts = [
      ...CORPUS,
      '서울 𠀀𠀁 (ext',
      'The capital of Africa is the longest',
      'hauptstadtfluss capitalriver',
      'la <mask> es famosa',
      'zzz qqq 中文 😀 xyz',
      ...HARD_TEXTS,
    ];
    expect(mismatches(texts, ourRows(files, texts), await transformersJsIds(dir, texts))).toEqual([]);
    const tok = createTokenizer(files);
    expect(tok.kind).toBe('Unigram');
    expect(tok.prefixIds).toEqual([0]);
    expect(tok.suffixIds).toEqual([2]);
    expect(tok.padId).toBe(1);
    // Unknown runs are fused into one <unk>: 'zzz' has no pieces beyond '▁' and 'z' may be absent.
    expect(tok.tokenize('中文中文').filter((id) => id === 3).length).toBe(1);
  });
});

describe.skipIf(!existsSync(sharedPath('data', 'mbert-vocab', 'mbert_modified_vocab.txt')))('vocab.txt-only BERT folder', () => {
  it('synthesises a WordPiece tokenizer from mBERT vocab.txt + tokenizer_config.json', () => {
    const vocab = new Uint8Array(readFileSync(sharedPath('data', 'mbert-vocab', 'mbert_modified_vocab.txt')));
    const tok = createTokenizer({
      'vocab.txt': vocab,
      'tokenizer_config.json': new TextEncoder().encode(JSON.stringify({ do_lower_case: false })),
    });
    expect(tok.vocabSize).toBe(119_547);
    expect(tok.prefixIds).toEqual([tok.tokenToId('[CLS]')]);
    expect(tok.padId).toBe(tok.tokenToId('[PAD]'));
    const ids = tok.tokenize('Die Hauptstadt Deutschlands ist Berlin. 北京是中国的首都。');
    expect(ids).not.toContain(tok.unkId);
    expect(ids.map((i) => tok.idToToken(i))).toContain('Berlin');
    expect(Object.keys(tok.files()).sort()).toEqual(['tokenizer.json', 'tokenizer_config.json', 'vocab.txt']);
  });
});

describe.skipIf(!hasFixture('tiny-bert'))('CJK outside the BMP', () => {
  it('splits Extension B ideographs per character like HF tokenizers (transformers.js checks UTF-16 units and does not)', () => {
    const tok = createTokenizer(loadFixture('tiny-bert').files);
    // U+20000 and U+20001 are in BERT's CJK ranges: two words, each unknown here → two [UNK].
    expect(tok.tokenize('\u{20000}\u{20001}')).toEqual([tok.unkId, tok.unkId]);
  });
});

/**
 * Random-weight models of real multilingual sentence-encoder shapes, for tests and benchmarks where no real
 * weights can be downloaded. `MINILM_L12_MULTILINGUAL` is the shape of paraphrase-multilingual-MiniLM-L12-v2
 * and multilingual-e5-small (a BertModel: 12 layers, hidden 384, 12 heads, FFN 1536, 512 positions, 250,037
 * word-embedding rows — ~118M parameters, ~96M of them word embeddings) with an XLM-R-style SentencePiece
 * Unigram tokenizer.json of 250,002 pieces synthesized here: the specials, every character of the main scripts
 * of XQuAD-R/MLQA-R (CJK block included), the corpus's frequent substrings scored by log frequency, then rare
 * filler pieces up to the exact count. The folder is the sentence-transformers layout those models ship in.
 */
import type { ModelFiles } from './checkpoint';
import { parseBertConfig } from './config';
import { initBertWeights } from './init';
import { writeSafetensors } from './safetensors';
import { mulberry32Uint32 } from '../util/mulberry32';

export interface RandomModelShape {
  /** Word-embedding rows (config vocab_size; may exceed the tokenizer's pieces, as in the real models). */
  rows: number;
  /** Unigram pieces of tokenizer.json, specials included. */
  pieces: number;
  hidden: number;
  layers: number;
  heads: number;
  intermediate: number;
  maxPosition: number;
}

export const MINILM_L12_MULTILINGUAL: RandomModelShape = {
  rows: 250_037,
  pieces: 250_002,
  hidden: 384,
  layers: 12,
  heads: 12,
  intermediate: 1536,
  maxPosition: 512,
};

/** The same generator at test size: a few thousand pieces, 2 small layers. */
export const MINILM_TINY: RandomModelShape = {
  rows: 6_035,
  pieces: 6_000,
  hidden: 32,
  layers: 2,
  heads: 4,
  intermediate: 64,
  maxPosition: 512,
};

const SPECIALS = ['<s>', '<pad>', '</s>', '<unk>'];
const META = '\u2581';
/** Letters of the scripts of XQuAD-R / MLQA-R (Latin, Greek, Cyrillic, Arabic, Devanagari, Thai, CJK, Hangul). */
const SCRIPT_RANGES: Array<[number, number]> = [
  [0x21, 0x7e],
  [0xa1, 0x17f],
  [0x370, 0x3ff],
  [0x400, 0x4ff],
  [0x600, 0x6ff],
  [0x900, 0x97f],
  [0xe00, 0xe7f],
  [0x1e00, 0x1eff],
  [0x2000, 0x206f],
  [0x3000, 0x30ff],
  [0x4e00, 0x9fff],
  [0xac00, 0xacff],
];

/** Substring counts of the ▁-prefixed words of the corpus (pieces of 1–maxLen characters). */
function substringCounts(corpus: Iterable<string>, maxLen: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of corpus) {
    for (const w of text.normalize('NFKC').split(/\s+/u)) {
      if (!w) continue;
      const s = Array.from(META + w);
      for (let i = 0; i < s.length; i++) {
        let piece = '';
        for (let j = i; j < Math.min(s.length, i + maxLen); j++) {
          piece += s[j];
          counts.set(piece, (counts.get(piece) ?? 0) + 1);
        }
      }
    }
  }
  return counts;
}

/**
 * An XLM-R-style tokenizer.json (Precompiled-like normalizer, Metaspace, <s> $A </s>) with exactly `pieces`
 * Unigram pieces: specials, the corpus's substrings by frequency, every script character, rare filler.
 */
export function synthUnigramTokenizer(pieces: number, corpus: Iterable<string>, seed = 1): Record<string, unknown> {
  const counts = substringCounts(corpus, 8);
  const total = [...counts.values()].reduce((a, b) => a + b, 0) + 1;
  const vocab: Array<[string, number]> = SPECIALS.map((s) => [s, 0]);
  const seen = new Set<string>(SPECIALS);
  const add = (p: string, score: number) => {
    if (!seen.has(p) && vocab.length < pieces - 1) {
      seen.add(p);
      vocab.push([p, score]);
    }
  };
  const script: string[] = [];
  for (const [a, b] of SCRIPT_RANGES) for (let cp = a; cp <= b; cp++) script.push(String.fromCodePoint(cp));
  const charScore = (ch: string) => Math.log(((counts.get(ch) ?? 0) + 0.5) / total) - 2;
  // The corpus's characters, its multi-character pieces by frequency, then the scripts' other characters
  // (room is left for them at full size; a test-size vocabulary keeps the corpus's pieces instead).
  add(META, charScore(META));
  for (const p of counts.keys()) if (Array.from(p).length === 1) add(p, charScore(p));
  const reserve = pieces >= 100_000 ? script.filter((c) => !seen.has(c)).length : 0;
  const multi = [...counts.entries()]
    .filter(([p, c]) => c > 1 && Array.from(p).length > 1)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  for (const [p, c] of multi) {
    if (vocab.length >= pieces - 1 - reserve) break;
    add(p, Math.log(c / total) + 0.5 * Array.from(p).length);
  }
  for (const ch of script) add(ch, charScore(ch));
  // Filler: rare pieces of 2–6 corpus characters until the exact size (scores below every real piece).
  const rnd = mulberry32Uint32(seed);
  const alphabet = [...new Set([...counts.keys()].filter((p) => Array.from(p).length === 1 && p !== META))];
  const pool = alphabet.length >= 20 ? alphabet : script.slice(0, 2000);
  const floor = vocab.slice(SPECIALS.length).reduce((m, [, s]) => Math.min(m, s), 0) - 1;
  while (vocab.length < pieces - 1) {
    const len = 2 + (rnd() % 5);
    let p = rnd() % 3 === 0 ? META : '';
    while (Array.from(p).length < len) p += pool[rnd() % pool.length];
    add(p, floor - (rnd() % 1000) / 100);
  }
  vocab.push(['<mask>', 0]);
  const tokens = [...SPECIALS, '<mask>'].map((content) => ({
    id: content === '<mask>' ? vocab.length - 1 : SPECIALS.indexOf(content),
    content,
    single_word: false,
    lstrip: content === '<mask>',
    rstrip: false,
    normalized: false,
    special: true,
  }));
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: tokens,
    normalizer: {
      type: 'Sequence',
      normalizers: [
        { type: 'Precompiled', precompiled_charsmap: null },
        { type: 'Replace', pattern: { Regex: ' {2,}' }, content: ' ' },
      ],
    },
    pre_tokenizer: { type: 'Metaspace', replacement: META, prepend_scheme: 'always', split: true },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '<s>', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '</s>', type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: '<s>', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '</s>', type_id: 0 } },
        { SpecialToken: { id: '</s>', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 0 } },
        { SpecialToken: { id: '</s>', type_id: 0 } },
      ],
      special_tokens: { '<s>': { id: '<s>', ids: [0], tokens: ['<s>'] }, '</s>': { id: '</s>', ids: [2], tokens: ['</s>'] } },
    },
    decoder: { type: 'Metaspace', replacement: META, prepend_scheme: 'always', split: true },
    model: { type: 'Unigram', unk_id: 3, vocab, byte_fallback: false },
  };
}

const json = (v: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(v, null, 2));

/**
 * A complete random-weight model folder of `shape` (seeded truncated normal as HF's init), in the layout of
 * paraphrase-multilingual-MiniLM-L12-v2: config.json, model.safetensors, tokenizer files, modules.json,
 * sentence_bert_config.json, 1_Pooling/config.json (mean pooling). `corpus` seeds the tokenizer's pieces.
 */
export function randomModelFiles(shape: RandomModelShape, corpus: Iterable<string>, seed = 1): ModelFiles {
  if (shape.pieces > shape.rows) throw new Error(`random model: ${shape.pieces} pieces do not fit ${shape.rows} embedding rows`);
  const config = {
    architectures: ['BertModel'],
    model_type: 'bert',
    vocab_size: shape.rows,
    hidden_size: shape.hidden,
    num_hidden_layers: shape.layers,
    num_attention_heads: shape.heads,
    intermediate_size: shape.intermediate,
    hidden_act: 'gelu',
    hidden_dropout_prob: 0.1,
    attention_probs_dropout_prob: 0.1,
    max_position_embeddings: shape.maxPosition,
    type_vocab_size: 2,
    layer_norm_eps: 1e-12,
    pad_token_id: 0,
    initializer_range: 0.02,
    position_embedding_type: 'absolute',
  };
  const weights = initBertWeights(parseBertConfig(config), seed, 0.02, true);
  return {
    'config.json': json(config),
    'model.safetensors': writeSafetensors(weights),
    'tokenizer.json': json(synthUnigramTokenizer(shape.pieces, corpus, seed)),
    'tokenizer_config.json': json({
      tokenizer_class: 'XLMRobertaTokenizer',
      bos_token: '<s>',
      eos_token: '</s>',
      cls_token: '<s>',
      sep_token: '</s>',
      pad_token: '<pad>',
      unk_token: '<unk>',
      mask_token: '<mask>',
      model_max_length: 512,
    }),
    'special_tokens_map.json': json({
      bos_token: '<s>',
      eos_token: '</s>',
      cls_token: '<s>',
      sep_token: '</s>',
      pad_token: '<pad>',
      unk_token: '<unk>',
      mask_token: '<mask>',
    }),
    'modules.json': json([
      { idx: 0, name: '0', path: '', type: 'sentence_transformers.models.Transformer' },
      { idx: 1, name: '1', path: '1_Pooling', type: 'sentence_transformers.models.Pooling' },
    ]),
    'sentence_bert_config.json': json({ max_seq_length: 128, do_lower_case: false }),
    '1_Pooling/config.json': json({
      word_embedding_dimension: shape.hidden,
      pooling_mode_cls_token: false,
      pooling_mode_mean_tokens: true,
      pooling_mode_max_tokens: false,
      pooling_mode_mean_sqrt_len_tokens: false,
    }),
  };
}

/** Parameters of a shape (all weights, pooler included) and of its word embeddings. */
export function shapeParams(s: RandomModelShape): { total: number; wordEmbeddings: number } {
  const H = s.hidden,
    I = s.intermediate;
  const layer = 4 * (H * H + H) + 2 * H + (H * I + I) + (I * H + H) + 2 * H;
  const emb = (s.rows + s.maxPosition + 2) * H + 2 * H;
  return { total: emb + s.layers * layer + H * H + H, wordEmbeddings: s.rows * H };
}

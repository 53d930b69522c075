/**
 * A WordPiece vocabulary → the files of a Hugging Face BERT tokenizer folder (`tokenizer.json`,
 * `tokenizer_config.json`, `vocab.txt`), in the layout `tokenizers` itself writes, so Python `transformers`,
 * transformers.js and our own tokenizer all load them. Used by the trainer and for vocab.txt-only folders.
 */

export interface WordPieceFileOptions {
  lowercase: boolean;
  /** null = follow `lowercase` (HF default). */
  stripAccents: boolean | null;
  handleChineseChars: boolean;
  modelMaxLength: number;
  special: { pad: string; unk: string; cls: string; sep: string; mask: string };
}

export const BERT_SPECIALS = { pad: '[PAD]', unk: '[UNK]', cls: '[CLS]', sep: '[SEP]', mask: '[MASK]' };

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

export function wordPieceTokenizerJson(vocab: readonly string[], o: WordPieceFileOptions): Record<string, unknown> {
  const ids = new Map<string, number>();
  vocab.forEach((t, i) => {
    if (!ids.has(t)) ids.set(t, i);
  });
  const id = (t: string): number => {
    const v = ids.get(t);
    if (v === undefined) throw new Error(`WordPiece vocabulary lacks the special token "${t}"`);
    return v;
  };
  const specials = [o.special.pad, o.special.unk, o.special.cls, o.special.sep, o.special.mask].filter((t) => ids.has(t));
  const { cls, sep } = o.special;
  const tok = (t: string) => ({ SpecialToken: { id: t, type_id: 0 } });
  const seq = (s: 'A' | 'B', type_id: number) => ({ Sequence: { id: s, type_id } });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: specials
      .map((t) => ({ id: id(t), content: t, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true }))
      .sort((a, b) => a.id - b.id),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: o.handleChineseChars,
      strip_accents: o.stripAccents,
      lowercase: o.lowercase,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [tok(cls), seq('A', 0), tok(sep)],
      pair: [tok(cls), seq('A', 0), tok(sep), seq('B', 1), tok(sep)],
      special_tokens: {
        [cls]: { id: cls, ids: [id(cls)], tokens: [cls] },
        [sep]: { id: sep, ids: [id(sep)], tokens: [sep] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: o.special.unk,
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(ids),
    },
  };
}

export function wordPieceTokenizerConfig(o: WordPieceFileOptions): Record<string, unknown> {
  return {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: o.lowercase,
    strip_accents: o.stripAccents,
    tokenize_chinese_chars: o.handleChineseChars,
    model_max_length: o.modelMaxLength,
    clean_up_tokenization_spaces: true,
    cls_token: o.special.cls,
    sep_token: o.special.sep,
    pad_token: o.special.pad,
    unk_token: o.special.unk,
    mask_token: o.special.mask,
  };
}

export function wordPieceFiles(vocab: readonly string[], o: WordPieceFileOptions): Record<string, Uint8Array> {
  return {
    'tokenizer.json': utf8(JSON.stringify(wordPieceTokenizerJson(vocab, o), null, 1)),
    'tokenizer_config.json': utf8(JSON.stringify(wordPieceTokenizerConfig(o), null, 1)),
    'vocab.txt': utf8(vocab.join('\n') + '\n'),
  };
}

/** Options read back from a BERT tokenizer_config.json (for folders that only have vocab.txt). */
export function wordPieceOptionsFromConfig(cfg: Record<string, unknown>): WordPieceFileOptions {
  const str = (k: string, d: string): string => (typeof cfg[k] === 'string' ? (cfg[k] as string) : d);
  return {
    lowercase: cfg.do_lower_case !== false,
    stripAccents: typeof cfg.strip_accents === 'boolean' ? cfg.strip_accents : null,
    handleChineseChars: cfg.tokenize_chinese_chars !== false,
    modelMaxLength: typeof cfg.model_max_length === 'number' && cfg.model_max_length < 1e9 ? cfg.model_max_length : 512,
    special: {
      pad: str('pad_token', '[PAD]'),
      unk: str('unk_token', '[UNK]'),
      cls: str('cls_token', '[CLS]'),
      sep: str('sep_token', '[SEP]'),
      mask: str('mask_token', '[MASK]'),
    },
  };
}

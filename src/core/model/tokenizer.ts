/**
 * Tokenizers read from a Hugging Face `tokenizer.json` (WordPiece or Unigram model), producing padded
 * batches ready for the encoder. Pipeline per text, as HF: split around added tokens → normalize →
 * pre-tokenize → subword model → truncate → add [CLS]/[SEP] (or <s>/</s>) from the post-processor.
 */
import { ModelLoadError } from './errors';
import {
  type AddedToken,
  createNormalizer,
  createPreTokenizer,
  type NormalizerFn,
  type PreTokenizerFn,
  splitAddedTokens,
} from './tokenizer-pipeline';
import { type SubwordModel, UnigramModel, WordPieceModel } from './tokenizer-models';
import { wordPieceFiles, wordPieceOptionsFromConfig } from './wordpiece-files';

export interface TokenizedBatch {
  /** Row-major [n, len]; rows padded with the pad id to the longest row of the batch. */
  inputIds: Int32Array;
  /** 1 for real tokens (specials included), 0 for padding. */
  attentionMask: Int32Array;
  shape: [number, number];
}

export interface Tokenizer {
  readonly kind: 'WordPiece' | 'Unigram';
  /** 1 + the largest id of the model vocabulary and the added tokens. */
  readonly vocabSize: number;
  readonly padId: number;
  readonly unkId: number;
  /** Ids put before / after every text: [CLS] / [SEP] or <s> / </s>. */
  readonly prefixIds: readonly number[];
  readonly suffixIds: readonly number[];
  /** Ids of one text without the begin/end tokens and without truncation. */
  tokenize(text: string): number[];
  idToToken(id: number): string | undefined;
  tokenToId(token: string): number | undefined;
  /** maxLength counts the begin/end tokens; longer texts are truncated at the end. */
  encodeBatch(texts: readonly string[], maxLength: number): TokenizedBatch;
  /** The tokenizer files to store beside the weights (tokenizer.json, tokenizer_config.json, vocab.txt …). */
  files(): Record<string, Uint8Array>;
}

type Json = Record<string, unknown>;
const utf8 = new TextDecoder('utf-8', { fatal: true });
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

export function parseJsonFile(files: Record<string, Uint8Array>, name: string): Json | undefined {
  const bytes = files[name];
  if (!bytes) return undefined;
  try {
    return JSON.parse(utf8.decode(bytes)) as Json;
  } catch (e) {
    throw new ModelLoadError(
      name,
      undefined,
      undefined,
      `not valid UTF-8 JSON (${(e as Error).message})`,
      'download or save the model folder again',
    );
  }
}

/** Files the tokenizer carries along on save when it was loaded with them. */
const KEPT = ['tokenizer.json', 'tokenizer_config.json', 'vocab.txt', 'special_tokens_map.json', 'sentencepiece.bpe.model'];

export class HfTokenizer implements Tokenizer {
  readonly kind: 'WordPiece' | 'Unigram';
  readonly vocabSize: number;
  readonly padId: number;
  readonly unkId: number;
  readonly prefixIds: number[] = [];
  readonly suffixIds: number[] = [];
  private readonly model: SubwordModel;
  private readonly normalizer: NormalizerFn | null;
  private readonly preTokenizer: PreTokenizerFn | null;
  private readonly added: AddedToken[];
  /** Added tokens matched in the raw text / after normalisation (their `normalized` flag). */
  private readonly addedRaw: AddedToken[];
  private readonly addedNormalized: AddedToken[];
  private readonly idToTok: string[] = [];

  constructor(
    readonly json: Json,
    readonly config: Json,
    private readonly kept: Record<string, Uint8Array> = {},
  ) {
    const m = json.model as Json | undefined;
    if (m?.type === 'WordPiece') {
      this.model = new WordPieceModel(
        new Map(Object.entries(m.vocab as Record<string, number>)),
        String(m.unk_token ?? '[UNK]'),
        String(m.continuing_subword_prefix ?? '##'),
        Number(m.max_input_chars_per_word ?? 100),
      );
    } else if (m?.type === 'Unigram') {
      this.model = new UnigramModel(m.vocab as Array<[string, number]>, Number(m.unk_id ?? 0), m.byte_fallback === true);
    } else {
      throw new Error(`tokenizer.json: model type "${String(m?.type)}" is not supported (WordPiece, Unigram)`);
    }
    this.kind = this.model.type;
    this.unkId = this.model.unkId;
    this.normalizer = createNormalizer(json.normalizer as Json | null);
    this.preTokenizer = createPreTokenizer(json.pre_tokenizer as Json | null);
    this.added = ((json.added_tokens ?? []) as AddedToken[]).map((t) => ({ ...t }));
    this.addedRaw = this.added.filter((t) => !t.normalized);
    this.addedNormalized = this.added.filter((t) => t.normalized);
    for (const [t, id] of this.model.vocab) this.idToTok[id] = t;
    for (const t of this.added) this.idToTok[t.id] = t.content;
    this.vocabSize = this.idToTok.length;
    this.readPostProcessor(json.post_processor as Json | null);
    this.padId = this.findPadId();
  }

  private readPostProcessor(pp: Json | null): void {
    if (!pp) return;
    if (pp.type === 'TemplateProcessing') {
      const special = (pp.special_tokens ?? {}) as Record<string, { ids: number[] }>;
      let seenA = false;
      for (const piece of pp.single as Json[]) {
        if (piece.Sequence) {
          seenA = true;
          continue;
        }
        const name = (piece.SpecialToken as { id: string }).id;
        const ids = special[name]?.ids;
        if (!ids) throw new Error(`tokenizer.json: post_processor special token "${name}" has no ids`);
        (seenA ? this.suffixIds : this.prefixIds).push(...ids);
      }
    } else if (pp.type === 'BertProcessing' || pp.type === 'RobertaProcessing') {
      this.prefixIds.push((pp.cls as [string, number])[1]);
      this.suffixIds.push((pp.sep as [string, number])[1]);
    } else {
      throw new Error(`tokenizer.json: post_processor type "${String(pp.type)}" is not supported`);
    }
  }

  private findPadId(): number {
    const padding = this.json.padding as Json | null;
    if (padding && typeof padding.pad_id === 'number') return padding.pad_id;
    const cfgPad = this.config.pad_token;
    const name = typeof cfgPad === 'string' ? cfgPad : (cfgPad as Json | undefined)?.content;
    for (const t of [name, '[PAD]', '<pad>']) {
      const id = typeof t === 'string' ? this.tokenToId(t) : undefined;
      if (id !== undefined) return id;
    }
    return 0;
  }

  tokenToId(token: string): number | undefined {
    return this.added.find((t) => t.content === token)?.id ?? this.model.vocab.get(token);
  }

  idToToken(id: number): string | undefined {
    return this.idToTok[id];
  }

  tokenize(text: string): number[] {
    const ids: number[] = [];
    splitAddedTokens(text, this.addedRaw).forEach((section, sectionIndex) => {
      if (typeof section === 'number') {
        ids.push(section);
        return;
      }
      const norm = this.normalizer ? this.normalizer(section) : section;
      for (const sub of splitAddedTokens(norm, this.addedNormalized)) {
        if (typeof sub === 'number') {
          ids.push(sub);
          continue;
        }
        const words = this.preTokenizer ? this.preTokenizer(sub, sectionIndex) : [sub];
        for (const w of words) ids.push(...this.model.encodeWord(w));
      }
    });
    return ids;
  }

  encodeBatch(texts: readonly string[], maxLength: number): TokenizedBatch {
    const room = Math.max(0, maxLength - this.prefixIds.length - this.suffixIds.length);
    const rows = texts.map((t) => [...this.prefixIds, ...this.tokenize(t).slice(0, room), ...this.suffixIds]);
    const len = Math.max(1, ...rows.map((r) => r.length));
    const inputIds = new Int32Array(rows.length * len).fill(this.padId);
    const attentionMask = new Int32Array(rows.length * len);
    rows.forEach((r, i) => {
      inputIds.set(r, i * len);
      attentionMask.fill(1, i * len, i * len + r.length);
    });
    return { inputIds, attentionMask, shape: [rows.length, len] };
  }

  files(): Record<string, Uint8Array> {
    const out: Record<string, Uint8Array> = { ...this.kept };
    out['tokenizer.json'] ??= enc(JSON.stringify(this.json, null, 1));
    out['tokenizer_config.json'] ??= enc(JSON.stringify(this.config, null, 1));
    if (this.kind === 'WordPiece' && !out['vocab.txt']) {
      out['vocab.txt'] = enc(
        Array.from({ length: this.vocabSize }, (_, i) => this.idToTok[i] ?? `[unused${i}]`).join('\n') + '\n',
      );
    }
    return out;
  }
}

/**
 * A tokenizer from the files of a model folder: tokenizer.json (+ tokenizer_config.json), or for old BERT
 * folders vocab.txt + tokenizer_config.json (a tokenizer.json is then synthesised).
 */
export function createTokenizer(files: Record<string, Uint8Array>): HfTokenizer {
  const config = parseJsonFile(files, 'tokenizer_config.json') ?? {};
  const kept: Record<string, Uint8Array> = {};
  for (const k of KEPT) if (files[k]) kept[k] = files[k];
  const json = parseJsonFile(files, 'tokenizer.json');
  if (json) return new HfTokenizer(json, config, kept);
  if (files['vocab.txt']) {
    const vocab = utf8.decode(files['vocab.txt']).split(/\r?\n/);
    while (vocab.length > 0 && vocab[vocab.length - 1] === '') vocab.pop();
    const synth = wordPieceFiles(vocab, wordPieceOptionsFromConfig(config));
    const fullConfig = { ...(parseJsonFile(synth, 'tokenizer_config.json') ?? {}), ...config };
    return new HfTokenizer(parseJsonFile(synth, 'tokenizer.json')!, fullConfig, {
      ...kept,
      'tokenizer.json': synth['tokenizer.json'],
      'tokenizer_config.json': enc(JSON.stringify(fullConfig, null, 1)),
    });
  }
  throw new Error('model folder has neither tokenizer.json nor vocab.txt');
}

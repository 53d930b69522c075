/**
 * Vocabulary trimming of a pre-trained model folder (as lm-vocab-trimmer / LaBSE-en-ru): keep the special
 * tokens and every piece the given texts tokenize to (optionally the N most frequent pieces too), renumber
 * them in their old order, and rewrite tokenizer.json (WordPiece or Unigram), the word-embedding rows and
 * config.json. A multilingual encoder with a 250k-row vocabulary is ~80 % word embeddings; an experiment's
 * languages reach a small fraction of them, and a table under 50k rows is trainable again (trainable.ts).
 *
 * Exactness: a covered text gets the same pieces (old ids mapped to new) and so, row for row, the same
 * embeddings. Why the kept set is closed:
 * - WordPiece (greedy longest match): at every position the chosen piece is kept and every longer
 *   candidate was absent before, so it is absent now; a word that was [UNK] fails at the same position again.
 * - Unigram (Viterbi): every kept-lattice path is an old-lattice path, or one where an unknown-character step
 *   replaces a removed single-character piece — which scores lower, since HF gives an unknown character the
 *   rarest piece's score minus 10. That penalty depends on the minimum score of the vocabulary, so the
 *   minimum-score piece is always kept. The old best path keeps its score, other candidates can only lose,
 *   and the earliest-start tie rule picks the same one.
 * - The pad id keeps its number (every id up to it is kept): RoBERTa-style position ids are offset by it.
 * The result is still verified: every text is tokenized again with the new tokenizer and compared.
 */
import type { ModelFiles } from './checkpoint';
import { parseBertConfig, parseEncoderOptions, stSettings } from './config';
import { readModelWeights, type TensorData, writeSafetensors } from './safetensors';
import { createTokenizer, type HfTokenizer, parseJsonFile } from './tokenizer';

type Json = Record<string, unknown>;

export interface TrimVocabOptions {
  /** Also keep this many of the most frequent pieces (Unigram: highest score; WordPiece: single characters first, then vocabulary order). */
  keepTop?: number;
  /** Lineage entry for this trim, e.g. `trim-vocab (xquad-r, mlqa-r)`. */
  lineageNote?: string;
  /** Where the folder came from (the lineage entry before the trim). */
  source?: string;
}

export interface ParamCount {
  /** Every float parameter of the weights file(s). */
  total: number;
  wordEmbeddings: number;
  /** Rows of the word-embedding matrix (config.json vocab_size). */
  rows: number;
}

/** What a trim kept: the parameter counts before and after and why each row stayed (recorded on the model). */
export interface TrimStats {
  before: ParamCount;
  after: ParamCount;
  /** Pieces the texts use, specials and other always-kept ids, pieces added by keepTop. */
  used: number;
  always: number;
  top: number;
  /** Distinct texts tokenized (with the model's query/passage prefixes when it has them). */
  texts: number;
}

export interface TrimVocabResult extends TrimStats {
  files: ModelFiles;
  /** old id → new id, −1 for a dropped row. */
  oldToNew: Int32Array;
}

const enc = (v: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(v, null, 1));
const DROP =
  /^(trainer_state\.json|optimizer\.safetensors|sentencepiece\.bpe\.model|README\.md|model\.safetensors\.index\.json|model-\d+-of-\d+\.safetensors|onnx\/.*)$/;
/** Tensors with one row per vocabulary id: the word embeddings, and an MLM head when the folder has one. */
const PER_ID =
  /(^|\.)(word_embeddings\.weight|lm_head\.decoder\.weight|lm_head\.bias|predictions\.bias|predictions\.decoder\.weight)$/;

/** The texts as the encoder sees them: raw, and with the query/passage prefixes of an E5-style model. */
export function coveredTexts(files: ModelFiles, texts: Iterable<string>): string[] {
  const raw = parseJsonFile(files, 'config.json');
  if (!raw) throw new Error('trim-vocab: the model folder has no config.json');
  const p = parseEncoderOptions(
    raw,
    parseBertConfig(raw),
    parseJsonFile(files, '1_Pooling/config.json'),
    stSettings(files),
  ).prefixes;
  const out = new Set<string>();
  for (const t of texts) {
    out.add(t);
    if (p) {
      out.add(p.query + t);
      out.add(p.passage + t);
    }
  }
  return [...out];
}

function count(w: ReadonlyMap<string, TensorData>): { total: number; word: number } {
  let total = 0;
  for (const t of w.values()) total += t.data.length;
  return { total, word: w.get('embeddings.word_embeddings.weight')?.data.length ?? 0 };
}

/** Ids that must stay whatever the texts: added tokens, begin/end, unk, pad and every id below pad. */
function alwaysKept(tok: HfTokenizer, json: Json, rows: number): Set<number> {
  const keep = new Set<number>([...tok.prefixIds, ...tok.suffixIds, tok.unkId]);
  for (const t of (json.added_tokens ?? []) as Array<{ id: number }>) keep.add(t.id);
  for (let i = 0; i <= tok.padId; i++) keep.add(i);
  const m = json.model as Json;
  if (m.type === 'Unigram') {
    // The unknown-character penalty is relative to the lowest piece score: keep that piece (see above).
    const v = m.vocab as Array<[string, number]>;
    let min = 0;
    for (let i = 1; i < v.length; i++) if (v[i][1] < v[min][1]) min = i;
    if (v.length) keep.add(min);
  }
  for (const id of keep)
    if (id >= rows) throw new Error(`trim-vocab: tokenizer id ${id} is beyond the ${rows} word-embedding rows of config.json`);
  return keep;
}

/** keepTop: Unigram by piece score; WordPiece has no frequencies, so single characters first (unseen text then splits into characters, not [UNK]), then vocabulary order. */
function topIds(json: Json, n: number): number[] {
  const m = json.model as Json;
  if (n <= 0) return [];
  if (m.type === 'Unigram') {
    const v = m.vocab as Array<[string, number]>;
    return v
      .map((_, i) => i)
      .sort((a, b) => v[b][1] - v[a][1] || a - b)
      .slice(0, n);
  }
  const prefix = String(m.continuing_subword_prefix ?? '##');
  const entries = Object.entries(m.vocab as Record<string, number>).sort((a, b) => a[1] - b[1]);
  const single = (t: string) => Array.from(t.startsWith(prefix) ? t.slice(prefix.length) : t).length === 1;
  return [...entries.filter(([t]) => single(t)), ...entries.filter(([t]) => !single(t))].slice(0, n).map(([, id]) => id);
}

function remapPostProcessor(pp: Json | null | undefined, map: (id: number) => number): void {
  if (!pp) return;
  if (pp.type === 'Sequence') {
    for (const p of (pp.processors ?? []) as Json[]) remapPostProcessor(p, map);
    return;
  }
  if (pp.type === 'TemplateProcessing') {
    for (const s of Object.values((pp.special_tokens ?? {}) as Record<string, { ids: number[] }>)) s.ids = s.ids.map(map);
  } else if (pp.type === 'BertProcessing' || pp.type === 'RobertaProcessing') {
    for (const k of ['cls', 'sep'] as const) {
      const t = pp[k] as [string, number];
      pp[k] = [t[0], map(t[1])];
    }
  }
}

/**
 * Trims the vocabulary of a model folder to what `texts` use (plus specials and keepTop). `texts` should be
 * every text the model will embed; coveredTexts() adds the model's prefixes. Throws when a text would
 * tokenize differently afterwards (it cannot, by the argument above; the check keeps that honest).
 */
export function trimVocab(files: ModelFiles, texts: readonly string[], o: TrimVocabOptions = {}): TrimVocabResult {
  const config = parseJsonFile(files, 'config.json');
  if (!config) throw new Error('trim-vocab: the model folder has no config.json');
  const rows = parseBertConfig(config).vocabSize;
  const tok = createTokenizer(files);
  const json = parseJsonFile(tok.files(), 'tokenizer.json')!;
  const weights = readModelWeights(files);
  const emb = weights.get('embeddings.word_embeddings.weight');
  if (!emb || emb.shape[0] !== rows)
    throw new Error(`trim-vocab: embeddings.word_embeddings.weight has shape [${emb?.shape}], config.json vocab_size is ${rows}`);
  const all = [...new Set(texts)];

  const keep = new Uint8Array(rows);
  const always = alwaysKept(tok, json, rows);
  for (const id of always) keep[id] = 1;
  const oldIds = all.map((t) => tok.tokenize(t));
  let used = 0;
  for (const ids of oldIds)
    for (const id of ids) {
      if (id >= rows) throw new Error(`trim-vocab: the tokenizer gives id ${id}, beyond the ${rows} word-embedding rows`);
      if (!keep[id]) {
        keep[id] = 1;
        used++;
      }
    }
  let top = 0;
  for (const id of topIds(json, o.keepTop ?? 0))
    if (!keep[id]) {
      keep[id] = 1;
      top++;
    }

  const oldToNew = new Int32Array(rows).fill(-1);
  const kept: number[] = [];
  for (let i = 0; i < rows; i++)
    if (keep[i]) {
      oldToNew[i] = kept.length;
      kept.push(i);
    }
  const map = (id: number): number => {
    const n = oldToNew[id];
    if (n === undefined || n < 0) throw new Error(`trim-vocab: id ${id} is referenced by the tokenizer but was not kept`);
    return n;
  };

  // tokenizer.json: model vocabulary, added tokens, post-processor, padding.
  const m = json.model as Json;
  if (m.type === 'Unigram') {
    const v = m.vocab as Array<[string, number]>;
    m.vocab = kept.filter((i) => i < v.length).map((i) => v[i]);
    m.unk_id = map(Number(m.unk_id ?? 0));
  } else {
    const v = m.vocab as Record<string, number>;
    m.vocab = Object.fromEntries(
      Object.entries(v)
        .filter(([, id]) => keep[id])
        .map(([t, id]) => [t, map(id)])
        .sort((a, b) => (a[1] as number) - (b[1] as number)),
    );
  }
  json.added_tokens = ((json.added_tokens ?? []) as Array<Json & { id: number }>).map((t) => ({ ...t, id: map(t.id) }));
  remapPostProcessor(json.post_processor as Json | null, map);
  const padding = json.padding as Json | null;
  if (padding && typeof padding.pad_id === 'number') padding.pad_id = map(padding.pad_id);

  const out: ModelFiles = {};
  for (const [k, v] of Object.entries(files)) if (!DROP.test(k)) out[k] = v;
  out['tokenizer.json'] = enc(json);
  const tc = parseJsonFile(tok.files(), 'tokenizer_config.json') ?? {};
  const decoder = tc.added_tokens_decoder as Record<string, unknown> | undefined;
  if (decoder)
    tc.added_tokens_decoder = Object.fromEntries(Object.entries(decoder).map(([id, t]) => [String(map(Number(id))), t]));
  out['tokenizer_config.json'] = enc(tc);
  if (m.type === 'WordPiece') {
    const byId = Object.entries(m.vocab as Record<string, number>)
      .sort((a, b) => a[1] - b[1])
      .map(([t]) => t);
    out['vocab.txt'] = new TextEncoder().encode(byId.join('\n') + '\n');
  } else delete out['vocab.txt'];

  const cfg: Json = { ...config, vocab_size: kept.length };
  for (const k of ['pad_token_id', 'bos_token_id', 'eos_token_id']) {
    const id = config[k];
    if (typeof id === 'number' && id >= 0 && id < rows)
      cfg[k] = keep[id]
        ? map(id)
        : (() => {
            throw new Error(`trim-vocab: config.json ${k} ${id} is not a token of the tokenizer`);
          })();
  }
  if (cfg.pad_token_id !== config.pad_token_id)
    throw new Error('trim-vocab: the pad id would change (RoBERTa position ids depend on it)');
  out['config.json'] = new TextEncoder().encode(JSON.stringify(cfg, null, 2));

  const H = emb.shape[1];
  const trimmed = new Map<string, TensorData>();
  for (const [name, t] of weights) {
    if (!PER_ID.test(name) || t.shape[0] !== rows) {
      trimmed.set(name, t);
      continue;
    }
    const w = t.data.length / rows;
    const data = new Float32Array(kept.length * w);
    kept.forEach((old, i) => data.set(t.data.subarray(old * w, (old + 1) * w), i * w));
    trimmed.set(name, { shape: [kept.length, ...t.shape.slice(1)], data });
  }
  out['model.safetensors'] = writeSafetensors(trimmed);

  const lineage = [
    ...priorLineage(files),
    ...(o.source ? [o.source] : []),
    o.lineageNote ?? `trim-vocab: ${rows} → ${kept.length} rows (${all.length} texts)`,
  ];
  out['lineage.json'] = new TextEncoder().encode(JSON.stringify({ lineage }, null, 2));

  verify(createTokenizer(out), all, oldIds, map);
  const b = count(weights),
    a = count(trimmed);
  if (a.word !== kept.length * H) throw new Error('trim-vocab: internal error, word-embedding size');
  return {
    files: out,
    oldToNew,
    before: { total: b.total, wordEmbeddings: b.word, rows },
    after: { total: a.total, wordEmbeddings: a.word, rows: kept.length },
    used,
    always: always.size,
    top,
    texts: all.length,
  };
}

/** Lineage recorded in the folder: a checkpoint's trainer state, else lineage.json. */
function priorLineage(files: ModelFiles): string[] {
  const f = parseJsonFile(files, 'trainer_state.json') ?? parseJsonFile(files, 'lineage.json');
  return Array.isArray(f?.lineage) ? (f.lineage as unknown[]).map(String) : [];
}

function verify(trimmed: HfTokenizer, texts: readonly string[], oldIds: number[][], map: (id: number) => number): void {
  texts.forEach((t, i) => {
    const want = oldIds[i].map(map);
    const got = trimmed.tokenize(t);
    if (got.length !== want.length || got.some((id, j) => id !== want[j])) {
      throw new Error(
        `trim-vocab: text ${i} (${JSON.stringify(t.slice(0, 60))}) tokenizes differently after trimming (${want.slice(0, 12).join(' ')} vs ${got.slice(0, 12).join(' ')}); please report it`,
      );
    }
  });
}

/**
 * Hugging Face `config.json` ⇄ the typed configuration of our BERT / XLM-R encoder.
 *
 * Our own settings (pooling, normalisation, prefixes, default max length) live under the `hbw` key of the
 * same config.json, so a saved folder stays loadable by `transformers` (it keeps unknown keys as attributes)
 * while carrying everything we need to reproduce its embeddings.
 */

import { ModelLoadError } from './errors';
import { parseJsonFile } from './tokenizer';

export type ModelType = 'bert' | 'xlm-roberta' | 'roberta';
export type HiddenAct = 'gelu' | 'gelu_new' | 'gelu_pytorch_tanh' | 'relu';
export type Pooling = 'mean' | 'cls' | 'pooler';

export interface BertConfig {
  modelType: ModelType;
  vocabSize: number;
  hiddenSize: number;
  numHiddenLayers: number;
  numAttentionHeads: number;
  intermediateSize: number;
  maxPositionEmbeddings: number;
  typeVocabSize: number;
  layerNormEps: number;
  padTokenId: number;
  hiddenAct: HiddenAct;
  /** config.json as read (minus `hbw`); written back on save so fields we do not use (dropout, ids, …) survive. */
  raw: Record<string, unknown>;
}

export interface EncoderConfig {
  model: BertConfig;
  pooling: Pooling;
  /** L2-normalise the pooled vector (cosine = dot product downstream). */
  normalize: boolean;
  /** E5-style prefixes, e.g. {query: 'query: ', passage: 'passage: '}; null = none. */
  prefixes: { query: string; passage: string } | null;
  /** Default max tokens per text, [CLS]/[SEP] included. */
  maxLength: number;
}

export type EncoderOptions = Omit<EncoderConfig, 'model'>;

const HF_ACTS: readonly string[] = ['gelu', 'gelu_new', 'gelu_pytorch_tanh', 'relu'];

function num(raw: Record<string, unknown>, key: string, fallback?: number): number {
  const v = raw[key];
  if ((v === undefined || v === null) && fallback !== undefined) return fallback;
  if (typeof v === 'number' && Number.isFinite(v)) {
    // Sizes and counts must be whole and positive (pad_token_id may be 0, and so may num_hidden_layers: an
    // embeddings-only encoder, which the experiment form allows); layer_norm_eps is the one real number.
    if (
      key === 'layer_norm_eps'
        ? v > 0
        : Number.isInteger(v) && (v > 0 || ((key === 'pad_token_id' || key === 'num_hidden_layers') && v === 0))
    )
      return v;
    throw new ModelLoadError(
      'config.json',
      undefined,
      key,
      `${v} is not a valid ${key === 'layer_norm_eps' ? 'positive number' : 'positive integer'}`,
      'fix the value, or use the config.json the weights were saved with',
    );
  }
  throw new ModelLoadError(
    'config.json',
    undefined,
    key,
    v === undefined ? 'missing field' : `${JSON.stringify(v)} is not a number`,
    'use the config.json the weights were saved with',
  );
}

/** RoBERTa-family models offset positions by pad_token_id + 1 (HF create_position_ids_from_input_ids). */
export function isRobertaLike(cfg: BertConfig): boolean {
  return cfg.modelType !== 'bert';
}

/** The longest input (specials included) the position table supports. */
export function maxSequenceLength(cfg: BertConfig): number {
  return isRobertaLike(cfg) ? cfg.maxPositionEmbeddings - cfg.padTokenId - 1 : cfg.maxPositionEmbeddings;
}

export function parseBertConfig(raw: Record<string, unknown>): BertConfig {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new ModelLoadError(
      'config.json',
      undefined,
      undefined,
      'is not a JSON object',
      'use the config.json the weights were saved with',
    );
  const type = String(raw.model_type ?? 'bert');
  if (type !== 'bert' && type !== 'xlm-roberta' && type !== 'roberta') {
    throw new ModelLoadError(
      'config.json',
      undefined,
      'model_type',
      `"${type}" is not supported (supported: bert, xlm-roberta, roberta)`,
      'use a BERT, RoBERTa or XLM-RoBERTa encoder',
    );
  }
  const act = String(raw.hidden_act ?? 'gelu');
  if (!HF_ACTS.includes(act))
    throw new ModelLoadError(
      'config.json',
      undefined,
      'hidden_act',
      `"${act}" is not supported (supported: ${HF_ACTS.join(', ')})`,
      'use a model with one of these activations',
    );
  const pet = raw.position_embedding_type;
  if (pet !== undefined && pet !== 'absolute')
    throw new ModelLoadError(
      'config.json',
      undefined,
      'position_embedding_type',
      `"${String(pet)}" is not supported (supported: absolute)`,
      'use a model with absolute position embeddings',
    );
  const cfg: BertConfig = {
    modelType: type,
    vocabSize: num(raw, 'vocab_size'),
    hiddenSize: num(raw, 'hidden_size'),
    numHiddenLayers: num(raw, 'num_hidden_layers'),
    numAttentionHeads: num(raw, 'num_attention_heads'),
    intermediateSize: num(raw, 'intermediate_size'),
    maxPositionEmbeddings: num(raw, 'max_position_embeddings'),
    typeVocabSize: num(raw, 'type_vocab_size', 2),
    layerNormEps: num(raw, 'layer_norm_eps', 1e-12),
    padTokenId: num(raw, 'pad_token_id', type === 'bert' ? 0 : 1),
    hiddenAct: act as HiddenAct,
    raw: Object.fromEntries(Object.entries(raw).filter(([k]) => k !== 'hbw')),
  };
  if (cfg.hiddenSize % cfg.numAttentionHeads !== 0) {
    throw new ModelLoadError(
      'config.json',
      undefined,
      'hidden_size',
      `${cfg.hiddenSize} is not a multiple of num_attention_heads ${cfg.numAttentionHeads}`,
      'use the config.json the weights were saved with',
    );
  }
  return cfg;
}

/**
 * Our options from config.json's `hbw` key, else from a sentence-transformers `1_Pooling/config.json`,
 * else defaults (mean pooling, normalised, no prefixes).
 */
/** sentence-transformers settings besides pooling: prompts (config_sentence_transformers.json), max_seq_length (sentence_bert_config.json). */
export interface StSettings {
  prompts?: unknown;
  maxSeqLength?: unknown;
}

/** The StSettings of a model folder's files (used when config.json has no `hbw` options). */
export function stSettings(files: Record<string, Uint8Array>): StSettings {
  return {
    prompts: parseJsonFile(files, 'config_sentence_transformers.json')?.prompts,
    maxSeqLength: parseJsonFile(files, 'sentence_bert_config.json')?.max_seq_length,
  };
}

export function parseEncoderOptions(
  raw: Record<string, unknown>,
  model: BertConfig,
  stPooling?: Record<string, unknown>,
  st: StSettings = {},
): EncoderOptions {
  const h = (raw.hbw ?? {}) as Record<string, unknown>;
  let pooling: Pooling = 'mean';
  if (h.pooling !== undefined) {
    if (h.pooling !== 'mean' && h.pooling !== 'cls' && h.pooling !== 'pooler')
      throw new Error(`config.json hbw.pooling "${String(h.pooling)}" is not one of mean, cls, pooler`);
    pooling = h.pooling;
  } else if (stPooling?.pooling_mode_cls_token === true) {
    pooling = 'cls';
  }
  const p = h.prefixes as { query?: unknown; passage?: unknown } | null | undefined;
  let prefixes = p && typeof p === 'object' ? { query: String(p.query ?? ''), passage: String(p.passage ?? '') } : null;
  // A sentence-transformers folder without our options: its "query" and "passage"/"document" prompts.
  const pr = st.prompts as Record<string, unknown> | undefined;
  if (p === undefined && pr && typeof pr === 'object' && typeof pr.query === 'string') {
    const passage = typeof pr.passage === 'string' ? pr.passage : typeof pr.document === 'string' ? pr.document : '';
    if (pr.query || passage) prefixes = { query: pr.query, passage };
  }
  const cap = maxSequenceLength(model);
  const stMax = typeof st.maxSeqLength === 'number' && st.maxSeqLength > 0 ? st.maxSeqLength : undefined;
  const maxLength = Math.min(typeof h.maxLength === 'number' ? h.maxLength : Math.min(stMax ?? 512, cap), cap);
  return { pooling, normalize: h.normalize !== false, prefixes, maxLength };
}

/** config.json for a saved encoder: the raw HF fields, our typed fields on top, our options under `hbw`. */
export function toConfigJson(cfg: EncoderConfig): Record<string, unknown> {
  const m = cfg.model;
  const arch = m.modelType === 'bert' ? 'BertModel' : m.modelType === 'roberta' ? 'RobertaModel' : 'XLMRobertaModel';
  return {
    ...m.raw,
    architectures: [arch], // the encoder alone, whatever task head the source checkpoint had
    model_type: m.modelType,
    vocab_size: m.vocabSize,
    hidden_size: m.hiddenSize,
    num_hidden_layers: m.numHiddenLayers,
    num_attention_heads: m.numAttentionHeads,
    intermediate_size: m.intermediateSize,
    hidden_act: m.hiddenAct,
    max_position_embeddings: m.maxPositionEmbeddings,
    type_vocab_size: m.typeVocabSize,
    layer_norm_eps: m.layerNormEps,
    pad_token_id: m.padTokenId,
    position_embedding_type: 'absolute',
    hbw: { pooling: cfg.pooling, normalize: cfg.normalize, prefixes: cfg.prefixes, maxLength: cfg.maxLength },
  };
}

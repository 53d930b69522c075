/**
 * Zero-shot evaluation of any text embedder — the trainable tfjs Encoder (through embedTexts) or a frozen
 * one such as the ONNX encoder: embed the selected queries and every candidate, then exact dense search,
 * metrics and language bias (evaluate()). One code path, so every runtime is scored the same way.
 */
import type { Dataset } from '../data/types';
import type { EncodeOptions } from '../model/encoder';
import { DenseRetriever } from './dense';
import { evaluate, selectQueries } from './evaluate';
import type { EvalResult, SettingName } from './types';

/** What evaluation needs from a model: its width and batched, order-preserving embedding of many texts. */
export interface TextEmbedder {
  readonly dim: number;
  embedAll(
    texts: readonly string[],
    batchSize: number,
    /** Awaited after each batch: it may yield, or throw to cancel. */
    onProgress?: (done: number, total: number) => void | Promise<void>,
    opts?: EncodeOptions,
  ): Promise<Float32Array>;
}

export interface EmbedderEvalOptions {
  settings: SettingName[];
  /** Cap on evaluated queries per language (same selection rule as evaluate()); undefined = all. */
  maxQueriesPerLang?: number;
  maxLength: number;
  /** Texts per embedding call; default 64. */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
  /** Also return each query's AP per setting (EvalResult.perQuery): Compare's paired test needs it. */
  perQuery?: boolean;
  /** Awaited after each embedding batch and before each scoring chunk; throws to cancel (EvalOptions.yieldPoint). */
  yieldPoint?: () => Promise<void>;
}

/** Embed a dataset (its selected queries and every candidate) and evaluate it exactly. */
export async function evaluateEmbedder(embedder: TextEmbedder, data: Dataset, opts: EmbedderEvalOptions): Promise<EvalResult> {
  const qIdx = selectQueries(data, data.langs, opts.maxQueriesPerLang);
  const sub: Dataset = { ...data, queries: Array.from(qIdx, (i) => data.queries[i]) };
  const bs = opts.batchSize ?? 64;
  const total = sub.queries.length + sub.candidates.length;
  const qEmb = await embedder.embedAll(
    sub.queries.map((q) => q.text),
    bs,
    async (d) => {
      opts.onProgress?.(d, total);
      await opts.yieldPoint?.();
    },
    { role: 'query', maxLength: opts.maxLength },
  );
  const cEmb = await embedder.embedAll(
    sub.candidates.map((c) => c.text),
    bs,
    async (d) => {
      opts.onProgress?.(sub.queries.length + d, total);
      await opts.yieldPoint?.();
    },
    { role: 'passage', maxLength: opts.maxLength },
  );
  const retriever = new DenseRetriever(qEmb, cEmb, embedder.dim, 'dense');
  try {
    return await evaluate(sub, retriever, { settings: opts.settings, perQuery: opts.perQuery, yieldPoint: opts.yieldPoint });
  } finally {
    retriever.dispose();
  }
}

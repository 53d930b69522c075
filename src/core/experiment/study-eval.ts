/**
 * The study's per-query evaluation of one finished run: embed every eval query and candidate with the run's
 * final weights and evaluate exactly, keeping each query's AP (EvalResult.perQuery) for the paired
 * significance tests of the report. One code path for the CLI (checkpoint folder) and the browser worker
 * (IndexedDB checkpoint), so both hosts feed buildStudyReport the same numbers.
 */
import type { Dataset } from '../data/types';
import { DenseRetriever } from '../eval/dense';
import { evaluate, selectQueries } from '../eval/evaluate';
import type { EvalResult } from '../eval/types';
import { embedTexts, type Encoder } from '../model/encoder';
import type { ExperimentConfig } from './config';

/** Texts per embedding call (the runner's default for evaluation). */
const BATCH = 64;

export async function evaluatePerQuery(
  encoder: Encoder,
  data: Dataset,
  cfg: Pick<ExperimentConfig, 'evalSettings' | 'maxLength'>,
  onProgress?: (done: number, total: number) => void,
): Promise<EvalResult> {
  const qIdx = selectQueries(data, data.langs);
  const sub: Dataset = { ...data, queries: Array.from(qIdx, (i) => data.queries[i]) };
  const total = sub.queries.length + sub.candidates.length;
  const qEmb = await embedTexts(
    encoder,
    sub.queries.map((q) => q.text),
    BATCH,
    (d) => onProgress?.(d, total),
    { role: 'query', maxLength: cfg.maxLength },
  );
  const cEmb = await embedTexts(
    encoder,
    sub.candidates.map((c) => c.text),
    BATCH,
    (d) => onProgress?.(sub.queries.length + d, total),
    { role: 'passage', maxLength: cfg.maxLength },
  );
  const retriever = new DenseRetriever(qEmb, cEmb, encoder.dim, 'dense');
  try {
    return await evaluate(sub, retriever, { settings: cfg.evalSettings, perQuery: true });
  } finally {
    retriever.dispose();
  }
}

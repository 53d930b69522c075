/**
 * The Evaluation tab's retrievers beyond BM25: any model the app knows — a run's checkpoint, a base (shipped or
 * built here) or a model loaded on the Models tab — evaluated with the same zero-shot protocol as a run.
 */
import type { Dataset } from '../../core/data/types';
import type { EvalResult } from '../../core/eval/types';
import { createEncoder } from '../../core/model/checkpoint';
import { evaluateEncoder } from '../../core/train/runner';
import { modelHandlers } from '../models/models';
import { modelFilesOf } from '../models/model-refs';
import type { EvalParams, Progress } from '../protocol';
import { getRun, runIdOfKey } from '../runs/runs-store';
import { yieldPointOf } from '../yield';

export const MODEL_PREFIX = 'model:';

export async function evaluateModelRef(
  ds: Dataset,
  p: EvalParams & { retriever: string },
  onProgress: (p: Progress) => void,
  signal: AbortSignal,
): Promise<EvalResult> {
  const settings = p.settings;
  if (p.retriever.startsWith(MODEL_PREFIX)) {
    const key = p.retriever.slice(MODEL_PREFIX.length);
    // The Models tab's own evaluation (ONNX or tfjs runtime); this request's job already holds the backend.
    return modelHandlers.modelEvaluate(
      { type: 'modelEvaluate', key, datasetId: p.datasetId, settings, maxQueriesPerLang: p.maxQueriesPerLang },
      { id: -1, signal, progress: onProgress, hold: () => undefined },
    );
  }
  const runId = runIdOfKey(p.retriever);
  // A run's checkpoint embeds with the run's token limit; bases with their own (from config.json).
  const maxLength = runId ? (await getRun(runId))?.config.maxLength : undefined;
  const encoder = createEncoder(await modelFilesOf(p.retriever), maxLength ? { maxLength } : {});
  try {
    const r = await evaluateEncoder(encoder, ds, {
      settings,
      maxQueriesPerLang: p.maxQueriesPerLang,
      maxLength: maxLength ?? encoder.config.maxLength,
      onProgress: (done, total) => onProgress({ phase: 'embed', done, total }),
      yieldPoint: yieldPointOf(signal, 'evaluation'),
    });
    return { ...r, retriever: `dense (${p.retriever})` };
  } finally {
    encoder.dispose();
  }
}

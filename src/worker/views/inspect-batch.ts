/**
 * The Inspector's "training batch" view: the texts the sampler put together at a step of a run, re-drawn from the
 * run's config and training data (the sampler is deterministic, so this is the batch the run trained on).
 */
import { batchAt } from '../../core/sampling/experiment-sampler';
import { getDataset, listDatasets } from '../datasets/datasets';
import type { TrainingBatchView } from '../runs/run-types';
import * as store from '../runs/runs-store';

export async function trainingBatch(runId: string, step: number): Promise<TrainingBatchView> {
  const rec = await store.getRun(runId);
  if (!rec) throw new Error(`no run ${runId}`);
  if (step >= rec.config.steps) throw new Error(`step ${step} is past the run's last batch (steps 0–${rec.config.steps - 1})`);
  await listDatasets(); // restores saved imports after a reload
  const b = batchAt(rec.config, getDataset(rec.trainId), step);
  return {
    runId,
    step,
    kind: b.kind,
    lang: b.lang,
    composition: b.composition,
    shortfall: b.shortfall,
    pairs: b.pairs.map((p) => ({
      xlingId: p.xlingId,
      queryLang: p.queryLang,
      passageLang: p.passageLang,
      query: p.query,
      positive: p.positive,
      negative: p.negative,
    })),
  };
}

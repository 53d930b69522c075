/**
 * The study's two pieces of core work in the browser: the per-query evaluation of a finished run (its final
 * IndexedDB checkpoint → core evaluatePerQuery, as `cli study` does from its checkpoint folder) and the report
 * (core buildStudyReport, unchanged; versions name the browser instead of Node).
 */
import * as tf from '@tensorflow/tfjs';
import { name as pkgName, version as pkgVersion } from '../../../package.json';
import type { EvalResult } from '../../core/eval/types';
import type { ExperimentConfig } from '../../core/experiment/config';
import { buildStudyReport } from '../../core/experiment/report';
import type { StudyConfig, StudyOutcome } from '../../core/experiment/study';
import { evaluatePerQuery } from '../../core/experiment/study-eval';
import { createEncoder } from '../../core/model/checkpoint';
import { getDataset, listDatasets } from '../datasets/datasets';
import type { RunRecord } from '../runs/run-types';
import { loadCheckpoint } from '../runs/runs-store';
import type { StudyReportView } from './study-protocol';

/** Re-evaluation may differ from the run's own final evaluation by float noise only. */
const AGREEMENT = 1e-4;

/** Evaluate a finished run's final checkpoint on its eval set with per-query AP (every query). */
export async function evaluateRunPerQuery(run: RunRecord, config: ExperimentConfig): Promise<EvalResult> {
  const ckpt = await loadCheckpoint(run.id);
  if (!ckpt)
    throw new Error(
      `run ${run.config.name} finished but its checkpoint is missing from browser storage; delete the run and resume the study to train it again`,
    );
  await listDatasets();
  const evalDs = getDataset(run.evalId);
  const encoder = createEncoder(ckpt.files, { maxLength: config.maxLength });
  let result: EvalResult;
  try {
    result = await evaluatePerQuery(encoder, evalDs, config);
  } finally {
    encoder.dispose();
  }
  const own = run.metrics.filter((m) => m.final).at(-1)?.result.settings.multilingual?.map;
  const again = result.settings.multilingual?.map;
  if (own !== undefined && again !== undefined && Math.abs(own - again) > AGREEMENT) {
    console.warn(`study: ${run.config.name}: re-evaluated multilingual mAP ${again} differs from the run's ${own}`);
  }
  return result;
}

function browserVersion(): string {
  const ua = typeof navigator === 'undefined' ? '' : navigator.userAgent;
  return /(?:HeadlessChrome|Chrome|Firefox|Version)\/[\d.]+/.exec(ua)?.[0] ?? (ua || 'unknown');
}

export function buildBrowserReport(study: StudyConfig, outcome: StudyOutcome, wallSeconds: number): StudyReportView {
  return buildStudyReport({
    study,
    records: outcome.records,
    versions: { browser: browserVersion(), tfjs: tf.version.tfjs, package: `${pkgName}@${pkgVersion}`, backend: tf.getBackend() },
    synthetic: study.base.train.source === 'demo',
    wallSeconds,
    resumedRuns: outcome.skipped.length,
  });
}

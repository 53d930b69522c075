/**
 * "Evaluate a run file" (Evaluation tab): a TREC run made by any system, scored on a loaded dataset in the
 * workbench's protocol (core/eval/from-run.ts, the CLI's `eval --from-run`), and kept as a run with origin
 * `trec-import` — the same record an imported `eval --bundle` folder becomes, so it opens like any run (results
 * table, Compare, Report, Bundle). Unknown query or document ids refuse the file (RunFileError), storing nothing.
 */
import { APP } from '../../core/bundle/environment';
import { buildManifest } from '../../core/bundle/manifest';
import { RankingsCollector } from '../../core/bundle/rankings';
import type { RunBundle } from '../../core/bundle/types';
import { evaluateRunText } from '../../core/eval/from-run';
import type { SettingName } from '../../core/eval/types';
import { bundleToRunRecord } from './bundle-record';
import { getDataset, listDatasets } from '../datasets/datasets';
import type { RunRecord } from './run-types';
import * as store from './runs-store';

export interface RunFileParams {
  datasetId: string;
  fileName: string;
  text: string;
  settings?: SettingName[];
}

export async function evaluateRunFile(p: RunFileParams, now = Date.now()): Promise<RunRecord> {
  await listDatasets(); // restores saved imports after a reload
  const ds = getDataset(p.datasetId);
  // Per query its top 10 and every relevant rank (rankings.json): what the Inspector shows for a run without a model.
  const rankings = new RankingsCollector(ds);
  const result = evaluateRunText(ds, p.text, p.fileName, {
    settings: p.settings,
    onRanking: (qi, ranked, scores) => rankings.add(qi, ranked, scores),
  });
  const id = `trec-${now.toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const bundle: RunBundle = {
    manifest: buildManifest({
      id,
      name: `${p.fileName} on ${ds.name}`,
      status: 'finished',
      createdAt: new Date(now),
      origin: { tool: 'trec-import', version: APP.version },
    }),
    experiment: {
      kind: 'evaluation',
      source: 'trec-run',
      file: p.fileName,
      dataset: p.datasetId,
      tag: result.fromRun.tag,
      ...(p.settings ? { settings: p.settings } : {}),
    },
    results: result as unknown as RunBundle['results'],
    rankings: rankings.result(),
  };
  bundle.manifest.files.rankings = 'rankings.json';
  const run = bundleToRunRecord(bundle, p.fileName, now);
  await store.importRuns([run]);
  return run.rec;
}

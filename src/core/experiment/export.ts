/**
 * Export glue between training and the sentence-transformers writer: a live encoder or a checkpoint folder
 * (with its trainer state: config, lineage, step) plus the last evaluation → the files of a
 * sentence-transformers folder, or one zip of them. Bytes only; the CLI and the worker do the I/O.
 */
import type { EvalResult } from '../eval/types';
import { saveEncoder, type ModelFiles } from '../model/checkpoint';
import type { Encoder } from '../model/encoder';
import { type ModelCardInfo, sentenceTransformersFiles } from '../model/sentence-transformers';
import { readLineage, readTrainerState } from '../train/checkpoint';
import { writeZip } from '../util/zip';

/** The files of the sentence-transformers folder for a live encoder (weights read back from the backend). */
export async function exportEncoder(encoder: Encoder, info: ModelCardInfo = {}): Promise<ModelFiles> {
  return sentenceTransformersFiles(await saveEncoder(encoder), info);
}

/**
 * Model-card facts recorded in a model or checkpoint folder: the trainer state's config, lineage and step
 * (the checkpoint itself appended to the lineage as "run <id> @ step N"), else lineage.json.
 */
export function cardInfoFromFolder(
  files: ModelFiles,
  source: string,
  evaluation?: { step?: number; result: EvalResult },
): ModelCardInfo {
  const st = readTrainerState(files);
  if (!st) return { lineage: [...readLineage(files), source], evaluation };
  return {
    name: st.config.name,
    config: st.config,
    lineage: [...st.lineage, `run ${st.runId} @ step ${st.step}`],
    trainedSteps: st.step,
    evaluation,
  };
}

/** One zip of an exported folder (store-only; see core/util/zip.ts). */
export function exportZip(files: ModelFiles): Uint8Array {
  return writeZip(files);
}

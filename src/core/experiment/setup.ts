/**
 * Turns an ExperimentConfig into a ready encoder: a from-scratch tiny BERT whose WordPiece vocabulary is
 * learned from the training text, or a model folder (pre-trained, a cross-lingual base, or a checkpoint).
 * The host (CLI, worker) supplies `loadFolder` because only it knows how to read paths (disk, IndexedDB).
 */
import type { Dataset } from '../data/types';
import { createEncoder, newTinyBert, type ModelFiles } from '../model/checkpoint';
import type { Encoder } from '../model/encoder';
import { trainWordPiece } from '../model/wordpiece-trainer';
import { readLineage, readTrainerState } from '../train/checkpoint';
import type { TrainerState } from '../train/runner';
import type { ExperimentConfig } from './config';

export interface PreparedModel {
  encoder: Encoder;
  /** Where the weights came from, oldest first (e.g. ["scratch:seed=42"], ["models/demo-base"]). */
  lineage: string[];
  /** Set when the folder was a checkpoint with trainer state (resume). */
  trainerState?: TrainerState;
}

/** Every text of the training split, in dataset order: the tokenizer's corpus. */
export function trainingCorpus(train: Dataset): string[] {
  return [...train.queries.map((q) => q.text), ...train.candidates.map((c) => c.text)];
}

export function prepareModel(
  cfg: ExperimentConfig,
  train: Dataset,
  loadFolder: (path: string) => ModelFiles,
  resumeFrom?: string,
): PreparedModel {
  if (resumeFrom) {
    const files = loadFolder(resumeFrom);
    const trainerState = readTrainerState(files);
    if (!trainerState)
      throw new Error(`${resumeFrom} is a model folder without trainer_state.json; use it as baseCheckpoint instead of resuming`);
    return { encoder: createEncoder(files), lineage: trainerState.lineage, trainerState };
  }
  const base = cfg.baseCheckpoint ?? (cfg.model.init === 'path' ? cfg.model.path : undefined);
  if (base) {
    const files = loadFolder(base);
    // A base keeps its own ancestry (a pre-training's lexicons, a finished run's lineage) in the lineage.
    return { encoder: createEncoder(files, { maxLength: cfg.maxLength }), lineage: [...readLineage(files), base] };
  }
  if (cfg.model.init !== 'scratch') throw new Error('unreachable: model.init must be scratch or path');
  const m = cfg.model;
  const vocab = trainWordPiece(trainingCorpus(train), { vocabSize: m.vocabSize, lowercase: true });
  const encoder = newTinyBert({
    vocab: vocab.files,
    hidden: m.hidden,
    layers: m.layers,
    heads: m.heads,
    intermediate: m.intermediate,
    maxPosition: Math.max(64, cfg.maxLength),
    maxLength: cfg.maxLength,
    seed: cfg.seed,
  });
  return { encoder, lineage: [`scratch:${m.layers}x${m.hidden},vocab=${m.vocabSize},seed=${cfg.seed}`] };
}

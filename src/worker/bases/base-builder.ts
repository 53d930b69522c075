/**
 * "Build a base" in the worker: translation pairs from lexicons / bitext (shipped or uploaded), a vocabulary
 * learned from them plus training text, runPretraining (InfoNCE on translation pairs, translation-ranking
 * evaluations), then the base stored in IndexedDB as a model any experiment can start from (`idb:bases/<id>`).
 * One build at a time; cancel stops after the current step and stores nothing. Progress goes out as BaseDeltas.
 */
import * as tf from '@tensorflow/tfjs';
import { importBitext } from '../../core/data/bitext';
import { importLexicon, mergeTranslationPairs, type TranslationPairs } from '../../core/data/lexicon';
import type { InputFile } from '../../core/data/types';
import { baseKey } from '../../core/experiment/base-ref';
import { trainingCorpus } from '../../core/experiment/setup';
import type { BertEncoder } from '../../core/model/bert';
import { baseModelFiles, baseVocabCorpus, newBaseEncoder, pretrainLineage } from '../../core/train/base-recipe';
import { runPretraining, type PretrainConfig } from '../../core/train/pretrain';
import { resolvePretrainConfig } from '../../core/train/pretrain-config';
import type { BaseDelta, BaseRecord, BuildBaseParams } from './base-types';
import { saveBase } from './bases-store';
import { getDataset, listDatasets, loadDemo } from '../datasets/datasets';
import { yieldToMessages } from '../yield';
import { shippedSource } from '../models/shipped';

export type BaseSink = (d: BaseDelta) => void;

const FLUSH_MS = 50;

interface Build {
  delta: BaseDelta;
  abort: AbortController;
  lastFlush: number;
  done?: Promise<void>;
}
let active: Build | undefined;
/** Set while a build is being validated and prepared (before `active`), so two starts cannot race. */
let starting = false;

export function isBuildingBase(): boolean {
  return !!active || starting;
}

async function inputsOf(p: BuildBaseParams): Promise<{ lexicons: InputFile[]; bitexts: InputFile[] }> {
  const lexicons: InputFile[] = [],
    bitexts: InputFile[] = [];
  for (const s of p.sources) {
    // A shipped file keeps its repository path (models/lexicon/…), the name `cli pretrain` sees in
    // scripts/make-models.sh: concepts are named after the file, so the held-out split and the batches match.
    const file: InputFile =
      'shipped' in s
        ? { name: `models/${s.shipped}`, bytes: await shippedSource(s.shipped) }
        : { name: s.name, bytes: new Uint8Array(s.bytes) };
    (s.kind === 'bitext' ? bitexts : lexicons).push(file);
  }
  return { lexicons, bitexts };
}

function pairsOf(lexicons: InputFile[], bitexts: InputFile[], cfg: PretrainConfig): TranslationPairs {
  const parts: TranslationPairs[] = [];
  if (lexicons.length) parts.push(importLexicon(lexicons, { maxConcepts: cfg.maxConceptsPerLexicon ?? undefined }));
  if (bitexts.length) parts.push(importBitext(bitexts));
  return parts.length === 1 ? parts[0] : mergeTranslationPairs(parts);
}

async function vocabTexts(ids: string[]): Promise<string[]> {
  await listDatasets();
  const out: string[] = [];
  for (const id of ids) {
    try {
      getDataset(id);
    } catch {
      if (!id.startsWith('demo:'))
        throw new Error(`vocabulary dataset "${id}" is not loaded. Fix: import it on the Data tab, or untick it`);
      await loadDemo();
    }
    out.push(...trainingCorpus(getDataset(id)));
  }
  return out;
}

/**
 * Validates everything (name, config, sources, datasets) and starts the build; resolves with its id once it runs.
 * Errors (a bad field, an unreadable lexicon line) reject this call and start nothing.
 */
export async function startBaseBuild(
  p: BuildBaseParams,
  sink: BaseSink,
  trainingBusy: () => boolean,
): Promise<{ buildId: string }> {
  if (isBuildingBase())
    throw new Error(`a base${active ? ` ("${active.delta.name}")` : ''} is being built; cancel it first (one build at a time)`);
  if (trainingBusy()) throw new Error('a run is training; pause or stop it before building a base (one job at a time)');
  starting = true;
  try {
    return await begin(p, sink);
  } finally {
    starting = false;
  }
}

async function begin(p: BuildBaseParams, sink: BaseSink): Promise<{ buildId: string }> {
  const name = p.name.trim();
  if (!name || name.length > 80) throw new Error('base name: give 1–80 characters. Fix: type a name for the base');
  const cfg = resolvePretrainConfig(p.config);
  if (!p.sources.length)
    throw new Error('sources: no lexicon or bitext file was chosen. Fix: tick the demo lexicon or add a TSV file');
  const { lexicons, bitexts } = await inputsOf(p);
  const data = pairsOf(lexicons, bitexts, cfg);
  const extra = await vocabTexts(p.vocabFrom);
  const buildId = `base-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const start = tf.memory().numTensors;
  const build: Build = {
    delta: {
      buildId,
      name,
      status: 'preparing',
      step: 0,
      steps: cfg.steps,
      trainSeconds: 0,
      evals: [],
      tensors: { start, now: start },
    },
    abort: new AbortController(),
    lastFlush: 0,
  };
  active = build;
  const send = (urgent: boolean) => {
    const now = performance.now();
    if (!urgent && now - build.lastFlush < FLUSH_MS) return;
    build.lastFlush = now;
    sink({ ...build.delta, evals: build.delta.evals.slice(), tensors: { start, now: tf.memory().numTensors } });
  };
  send(true);
  const sources = [...lexicons, ...bitexts].map((f) => f.name);
  build.done = drive(build, { name, cfg, data, extra, sources, vocabFrom: p.vocabFrom }, send)
    .catch((e: unknown) => {
      build.delta.status = 'error';
      build.delta.error = `building the base failed at step ${build.delta.step}: ${(e as Error)?.message ?? String(e)}`;
    })
    .finally(() => {
      active = undefined;
      send(true);
    });
  return { buildId };
}

/** Settles when the build running now ends (done, cancelled, failed); at once when none runs. */
export function buildSettled(): Promise<void> {
  return active?.done ?? Promise.resolve();
}

export function cancelBaseBuild(buildId: string): null {
  if (active?.delta.buildId === buildId) active.abort.abort();
  return null;
}

interface Job {
  name: string;
  cfg: PretrainConfig;
  data: TranslationPairs;
  extra: string[];
  sources: string[];
  vocabFrom: string[];
}

async function drive(build: Build, job: Job, send: (urgent: boolean) => void): Promise<void> {
  const d = build.delta;
  await yieldToMessages(); // the start answer goes out before the vocabulary is learned
  let encoder: BertEncoder | undefined;
  try {
    encoder = newBaseEncoder(job.cfg, baseVocabCorpus(job.data, job.extra));
    const backend = tf.getBackend();
    d.status = 'running';
    send(true);
    let t0: number | undefined,
      trainPairs = 0,
      heldOut = 0,
      seconds = 0;
    for await (const ev of runPretraining({ config: job.cfg, data: job.data, encoder, backend, signal: build.abort.signal })) {
      let urgent = false;
      if (ev.type === 'start') {
        trainPairs = ev.trainPairs;
        heldOut = ev.heldOut;
      } else if (ev.type === 'composition') t0 ??= performance.now();
      else if (ev.type === 'step') {
        d.step = ev.step;
        d.loss = ev.loss;
      } else if (ev.type === 'translation-eval') {
        d.evals.push({ step: ev.step, loss: ev.loss, accuracy: ev.accuracy, pairs: ev.pairs });
        urgent = true;
      } else if (ev.type === 'done') seconds = ev.seconds;
      else if (ev.type === 'error') throw new Error(ev.message);
      if (t0 !== undefined) d.trainSeconds = (performance.now() - t0) / 1000;
      send(urgent);
      await yieldToMessages();
    }
    if (build.abort.signal.aborted) {
      d.status = 'cancelled';
      return;
    }
    d.status = 'saving';
    send(true);
    const lineage = [pretrainLineage(job.sources, job.cfg)];
    const files = await baseModelFiles(encoder, lineage);
    const id = d.buildId;
    const base: BaseRecord = {
      id,
      key: baseKey(id),
      name: job.name,
      created: Date.now(),
      config: job.cfg,
      sources: job.sources,
      vocabFrom: job.vocabFrom,
      lineage,
      evals: d.evals.slice(),
      langs: job.data.langs,
      trainPairs,
      heldOut,
      backend,
      seconds,
      bytes: Object.values(files).reduce((s, f) => s + f.byteLength, 0),
    };
    await saveBase(base, files);
    d.base = base;
    d.status = 'done';
  } finally {
    encoder?.dispose();
  }
}

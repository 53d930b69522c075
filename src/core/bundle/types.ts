/**
 * The run bundle: one run as a folder or a `.zip` of it, described by its manifest `run.json`. Every CLI run
 * folder is one; the browser exports and imports them. Versioned: a reader refuses a newer version than it knows.
 */
import type { EvalResult } from '../eval/types';
import type { RunEvent } from '../train/events';

export const BUNDLE_FORMAT = 'hbw-run-bundle';
/** Bump when a reader of the previous version would misread a bundle (a new required field, a changed meaning). */
export const BUNDLE_VERSION = 1;
export const MANIFEST_FILE = 'run.json';

export type BundleStatus = 'finished' | 'interrupted' | 'failed' | 'running';
export const BUNDLE_STATUSES: readonly BundleStatus[] = ['finished', 'interrupted', 'failed', 'running'];
export type BundleTool = 'cli' | 'browser' | 'python-recipe' | 'trec-import';
export const BUNDLE_TOOLS: readonly BundleTool[] = ['cli', 'browser', 'python-recipe', 'trec-import'];

export interface BundleOrigin {
  tool: BundleTool;
  version: string;
  host?: string;
}

/** Paths inside the bundle, relative to its root. `checkpoint` names a folder (ends with '/'). */
export interface BundleFiles {
  experiment: string;
  results: string;
  events?: string;
  evaluations?: string;
  rankings?: string;
  run?: string;
  checkpoint?: string;
}
export const REQUIRED_FILES = ['experiment', 'results'] as const;
export const OPTIONAL_FILES = ['events', 'evaluations', 'rankings', 'run', 'checkpoint'] as const;
export type FileRole = keyof BundleFiles;

/** Where a run was computed: enough to tell two machines or two library versions apart. */
export interface BundleEnvironment {
  /** tfjs backend ('wasm', 'webgl', 'webgpu', 'cpu'), with any accelerator note ('wasm + OpenBLAS 0.3.21'). */
  backend: string;
  /** Package or runtime → version (app, @tensorflow/tfjs, node, browser …). */
  versions: Record<string, string>;
  /** platform, arch, cpu model, cores, memory (bytes), user agent — whatever the host can tell. */
  machine: Record<string, string | number>;
}

export interface RunManifest {
  format: typeof BUNDLE_FORMAT;
  version: number;
  id: string;
  name: string;
  createdAt: string;
  status: BundleStatus;
  origin: BundleOrigin;
  files: BundleFiles;
  /** Ancestry of the starting weights, oldest first (as in checkpoints' lineage.json and the 'start' event). */
  lineage?: string[];
  environment?: BundleEnvironment;
}

/** One line of `evaluations.jsonl`: every evaluation of a run with the query set it used. */
export interface BundleEvaluation {
  step: number;
  final: boolean;
  querySet?: { name: string; count: number; fingerprint: string };
  result: EvalResult;
}

/** `rankings.json`: what the Inspector shows per multilingual query without the model. */
export interface BundleRankings {
  setting: 'multilingual';
  /** Length of each `top` list. */
  k: number;
  queries: Array<{
    /** `<lang>:<xlingId>` as in TREC runs. */
    qid: string;
    /** The k best candidates: [uid, score]. */
    top: Array<[string, number]>;
    /** Every relevant candidate: [uid, 1-based rank, score]; rank null when the run did not retrieve it. */
    relevant: Array<[string, number | null, number | null]>;
  }>;
}

/** A bundle's files by path ('/'-separated, relative to the root): a folder on disk, a zip, a browser File list. */
export type FileMap = Record<string, Uint8Array>;

/** A bundle read and checked: the manifest and every file it names, parsed. */
export interface RunBundle {
  manifest: RunManifest;
  /** experiment.json verbatim (parsed; not re-validated as a config, so old and foreign configs still open). */
  experiment: Record<string, unknown>;
  results?: EvalResult & Record<string, unknown>;
  events?: RunEvent[];
  evaluations?: BundleEvaluation[];
  rankings?: BundleRankings;
  /** The TREC run text. */
  run?: string;
  /** Checkpoint files, paths relative to the checkpoint folder. */
  checkpoint?: FileMap;
  /** True when the folder had no run.json (a CLI run folder from before bundles): the manifest was inferred. */
  inferred?: boolean;
}

/**
 * Core records of a multilingual retrieval dataset.
 *
 * Parallel data (XQuAD-R, MLQA-R, the demo) links the translations of one question through `xlingId`:
 * every query with the same xlingId asks the same thing in another language, and relevance is defined
 * per xlingId, so "every translation of the answer is relevant" falls out of the data model.
 */

/** ISO 639-1 code, lower case (see languages.ts for the accepted set). */
export type Lang = string;

export interface Query {
  /** Links translations of the same question (the LAReQA question `id`). */
  xlingId: string;
  lang: Lang;
  text: string;
}

export interface Candidate {
  /** Stable id; for LAReQA data `<lang>/<paragraph index>/<sentence index>`, 0-based, paragraphs in file order. */
  uid: string;
  lang: Lang;
  /** The retrievable unit: one sentence for LAReQA, one passage for BEIR/JSONL. */
  text: string;
  /** The paragraph the sentence came from (LAReQA); equal to `text` when there is no wider context. */
  context: string;
}

export interface Dataset {
  name: string;
  /** Languages present, sorted. */
  langs: Lang[];
  queries: Query[];
  candidates: Candidate[];
  /** xlingId → uids of every relevant candidate, in any language. A candidate may serve several xlingIds. */
  relevant: Map<string, Set<string>>;
  /** Which split this is, when the source declares one (the demo has `train` and `eval`). */
  split?: 'train' | 'eval' | 'test' | 'dev';
}

/** A dataset in a plain-JSON shape (Map/Set flattened) for storage, workers and files. */
export interface SerializedDataset {
  name: string;
  langs: Lang[];
  queries: Query[];
  candidates: Candidate[];
  relevant: Record<string, string[]>;
  split?: Dataset['split'];
}

/** One input file, independent of where it came from (Node fs, a browser File, fetch). */
export interface InputFile {
  /** Path or name as the user knows it; used in every error message. */
  name: string;
  bytes: Uint8Array;
}

export function serializeDataset(d: Dataset): SerializedDataset {
  const relevant: Record<string, string[]> = {};
  for (const [k, v] of d.relevant) relevant[k] = [...v];
  return { name: d.name, langs: d.langs, queries: d.queries, candidates: d.candidates, relevant, split: d.split };
}

export function deserializeDataset(s: SerializedDataset): Dataset {
  const relevant = new Map<string, Set<string>>();
  for (const [k, v] of Object.entries(s.relevant)) relevant.set(k, new Set(v));
  return { name: s.name, langs: s.langs, queries: s.queries, candidates: s.candidates, relevant, split: s.split };
}

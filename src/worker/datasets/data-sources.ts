/**
 * "Get XQuAD-R" / "Get DuRetrieval": downloads a registered source (src/core/data/sources.ts) in the worker with
 * the core downloader, imports it with the shared format detection and keeps it as a persisted dataset (usable
 * offline afterwards). A cancel (the request's AbortSignal) keeps what arrived — per-file download states and
 * finished files, in this worker's memory — so the next "Get" resumes; the resume itself follows the Hub's
 * rules (download.ts): Range + If-Range where the final host allows it, a restart with a note otherwise.
 */
import { importDetected } from '../../core/data/detect';
import type { DownloadState } from '../../core/data/download';
import { fetchSource } from '../../core/data/fetch-source';
import { SOURCES, findSource } from '../../core/data/sources';
import { addDownloaded } from './datasets';
import type { DatasetSummary, Progress, SourceInfo } from '../protocol';

interface Pending {
  states: Map<string, DownloadState>;
  done: Map<string, Uint8Array>;
}
const pending = new Map<string, Pending>();
let busy: string | undefined;

const held = (p?: Pending) =>
  p ? [...p.states.values()].reduce((a, s) => a + s.bytes, 0) + [...p.done.values()].reduce((a, b) => a + b.length, 0) : 0;

export function listSources(): SourceInfo[] {
  return SOURCES.map((s) => ({
    id: s.id,
    title: s.title,
    description: s.description,
    approxBytes: s.approxBytes,
    licence: s.licence,
    attribution: s.attribution,
    homepage: s.homepage,
    note: s.note,
    partialBytes: held(pending.get(s.id)),
  }));
}

export async function getSource(
  id: string,
  base: string | undefined,
  onProgress: (p: Progress) => void,
  signal: AbortSignal,
): Promise<DatasetSummary> {
  const source = findSource(id);
  if (busy) throw new Error(`${busy} is downloading; wait for it or cancel it first`);
  busy = source.title;
  let p = pending.get(id);
  if (!p) pending.set(id, (p = { states: new Map(), done: new Map() }));
  const notes: string[] = [];
  // The worker's progress sender drops events closer than 50 ms apart; re-send the latest one shortly after, so
  // a download that stalls (slow server) still shows how far it got.
  let trailing: ReturnType<typeof setTimeout> | undefined;
  const report = (x: Progress) => {
    onProgress(x);
    clearTimeout(trailing);
    trailing = setTimeout(() => {
      if (!signal.aborted) onProgress({ ...x });
    }, 120);
  };
  try {
    const r = await fetchSource(source, {
      base: base || source.defaultBase,
      states: p.states,
      done: p.done,
      signal,
      onProgress: (x) => report({ phase: `download ${x.file} (${x.fileIndex + 1}/${x.files})`, done: x.bytes, total: x.total }),
      onNote: (n) => notes.push(n),
    });
    onProgress({ phase: 'import', done: 0, total: 1 });
    const { plan, dataset } = await importDetected(r.inputs, { ...source.importOptions, name: source.title });
    if (r.resumed.length) notes.push(`resumed: ${r.resumed.join(', ')}`);
    const summary = await addDownloaded(
      dataset,
      r.files.map((f) => f.name),
      {
        format: plan.label,
        origin: { sourceId: source.id, licence: source.licence.name, attribution: source.attribution },
        ...(notes.length ? { notes } : {}),
      },
    );
    pending.delete(id);
    return summary;
  } finally {
    clearTimeout(trailing);
    busy = undefined;
  }
}

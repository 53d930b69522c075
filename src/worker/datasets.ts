/** Datasets held by the worker: the demo (fetched from public/demo) and user imports (persisted). */
import { importLareqa } from '../core/data/lareqa';
import { deserializeDataset, serializeDataset, type Dataset, type InputFile } from '../core/data/types';
import type { DatasetPreview, DatasetSummary, LangCounts } from './protocol';
import { deleteDataset, loadDatasets, saveDataset } from './store';

interface Entry { ds: Dataset; summary: DatasetSummary }
const entries = new Map<string, Entry>();
let restored = false;

interface DemoManifest {
  name: string;
  splits: Partial<Record<'train' | 'eval', { langs: string[]; files: string[] }>>;
  zeroShotLangs?: string[];
}

function summarize(id: string, ds: Dataset, source: DatasetSummary['source'], files: string[], zeroShotLangs?: string[]): DatasetSummary {
  const byLang: Record<string, LangCounts> = {};
  for (const l of ds.langs) byLang[l] = { queries: 0, candidates: 0 };
  for (const q of ds.queries) (byLang[q.lang] ??= { queries: 0, candidates: 0 }).queries++;
  for (const c of ds.candidates) (byLang[c.lang] ??= { queries: 0, candidates: 0 }).candidates++;
  return { id, name: ds.name, source, split: ds.split, langs: ds.langs, byLang, files, ...(zeroShotLangs ? { zeroShotLangs } : {}) };
}

function url(path: string): string {
  return new URL(import.meta.env.BASE_URL + path, self.location.origin).href;
}

async function fetchBytes(path: string): Promise<Uint8Array> {
  const res = await fetch(url(path));
  // A dev server answers unknown paths with index.html; treat HTML as "not found" too.
  if (!res.ok || (res.headers.get('content-type') ?? '').includes('text/html')) {
    throw new Error(`demo file ${path} not found (HTTP ${res.status}); public/demo/ must hold the demo dataset`);
  }
  return new Uint8Array(await res.arrayBuffer());
}

export async function loadDemo(): Promise<DatasetSummary[]> {
  const manifest = JSON.parse(new TextDecoder().decode(await fetchBytes('demo/manifest.json'))) as DemoManifest;
  const out: DatasetSummary[] = [];
  for (const split of ['train', 'eval'] as const) {
    const spec = manifest.splits[split];
    if (!spec) continue;
    const files: InputFile[] = await Promise.all(spec.files.map(async (f) => ({ name: `demo/${f}`, bytes: await fetchBytes(`demo/${f}`) })));
    const ds = importLareqa(files, { name: manifest.name, split });
    const id = `demo:${split}`;
    const summary = summarize(id, ds, 'demo', files.map((f) => f.name), manifest.zeroShotLangs);
    entries.set(id, { ds, summary });
    out.push(summary);
  }
  return out;
}

let importCount = 0;

/** Import LAReQA files as one dataset; a DataImportError propagates and nothing is changed. */
export async function importFiles(files: InputFile[], name?: string, split?: 'train' | 'eval'): Promise<DatasetSummary> {
  const ds = importLareqa(files, { name: name || `import ${++importCount}`, split });
  const id = `import:${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const summary = summarize(id, ds, 'import', files.map((f) => f.name));
  entries.set(id, { ds, summary });
  await saveDataset({ id, savedAt: Date.now(), files: summary.files, data: serializeDataset(ds) });
  return summary;
}

/** Every dataset, restoring saved imports on the first call. */
export async function listDatasets(): Promise<DatasetSummary[]> {
  if (!restored) {
    restored = true;
    for (const rec of await loadDatasets()) {
      if (entries.has(rec.id)) continue;
      const ds = deserializeDataset(rec.data);
      entries.set(rec.id, { ds, summary: summarize(rec.id, ds, 'import', rec.files) });
      importCount++;
    }
  }
  return [...entries.values()].map((e) => e.summary);
}

export async function removeDataset(id: string): Promise<DatasetSummary[]> {
  if (entries.get(id)?.summary.source === 'import') {
    entries.delete(id);
    await deleteDataset(id);
  }
  return [...entries.values()].map((e) => e.summary);
}

export function getDataset(id: string): Dataset {
  const e = entries.get(id);
  if (!e) throw new Error(`no dataset with id ${id}; reload the page`);
  return e.ds;
}

export function preview(id: string, perLang: number): DatasetPreview {
  const ds = getDataset(id);
  const take = <T extends { lang: string }>(xs: T[]): T[] => {
    const n = new Map<string, number>();
    return xs.filter((x) => { const k = n.get(x.lang) ?? 0; n.set(x.lang, k + 1); return k < perLang; });
  };
  return { id, queries: take(ds.queries), candidates: take(ds.candidates).map((c) => ({ ...c, context: '' })) };
}

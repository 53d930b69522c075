/** Datasets held by the worker: the demo (fetched from public/demo), user imports and downloads (persisted). */
import { importDetected } from '../../core/data/detect';
import { importLareqa } from '../../core/data/lareqa';
import { deserializeDataset, serializeDataset, type Dataset, type InputFile } from '../../core/data/types';
import type { DatasetPreview, DatasetSummary, LangCounts } from '../protocol';
import { deleteDataset, loadDatasets, saveDataset, type StoredDataset } from '../store';

interface Entry {
  ds: Dataset;
  summary: DatasetSummary;
  record?: StoredDataset;
}
const entries = new Map<string, Entry>();
let restored = false;

interface DemoManifest {
  name: string;
  splits: Partial<Record<'train' | 'eval', { langs: string[]; files: string[] }>>;
  zeroShotLangs?: string[];
}

type Extra = Pick<DatasetSummary, 'format' | 'ignored' | 'origin' | 'notes' | 'zeroShotLangs'>;

function summarize(
  id: string,
  ds: Dataset,
  source: DatasetSummary['source'],
  files: string[],
  extra: Extra = {},
): DatasetSummary {
  const byLang: Record<string, LangCounts> = {};
  for (const l of ds.langs) byLang[l] = { queries: 0, candidates: 0 };
  for (const q of ds.queries) (byLang[q.lang] ??= { queries: 0, candidates: 0 }).queries++;
  for (const c of ds.candidates) (byLang[c.lang] ??= { queries: 0, candidates: 0 }).candidates++;
  const defined = Object.fromEntries(Object.entries(extra).filter(([, v]) => v !== undefined)) as Extra;
  return { id, name: ds.name, source, split: ds.split, langs: ds.langs, byLang, files, ...defined };
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
    const files: InputFile[] = await Promise.all(
      spec.files.map(async (f) => ({ name: `demo/${f}`, bytes: await fetchBytes(`demo/${f}`) })),
    );
    const ds = importLareqa(files, { name: manifest.name, split });
    const id = `demo:${split}`;
    const summary = summarize(
      id,
      ds,
      'demo',
      files.map((f) => f.name),
      { zeroShotLangs: manifest.zeroShotLangs, format: 'LAReQA (<lang>.json per language)' },
    );
    entries.set(id, { ds, summary });
    out.push(summary);
  }
  return out;
}

let importCount = 0;
const newId = (kind: string) => `${kind}:${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

/** Add a dataset and persist it (a failed write is reported to the console and never breaks the import). */
async function keep(ds: Dataset, source: 'import' | 'download', files: string[], extra: Extra): Promise<DatasetSummary> {
  const id = newId(source);
  const summary = summarize(id, ds, source, files, extra);
  const record: StoredDataset = {
    id,
    savedAt: Date.now(),
    files,
    data: serializeDataset(ds),
    format: extra.format,
    origin: extra.origin,
  };
  entries.set(id, { ds, summary, record });
  await saveDataset(record);
  return summary;
}

/**
 * Import any supported format as one dataset (format detection: src/core/data/detect.ts, shared with the
 * CLI); a DataImportError propagates and nothing is changed.
 */
export async function importFiles(
  files: InputFile[],
  name?: string,
  split?: 'train' | 'eval',
  lang?: string,
): Promise<DatasetSummary> {
  const { plan, dataset } = await importDetected(files, { name: name || undefined, split, lang: lang || undefined });
  if (!name && dataset.name === '') dataset.name = `import ${importCount + 1}`;
  importCount++;
  return keep(dataset, 'import', plan.files, { format: plan.label, ...(plan.ignored.length ? { ignored: plan.ignored } : {}) });
}

/** A downloaded registry source, already imported: kept and persisted like an import. */
export function addDownloaded(ds: Dataset, files: string[], extra: Extra): Promise<DatasetSummary> {
  return keep(ds, 'download', files, extra);
}

/** Every dataset, restoring saved imports and downloads on the first call. */
export async function listDatasets(): Promise<DatasetSummary[]> {
  if (!restored) {
    restored = true;
    for (const rec of await loadDatasets()) {
      if (entries.has(rec.id)) continue;
      const ds = deserializeDataset(rec.data);
      const source = rec.id.startsWith('download:') ? 'download' : 'import';
      entries.set(rec.id, {
        ds,
        summary: summarize(rec.id, ds, source, rec.files, { format: rec.format, origin: rec.origin }),
        record: rec,
      });
      importCount++;
    }
  }
  return [...entries.values()].map((e) => e.summary);
}

export async function removeDataset(id: string): Promise<DatasetSummary[]> {
  if (entries.get(id)?.summary.source !== 'demo') {
    entries.delete(id);
    await deleteDataset(id);
  }
  return [...entries.values()].map((e) => e.summary);
}

/** Rename an import or a download (persisted); the demo keeps its name. */
export async function renameDataset(id: string, name: string): Promise<DatasetSummary[]> {
  const e = entries.get(id);
  if (!e) throw new Error(`no dataset with id ${id}; reload the page`);
  const trimmed = name.trim();
  if (trimmed === '') throw new Error('a dataset name cannot be empty; type a name');
  if (e.summary.source === 'demo') throw new Error('the demo dataset cannot be renamed; import or download a dataset to name it');
  e.ds.name = trimmed;
  e.summary = { ...e.summary, name: trimmed };
  if (e.record) {
    e.record = { ...e.record, data: { ...e.record.data, name: trimmed } };
    await saveDataset(e.record);
  }
  return [...entries.values()].map((x) => x.summary);
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
    return xs.filter((x) => {
      const k = n.get(x.lang) ?? 0;
      n.set(x.lang, k + 1);
      return k < perLang;
    });
  };
  return { id, queries: take(ds.queries), candidates: take(ds.candidates).map((c) => ({ ...c, context: '' })) };
}

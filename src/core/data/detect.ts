/**
 * Format detection on a list of files, shared by the CLI (`src/cli/data-io.ts` reads a path into names and bytes)
 * and the worker (files picked, dropped or downloaded in the browser). Roles are assigned by file name first
 * (`planImport`, names only, so the CLI reads just the files it needs), then the core importer of that format
 * validates the bytes. Files that play no role (README, LICENSE, SOURCE.md, maps) are listed as ignored.
 *
 * Order matters where layouts share names: parquet (C-MTEB) → MIRACL (topics + qrels + corpus) → DuReader
 * (collection/passage + dev) → BEIR (corpus.jsonl + queries.jsonl + qrels/*.tsv) → JSONL pairs → LAReQA.
 */
import { importBeir } from './beir';
import { classifyDureaderFiles, importDureader } from './dureader';
import { DataImportError } from './errors';
import { importJsonlPairs } from './jsonl';
import { isKnownLang } from './languages';
import { importLareqa, langFromFileName } from './lareqa';
import { classifyMiraclFiles, importMiracl, langFromMiraclName } from './miracl';
import { classifyParquetFiles, importParquet } from './parquet';
import type { Dataset, InputFile, Lang } from './types';

export type DataFormat = 'lareqa' | 'beir' | 'jsonl' | 'miracl' | 'dureader' | 'parquet';

export const FORMAT_LABELS: Record<DataFormat, string> = {
  lareqa: 'LAReQA (<lang>.json per language)',
  beir: 'BEIR (corpus.jsonl, queries.jsonl, qrels/*.tsv)',
  jsonl: 'JSONL pairs',
  miracl: 'MIRACL (topics, qrels, corpus.jsonl)',
  dureader: 'DuReader_retrieval (collection + dev)',
  parquet: 'parquet, C-MTEB layout (corpus, queries, qrels)',
};

/** Which file plays which role; `files` = every file used, `ignored` = the rest. */
export interface ImportPlan {
  format: DataFormat;
  label: string;
  roles: Record<string, string[]>;
  files: string[];
  ignored: string[];
}

export interface ImportOptions {
  /** Dataset name; default: the common folder of the files, else the first file's base name. */
  name?: string;
  split?: Dataset['split'];
  /** Language for formats that carry none (parquet, BEIR without `lang`, MIRACL without a code in its names). */
  lang?: Lang;
}

const base = (n: string) => n.split(/[\\/]/).pop() ?? n;
const dirs = (n: string) => n.split(/[\\/]/).slice(0, -1);

function plan(format: DataFormat, roles: Record<string, string[]>, names: string[]): ImportPlan {
  const used = new Set(Object.values(roles).flat());
  return { format, label: FORMAT_LABELS[format], roles, files: [...used], ignored: names.filter((n) => !used.has(n)) };
}

/** Assign roles by name. Throws a DataImportError saying what each format needs when nothing fits. */
export function planImport(names: string[], where?: string): ImportPlan {
  if (names.length === 0)
    throw new DataImportError(
      '(no file)',
      undefined,
      undefined,
      'no file was given',
      'pick the files (or the folder) of one dataset',
    );
  const pq = classifyParquetFiles(names);
  if (pq) return plan('parquet', { corpus: pq.corpus, queries: [pq.queries], qrels: [pq.qrels] }, names);
  if (names.some((n) => /\.parquet$/i.test(n))) {
    throw new DataImportError(
      names.find((n) => /\.parquet$/i.test(n))!,
      undefined,
      undefined,
      'parquet files need three roles: corpus, queries and qrels',
      'give the corpus (*corpus*.parquet), the queries (*queries*.parquet) and the qrels (*qrels*.parquet or dev-*.parquet) together',
    );
  }
  const miracl = classifyMiraclFiles(names);
  if (miracl) return plan('miracl', { topics: [miracl.topics], qrels: [miracl.qrels], corpus: miracl.corpus }, names);
  const du = classifyDureaderFiles(names);
  if (du)
    return plan(
      'dureader',
      { collection: du.collection, ...(du.queries ? { queries: [du.queries] } : {}), qrels: [du.qrels] },
      names,
    );
  const corpus = names.find((n) => base(n) === 'corpus.jsonl');
  const queries = names.find((n) => base(n) === 'queries.jsonl');
  if (corpus && queries) {
    const tsvs = names.filter((n) => /\.tsv$/i.test(n)).sort();
    const inQrels = tsvs.filter((n) => dirs(n).includes('qrels'));
    const pool = inQrels.length ? inQrels : tsvs;
    const pick = pool.find((n) => base(n) === 'test.tsv') ?? pool.find((n) => base(n) === 'dev.tsv') ?? pool[0];
    if (!pick)
      throw new DataImportError(
        corpus,
        undefined,
        undefined,
        'a BEIR folder needs a qrels file',
        'add qrels/test.tsv (query-id<TAB>corpus-id<TAB>score)',
      );
    return plan('beir', { corpus: [corpus], queries: [queries], qrels: [pick] }, names);
  }
  const jsonl = names.filter((n) => /\.jsonl$/i.test(n));
  if (jsonl.length > 0) return plan('jsonl', { pairs: jsonl.sort() }, names);
  const json = names
    .filter((n) => /\.json$/i.test(n) && !/\.map\.json$/i.test(n) && !['manifest.json', 'dataset.json'].includes(base(n)))
    .sort();
  // LAReQA: once one file is named by a known language, every other .json is a language file too, so one with an
  // unknown code is refused by importLareqa (naming the file) rather than skipped — a silently missing language
  // would skew every macro-average.
  if (json.some((n) => isKnownLang(langFromFileName(n).toLowerCase())) || json.length === 1)
    return plan('lareqa', { languages: json }, names);
  const what =
    where ??
    (names.length === 1
      ? names[0]
      : `${names.length} files (${names.slice(0, 4).map(base).join(', ')}${names.length > 4 ? ', …' : ''})`);
  throw new DataImportError(
    what,
    undefined,
    undefined,
    'no known dataset layout',
    'give LAReQA <lang>.json files, a BEIR folder (corpus.jsonl, queries.jsonl, qrels/*.tsv), a .jsonl pairs file, MIRACL topics/qrels/corpus, DuReader collection + dev files, or C-MTEB parquet (corpus, queries, qrels)',
  );
}

/** The dataset name when none is given: one file's base name, or the files' common folder, else ''. */
function defaultName(p: ImportPlan): string {
  if (p.files.length === 1) return base(p.files[0]).replace(/\.[^.]*$/, '');
  const folders = p.files.map(dirs);
  const common: string[] = [];
  for (let i = 0; folders.every((f) => i < f.length && f[i] === folders[0][i]); i++) common.push(folders[0][i]);
  const last = common.filter((s) => s !== '' && s !== '.' && s !== 'qrels').pop();
  // Several loose files (picked, not a folder): no name to take; the caller names it.
  return last ?? '';
}

/** Run the importer a plan names. Every importer validates everything before returning. */
export async function importPlanned(p: ImportPlan, files: InputFile[], opts: ImportOptions = {}): Promise<Dataset> {
  const byName = new Map(files.map((f) => [f.name, f]));
  const get = (n: string): InputFile => {
    const f = byName.get(n);
    if (!f) throw new DataImportError(n, undefined, undefined, 'file not given', 'pass every file of the dataset');
    return f;
  };
  const role = (r: string) => (p.roles[r] ?? []).map(get);
  const name = opts.name || defaultName(p);
  switch (p.format) {
    case 'parquet':
      return importParquet(
        { corpus: role('corpus'), queries: role('queries')[0], qrels: role('qrels')[0] },
        { name, lang: opts.lang },
      );
    case 'miracl': {
      const lang = opts.lang ?? langFromMiraclName(p.roles.topics[0]) ?? langFromMiraclName(p.roles.qrels[0]);
      if (!lang)
        throw new DataImportError(
          p.roles.topics[0],
          undefined,
          'lang',
          'cannot tell the language from the file name',
          'name the files like topics.miracl-v1.0-<lang>-dev.tsv or give the language (--lang)',
        );
      return importMiracl({ topics: role('topics')[0], qrels: role('qrels')[0], corpus: role('corpus') }, { name, lang });
    }
    case 'dureader':
      return importDureader({ collection: role('collection'), queries: role('queries')[0], qrels: role('qrels')[0] }, { name });
    case 'beir':
      return importBeir(
        { corpus: role('corpus')[0], queries: role('queries')[0], qrels: role('qrels')[0] },
        { name, lang: opts.lang },
      );
    case 'jsonl':
      return importJsonlPairs(role('pairs'), name);
    case 'lareqa':
      return importLareqa(role('languages'), { name, split: opts.split });
  }
}

/** Detect the format of `files` and import them: the one entry point for the worker. */
export async function importDetected(
  files: InputFile[],
  opts: ImportOptions = {},
): Promise<{ plan: ImportPlan; dataset: Dataset }> {
  const p = planImport(files.map((f) => f.name));
  return { plan: p, dataset: await importPlanned(p, files, opts) };
}

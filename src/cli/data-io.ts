/**
 * Reading datasets from disk for the CLI: detects the layout of a path and hands bytes to the core importers.
 * - a folder with manifest.json (the embedded demo): one split of it (`--split train|eval`)
 * - a folder with corpus.jsonl + queries.jsonl + qrels/: BEIR
 * - a .jsonl file: generic pairs
 * - a folder with topics*.tsv + qrels*.tsv + corpus*.jsonl: MIRACL-style (language from the file names)
 * - a folder with collection*|passage* + dev* files: DuReader_retrieval
 * - a folder of `<lang>.json` files: LAReQA (XQuAD-R, MLQA-R)
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { importBeir } from '../core/data/beir';
import { classifyDureaderFiles, importDureader } from '../core/data/dureader';
import { classifyMiraclFiles, importMiracl, langFromMiraclName } from '../core/data/miracl';
import { DataImportError } from '../core/data/errors';
import { importJsonlPairs } from '../core/data/jsonl';
import { importLareqa } from '../core/data/lareqa';
import type { Dataset, InputFile } from '../core/data/types';
import { readRegularFile } from './safe-read';

export const DEMO_DIR = resolve(import.meta.dirname, '../../public/demo');

export function readInput(path: string): InputFile {
  return { name: path, bytes: readRegularFile(path) }; // a FIFO or device would block a plain read
}

export interface DemoManifest {
  name: string;
  splits: Record<string, { langs: string[]; files: string[] }>;
  zeroShotLangs?: string[];
}

export function loadDataset(path: string, opts: { split?: 'train' | 'eval' } = {}): Dataset {
  if (!existsSync(path)) throw new DataImportError(path, undefined, undefined, 'no such file or folder', 'give a LAReQA folder, a BEIR folder, a .jsonl file, or "demo"');
  if (!statSync(path).isDirectory()) { // files, and FIFOs/devices, which readInput refuses
    if (path.endsWith('.jsonl')) return importJsonlPairs([readInput(path)], basename(path, '.jsonl'));
    if (path.endsWith('.json')) return importLareqa([readInput(path)], { name: basename(path, '.json') });
    throw new DataImportError(path, undefined, undefined, 'unknown file type', 'give a .jsonl pairs file, a LAReQA <lang>.json, or a folder');
  }
  const name = basename(resolve(path));
  const manifestPath = join(path, 'manifest.json');
  if (existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as DemoManifest;
    const split = opts.split ?? 'eval';
    const s = manifest.splits[split];
    if (!s) throw new DataImportError(manifestPath, 'splits', split, `no split "${split}"`, `use one of ${Object.keys(manifest.splits).join(', ')}`);
    return importLareqa(s.files.map((f) => readInput(join(path, f))), { name: `${manifest.name}-${split}`, split });
  }
  // DuReader_retrieval (collection*/passage* + dev*) and MIRACL-style (topics*.tsv + qrels*.tsv + corpus*.jsonl).
  const entries = readdirSync(path).filter((f) => statSync(join(path, f)).isFile());
  const miracl = classifyMiraclFiles(entries);
  if (miracl) {
    const lang = langFromMiraclName(miracl.topics) ?? langFromMiraclName(miracl.qrels);
    if (!lang) throw new DataImportError(join(path, miracl.topics), undefined, 'lang', 'cannot tell the language from the file name', 'name the files like topics.miracl-v1.0-<lang>-dev.tsv');
    return importMiracl({ topics: readInput(join(path, miracl.topics)), qrels: readInput(join(path, miracl.qrels)), corpus: miracl.corpus.map((f) => readInput(join(path, f))) }, { name, lang });
  }
  const dureader = classifyDureaderFiles(entries);
  if (dureader) {
    return importDureader({ collection: dureader.collection.map((f) => readInput(join(path, f))), queries: dureader.queries ? readInput(join(path, dureader.queries)) : undefined, qrels: readInput(join(path, dureader.qrels)) }, { name });
  }
  if (existsSync(join(path, 'corpus.jsonl'))) {
    const qrelsDir = join(path, 'qrels');
    const qrelFiles = existsSync(qrelsDir) ? readdirSync(qrelsDir).filter((f) => f.endsWith('.tsv')).sort() : [];
    const pick = qrelFiles.find((f) => f === 'test.tsv') ?? qrelFiles[0];
    if (!pick) throw new DataImportError(qrelsDir, undefined, undefined, 'no qrels/*.tsv file', 'add qrels/test.tsv (query-id, corpus-id, score)');
    return importBeir({ corpus: readInput(join(path, 'corpus.jsonl')), queries: readInput(join(path, 'queries.jsonl')), qrels: readInput(join(qrelsDir, pick)) }, { name });
  }
  // Every .json of a LAReQA folder is a language file: one with an unknown code is refused by importLareqa
  // (naming the file), not skipped — a silently missing language would skew every average.
  const files = readdirSync(path).filter((f) => /\.json$/i.test(f)).sort();
  if (files.length === 0) throw new DataImportError(path, undefined, undefined, 'no <lang>.json files, manifest.json or corpus.jsonl found', 'point --data at a LAReQA, demo or BEIR folder');
  return importLareqa(files.map((f) => readInput(join(path, f))), { name });
}

/** `demo` is a shortcut for the embedded demo folder. */
export function resolveDataPath(p: string): string {
  return p === 'demo' ? DEMO_DIR : p;
}

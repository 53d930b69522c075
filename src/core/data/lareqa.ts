/**
 * Importer for the LAReQA format (XQuAD-R, MLQA-R, the embedded demo): SQuAD v1.1 JSON plus, per paragraph,
 * `sentences` and `sentence_breaks` ([start, end) character offsets into `context`). One file per language,
 * named `<lang>.json` (also `xquad.<lang>.json`-style names: the last dotted part before `.json` is the code).
 *
 * Candidates are sentences, uid `<lang>/<paragraph index>/<sentence index>` (0-based, paragraphs numbered in
 * file order across articles). A question's answer sentence is the one whose [start, end) holds
 * `answer_start`. The question `id` links translations (xlingId), so relevant[xlingId] collects the answer
 * sentence of every language.
 *
 * Everything is validated before anything is returned: an error throws DataImportError and nothing is
 * half-imported.
 */
import { DataImportError, decodeUtf8, parseJson } from './errors';
import { checkLang } from './languages';
import type { Candidate, Dataset, InputFile, Query } from './types';

/** `en.json`, `path/to/xquad.en.json`, `de.JSON` → the language part of the name. */
export function langFromFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  const stem = base.replace(/\.json$/i, '');
  const parts = stem.split('.');
  return parts[parts.length - 1];
}

interface FileRecords {
  lang: string;
  queries: Query[];
  candidates: Candidate[];
  /** xlingId → uid of the answer sentence(s) in this file. */
  answers: Map<string, Set<string>>;
}

function fail(file: string, record: string, field: string | undefined, problem: string, fix: string): never {
  throw new DataImportError(file, record, field, problem, fix);
}

function arrayAt(file: string, rec: string, obj: Record<string, unknown>, field: string): unknown[] {
  const v = obj[field];
  if (v === undefined) fail(file, rec, field, 'missing field', `add "${field}" (a list) as in the LAReQA/SQuAD format`);
  if (!Array.isArray(v)) fail(file, rec, field, `expected a list, found ${typeof v}`, `make "${field}" a JSON array`);
  return v;
}

function objectAt(file: string, rec: string, v: unknown): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    fail(file, rec, undefined, 'expected a JSON object', 'each record must be an object with the LAReQA fields');
  return v as Record<string, unknown>;
}

function stringAt(file: string, rec: string, obj: Record<string, unknown>, field: string): string {
  const v = obj[field];
  if (v === undefined) fail(file, rec, field, 'missing field', `add "${field}" (a string)`);
  if (typeof v !== 'string')
    fail(file, rec, field, `expected a string, found ${JSON.stringify(v)?.slice(0, 40)}`, `make "${field}" a string`);
  if (v.trim() === '') fail(file, rec, field, `"${field}" is empty`, `give a non-empty "${field}" or remove the record`);
  return v;
}

/**
 * Whether two strings are within `k` edits (insert, delete, substitute) of each other: Levenshtein restricted
 * to a diagonal band of width 2k+1, so O(length × k) however long the strings.
 */
export function withinEdits(a: string, b: string, k: number): boolean {
  if (Math.abs(a.length - b.length) > k) return false;
  const INF = k + 1;
  let prev = new Array<number>(b.length + 1).fill(INF);
  for (let j = 0; j <= Math.min(b.length, k); j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const cur = new Array<number>(b.length + 1).fill(INF);
    if (i <= k) cur[0] = i;
    let best = cur[0];
    for (let j = Math.max(1, i - k); j <= Math.min(b.length, i + k); j++) {
      cur[j] = Math.min(INF, prev[j - 1] + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1), prev[j] + 1, cur[j - 1] + 1);
      if (cur[j] < best) best = cur[j];
    }
    if (best > k) return false;
    prev = cur;
  }
  return prev[b.length] <= k;
}

/**
 * A sentence must be its context slice. Edits up to 5% of its length are let through: XQuAD-R's Turkish file
 * has two sentences whose context carries mojibake (`â\x81„` for `⁞`) that shifts the later breaks by two
 * characters — upstream data, kept as is. Anything further apart is a sentence that does not belong there.
 */
function sentenceMatchesSlice(text: string, slice: string): boolean {
  return text === slice || text.trim() === slice.trim() || withinEdits(text, slice, Math.max(2, Math.ceil(0.05 * slice.length)));
}

function parseFile(file: InputFile): FileRecords {
  const name = file.name;
  const lang = checkLang(langFromFileName(name), name, undefined, 'file name (language code)');
  const root = objectAt(name, 'top level', parseJson(name, decodeUtf8(name, file.bytes)));
  const data = arrayAt(name, 'top level', root, 'data');
  if (data.length === 0) fail(name, 'top level', 'data', 'no articles', 'the file must contain at least one article');
  const out: FileRecords = { lang, queries: [], candidates: [], answers: new Map() };
  const seenIds = new Set<string>();
  let paragraphIndex = 0;
  data.forEach((articleRaw, ai) => {
    const aRec = `data[${ai}]`;
    const article = objectAt(name, aRec, articleRaw);
    const paragraphs = arrayAt(name, aRec, article, 'paragraphs');
    paragraphs.forEach((pRaw, pi) => {
      const pRec = `${aRec}.paragraphs[${pi}]`;
      const p = objectAt(name, pRec, pRaw);
      const context = stringAt(name, pRec, p, 'context');
      const sentences = arrayAt(name, pRec, p, 'sentences');
      const breaks = arrayAt(name, pRec, p, 'sentence_breaks');
      if (sentences.length !== breaks.length) {
        fail(
          name,
          pRec,
          'sentence_breaks',
          `${breaks.length} breaks for ${sentences.length} sentences`,
          'give one [start, end] pair per sentence',
        );
      }
      const pIdx = paragraphIndex++;
      const spans: Array<[number, number]> = [];
      breaks.forEach((b, si) => {
        const field = `sentence_breaks[${si}]`;
        if (!Array.isArray(b) || b.length !== 2 || !Number.isInteger(b[0]) || !Number.isInteger(b[1])) {
          fail(
            name,
            pRec,
            field,
            `expected [start, end] integers, found ${JSON.stringify(b)}`,
            'write each break as two integer character offsets',
          );
        }
        const [s, e] = b as [number, number];
        if (s < 0 || e > context.length || s >= e) {
          fail(
            name,
            pRec,
            field,
            `break [${s}, ${e}] lies outside its context (length ${context.length})`,
            'offsets must satisfy 0 <= start < end <= context length',
          );
        }
        if (si > 0 && s < spans[si - 1][1])
          fail(name, pRec, field, `break [${s}, ${e}] overlaps the previous one`, 'breaks must be ascending and non-overlapping');
        const text = sentences[si];
        if (typeof text !== 'string') fail(name, pRec, `sentences[${si}]`, 'expected a string', 'sentences must be strings');
        if (text.trim() === '')
          fail(
            name,
            pRec,
            `sentences[${si}]`,
            'the sentence is empty',
            'give every sentence its text from the context, or drop it and its break',
          );
        const slice = context.slice(s, e);
        if (!sentenceMatchesSlice(text, slice)) {
          const cut = (x: string) => JSON.stringify(x.length > 60 ? `${x.slice(0, 57)}...` : x);
          fail(
            name,
            pRec,
            `sentences[${si}]`,
            `the sentence ${cut(text)} is not its context slice [${s}, ${e}) ${cut(slice)}`,
            'sentence_breaks must be the [start, end) offsets of each sentence in context; regenerate them from the context',
          );
        }
        spans.push([s, e]);
        out.candidates.push({ uid: `${lang}/${pIdx}/${si}`, lang, text, context });
      });
      const qas = arrayAt(name, pRec, p, 'qas');
      qas.forEach((qRaw, qi) => {
        const qRec = `${pRec}.qas[${qi}]`;
        const qa = objectAt(name, qRec, qRaw);
        const id = stringAt(name, qRec, qa, 'id');
        const question = stringAt(name, qRec, qa, 'question');
        if (seenIds.has(id))
          fail(name, qRec, 'id', `duplicate question id "${id}"`, 'question ids must be unique within a language file');
        seenIds.add(id);
        const answers = arrayAt(name, qRec, qa, 'answers');
        if (answers.length === 0) fail(name, qRec, 'answers', 'no answer', 'give at least one answer with answer_start');
        const uids = new Set<string>();
        answers.forEach((ansRaw, ni) => {
          const nRec = `${qRec}.answers[${ni}]`;
          const ans = objectAt(name, nRec, ansRaw);
          const start = ans['answer_start'];
          if (!Number.isInteger(start))
            fail(
              name,
              nRec,
              'answer_start',
              `expected an integer, found ${JSON.stringify(start)}`,
              "give the answer's character offset into context",
            );
          const si = spans.findIndex(([s, e]) => (start as number) >= s && (start as number) < e);
          if (si < 0) {
            fail(
              name,
              nRec,
              'answer_start',
              `offset ${start} maps to no sentence (breaks: ${JSON.stringify(spans)})`,
              'fix answer_start or the sentence_breaks so the answer starts inside a sentence',
            );
          }
          uids.add(`${lang}/${pIdx}/${si}`);
        });
        out.queries.push({ xlingId: id, lang, text: question });
        out.answers.set(id, uids);
      });
    });
  });
  return out;
}

/** Import LAReQA language files (one per language) into one parallel Dataset. */
export function importLareqa(files: InputFile[], opts: { name?: string; split?: Dataset['split'] } = {}): Dataset {
  if (files.length === 0)
    throw new DataImportError(
      '(no files)',
      undefined,
      undefined,
      'no LAReQA files given',
      'pass one <lang>.json file per language',
    );
  const parsed = files.map(parseFile);
  const byLang = new Map<string, string>();
  for (let i = 0; i < parsed.length; i++) {
    const prev = byLang.get(parsed[i].lang);
    if (prev !== undefined) {
      throw new DataImportError(
        files[i].name,
        undefined,
        'file name (language code)',
        `language "${parsed[i].lang}" is also given by ${prev}`,
        'pass one file per language',
      );
    }
    byLang.set(parsed[i].lang, files[i].name);
  }
  parsed.sort((a, b) => (a.lang < b.lang ? -1 : a.lang > b.lang ? 1 : 0));
  const relevant = new Map<string, Set<string>>();
  for (const f of parsed) {
    for (const [id, uids] of f.answers) {
      let set = relevant.get(id);
      if (!set) relevant.set(id, (set = new Set()));
      for (const u of uids) set.add(u);
    }
  }
  return {
    name: opts.name ?? 'lareqa',
    langs: parsed.map((f) => f.lang),
    queries: parsed.flatMap((f) => f.queries),
    candidates: parsed.flatMap((f) => f.candidates),
    relevant,
    split: opts.split,
  };
}

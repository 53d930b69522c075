/**
 * Invariant checker for the generated demo: every rule the LAReQA importer and the evaluation rely on,
 * plus the demo's own promises (parallel languages, topic split, zero-shot language, sizes). Throws on
 * the first violation with a message naming the file and record.
 */
import type { LareqaFile } from './render';

export interface SplitFiles {
  split: string;
  files: Record<string, LareqaFile>;
}

export const MIN_PARAGRAPHS = 60;
export const MIN_QUESTIONS = 150;

function fail(where: string, problem: string): never {
  throw new Error(`demo check failed: ${where}: ${problem}`);
}

/** The per-file rules (offsets, breaks, answers, ids). Returns paragraph and question counts. */
export function checkFile(name: string, file: LareqaFile, lang: string): { paragraphs: number; questions: number } {
  if (file.version !== '1.1') fail(name, 'version must be "1.1"');
  if (!Array.isArray(file.data) || file.data.length === 0) fail(name, 'no articles');
  const ids = new Set<string>();
  let paragraphs = 0,
    questions = 0;
  file.data.forEach((a, ai) =>
    a.paragraphs.forEach((p, pi) => {
      const rec = `${name} data[${ai}].paragraphs[${pi}]`;
      paragraphs++;
      const { context, sentences, sentence_breaks: br } = p;
      if (sentences.length < 4 || sentences.length > 6) fail(rec, `${sentences.length} sentences (want 4–6)`);
      if (br.length !== sentences.length) fail(rec, 'one break per sentence');
      const joined = sentences.join(lang === 'zh' ? '' : ' ');
      if (context !== joined) fail(rec, 'context is not the sentences joined by the separator');
      br.forEach(([s, e], i) => {
        if (!Number.isInteger(s) || !Number.isInteger(e) || s < 0 || e > context.length || s >= e)
          fail(rec, `bad break ${i} [${s}, ${e}]`);
        if (i > 0 && s < br[i - 1][1]) fail(rec, `break ${i} overlaps or is not ascending`);
        if (context.slice(s, e) !== sentences[i]) fail(rec, `context.slice(break ${i}) !== sentences[${i}]`);
        if (sentences[i] !== sentences[i].trim() || /[{}\u0001\u0002^]|\s\s/.test(sentences[i]))
          fail(rec, `sentence ${i} has stray characters: ${sentences[i]}`);
      });
      if (p.qas.length < 2 || p.qas.length > 3) fail(rec, `${p.qas.length} questions (want 2–3)`);
      for (const qa of p.qas) {
        const qrec = `${rec} qas ${qa.id}`;
        questions++;
        if (ids.has(qa.id)) fail(qrec, 'duplicate id in file');
        ids.add(qa.id);
        if (!/[?？؟]$/.test(qa.question) || /[{}\u0001\u0002^]|\s\s/.test(qa.question))
          fail(qrec, `bad question text: ${qa.question}`);
        if (qa.answers.length !== 1) fail(qrec, 'want exactly one answer');
        const { answer_start: st, text } = qa.answers[0];
        if (text.length === 0 || context.substr(st, text.length) !== text) fail(qrec, 'answer text not at answer_start');
        const hits = br.filter(([s, e]) => st >= s && st < e);
        if (hits.length !== 1) fail(qrec, `answer_start ${st} lies in ${hits.length} sentences`);
        if (st + text.length > hits[0][1]) fail(qrec, 'answer runs past its sentence');
      }
    }),
  );
  return { paragraphs, questions };
}

/** Index of the sentence holding each question's answer, per question id, in file order. */
export function answerSentences(file: LareqaFile): Array<[string, number, number]> {
  const out: Array<[string, number, number]> = [];
  let pIdx = 0;
  for (const a of file.data)
    for (const p of a.paragraphs) {
      for (const qa of p.qas) {
        const st = qa.answers[0].answer_start;
        out.push([qa.id, pIdx, p.sentence_breaks.findIndex(([s, e]) => st >= s && st < e)]);
      }
      pIdx++;
    }
  return out;
}

/** Per-split rules: files parallel across languages, minimum sizes. */
export function checkSplit({ split, files }: SplitFiles): Record<string, { paragraphs: number; questions: number }> {
  const langs = Object.keys(files);
  if (langs.length === 0) fail(split, 'no languages');
  const counts: Record<string, { paragraphs: number; questions: number }> = {};
  const ref = files[langs[0]];
  const refAnswers = JSON.stringify(answerSentences(ref));
  for (const lang of langs) {
    const f = files[lang];
    const name = `${split}/${lang}.json`;
    counts[lang] = checkFile(name, f, lang);
    if (counts[lang].paragraphs < MIN_PARAGRAPHS) fail(name, `${counts[lang].paragraphs} paragraphs < ${MIN_PARAGRAPHS}`);
    if (counts[lang].questions < MIN_QUESTIONS) fail(name, `${counts[lang].questions} questions < ${MIN_QUESTIONS}`);
    if (f.data.length !== ref.data.length) fail(name, 'article count differs from other languages');
    f.data.forEach((a, ai) => {
      const r = ref.data[ai];
      if (a.title !== r.title || a.paragraphs.length !== r.paragraphs.length)
        fail(`${name} data[${ai}]`, 'article differs from other languages');
      a.paragraphs.forEach((p, pi) => {
        if (p.sentences.length !== r.paragraphs[pi].sentences.length)
          fail(`${name} data[${ai}].paragraphs[${pi}]`, 'sentence count differs from other languages');
      });
    });
    if (JSON.stringify(answerSentences(f)) !== refAnswers)
      fail(name, 'question ids or answer sentence indices differ from other languages');
  }
  return counts;
}

/**
 * Topic split: no eval name (any word of it) occurs as a word in any train file of the same language.
 * Chinese has no word boundaries, so there any substring counts; Arabic words may carry a one-letter
 * proclitic (ب ل و ف ك) in front.
 */
export function checkTopicSplit(evalNamesByLang: Record<string, string[]>, trainTextByLang: Record<string, string>): void {
  for (const [lang, text] of Object.entries(trainTextByLang)) {
    for (const n of evalNamesByLang[lang] ?? []) {
      const esc = n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const found =
        lang === 'zh'
          ? text.includes(n)
          : new RegExp(`(?<![\\p{L}\\p{M}])${lang === 'ar' ? '[بلوفك]?' : ''}${esc}(?![\\p{L}\\p{M}])`, 'u').test(text);
      if (found) fail(`train/${lang}.json`, `eval name "${n}" appears in train`);
    }
  }
}

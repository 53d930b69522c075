/**
 * Renders a world into LAReQA files: template expansion (see the mini-language in schema.ts), answer
 * spans, sentence breaks and the SQuAD v1.1 / XQuAD-R JSON shape.
 */
import { renderName } from './names';
import {
  CATEGORIES,
  N_EXTRA_TEMPLATES,
  N_QUESTION_TEMPLATES,
  N_SENTENCE_TEMPLATES,
  type Category,
  type LangPack,
} from './schema';
import type { Entity, Value, World } from './world';

export interface LareqaAnswer {
  answer_start: number;
  text: string;
}
export interface LareqaQa {
  id: string;
  question: string;
  answers: LareqaAnswer[];
}
export interface LareqaParagraph {
  context: string;
  sentences: string[];
  sentence_breaks: Array<[number, number]>;
  qas: LareqaQa[];
}
export interface LareqaArticle {
  title: string;
  paragraphs: LareqaParagraph[];
}
export interface LareqaFile {
  version: '1.1';
  data: LareqaArticle[];
}

const OPEN = '\u0001',
  CLOSE = '\u0002';

function valueText(pack: LangPack, v: Value, form: string | undefined, where: string): string {
  if (v.kind === 'num') return String(v.n);
  if (v.kind === 'name') return renderName(v.name, pack.script);
  const entry = pack.lex[v.lex]?.[v.item];
  if (entry === undefined) throw new Error(`${pack.lang}: lexicon ${v.lex}.${v.item} missing (${where})`);
  if (typeof entry === 'string') return entry;
  if (form === undefined || entry[form] === undefined)
    throw new Error(`${pack.lang}: lexicon ${v.lex}.${v.item} has no form "${form}" (${where})`);
  return entry[form];
}

/** Expand one template for an entity. Answer spans come back wrapped in OPEN/CLOSE. */
export function expand(pack: LangPack, e: Entity, tpl: string, where: string): string {
  return tpl.replace(/\{([^{}]*)\}/g, (_, body: string) => {
    if (body === 'N') return renderName(e.name, pack.script);
    if (body.startsWith('g:')) {
      const [m, f] = body.slice(2).split('|');
      if (f === undefined || !e.gender) throw new Error(`${pack.lang}: bad gender token {${body}} for ${e.key} (${where})`);
      return e.gender === 'm' ? m : f;
    }
    const answer = body.startsWith('@');
    const [key, form] = (answer ? body.slice(1) : body).split('.');
    const v = e.values[key];
    if (!v) throw new Error(`${pack.lang}: unknown value {${body}} for ${e.cat} (${where})`);
    const text = valueText(pack, v, form, where);
    const caret = text.indexOf('^');
    if (!answer) return text.replace('^', '');
    return caret < 0 ? OPEN + text + CLOSE : text.slice(0, caret) + OPEN + text.slice(caret + 1) + CLOSE;
  });
}

/** Strip the answer markers from a sentence: the plain sentence, and the span's offset and text. */
function splitAnswer(marked: string, where: string): { sentence: string; start: number; text: string } {
  const a = marked.indexOf(OPEN),
    b = marked.indexOf(CLOSE);
  if (a < 0 || b < a || marked.indexOf(OPEN, a + 1) >= 0)
    throw new Error(`${where}: expected exactly one answer span in "${marked}"`);
  return { sentence: marked.slice(0, a) + marked.slice(a + 1, b) + marked.slice(b + 1), start: a, text: marked.slice(a + 1, b) };
}

/** Check a pack has every category, attribute and template count the plans rely on. */
export function validatePack(pack: LangPack): void {
  for (const [cat, spec] of Object.entries(CATEGORIES) as Array<[Category, (typeof CATEGORIES)[Category]]>) {
    const t = pack.cats[cat];
    if (!t) throw new Error(`${pack.lang}: no templates for ${cat}`);
    if (t.extra.length !== N_EXTRA_TEMPLATES) throw new Error(`${pack.lang}.${cat}: need ${N_EXTRA_TEMPLATES} extra sentences`);
    for (const attr of Object.keys(spec.attrs)) {
      const f = t.facts[attr];
      if (!f || f.s.length !== N_SENTENCE_TEMPLATES || f.q.length !== N_QUESTION_TEMPLATES) {
        throw new Error(
          `${pack.lang}.${cat}.${attr}: need ${N_SENTENCE_TEMPLATES} sentence and ${N_QUESTION_TEMPLATES} question templates`,
        );
      }
      for (const s of f.s) {
        if (s.split(`{@${attr}`).length !== 2 || (s.match(/\{@/g) ?? []).length !== 1)
          throw new Error(`${pack.lang}.${cat}.${attr}: "${s}" must hold {@${attr}} once`);
      }
      for (const q of f.q) if (q.includes('{@')) throw new Error(`${pack.lang}.${cat}.${attr}: question "${q}" marks an answer`);
    }
    if (Object.keys(t.facts).length !== Object.keys(spec.attrs).length)
      throw new Error(`${pack.lang}.${cat}: unexpected attributes`);
  }
}

export function renderParagraph(pack: LangPack, e: Entity): LareqaParagraph {
  const t = pack.cats[e.cat];
  const sentences: string[] = [];
  const answers = new Map<string, { sentence: number; start: number; text: string }>();
  e.sentences.forEach((sp, i) => {
    const where = `${pack.lang} ${e.key} sentence ${i}`;
    if (sp.kind === 'extra') {
      sentences.push(expand(pack, e, t.extra[sp.tpl], where));
      return;
    }
    const { sentence, start, text } = splitAnswer(expand(pack, e, t.facts[sp.attr].s[sp.tpl], where), where);
    sentences.push(sentence);
    answers.set(sp.attr, { sentence: i, start, text });
  });
  const breaks: Array<[number, number]> = [];
  let pos = 0;
  for (const s of sentences) {
    breaks.push([pos, pos + s.length]);
    pos += s.length + pack.joiner.length;
  }
  const qas = e.questions.map((q): LareqaQa => {
    const a = answers.get(q.attr);
    if (!a) throw new Error(`${pack.lang} ${e.key}: question on "${q.attr}" has no answer sentence`);
    return {
      id: q.id,
      question: expand(pack, e, t.facts[q.attr].q[q.tpl], `${pack.lang} ${q.id}`),
      answers: [{ answer_start: breaks[a.sentence][0] + a.start, text: a.text }],
    };
  });
  return { context: sentences.join(pack.joiner), sentences, sentence_breaks: breaks, qas };
}

/** One language file of a split: one article per category, one paragraph per entity. */
export function renderFile(pack: LangPack, world: World): LareqaFile {
  const data: LareqaArticle[] = [];
  for (const e of world.entities) {
    const title = CATEGORIES[e.cat].title;
    let article = data[data.length - 1];
    if (!article || article.title !== title) data.push((article = { title, paragraphs: [] }));
    article.paragraphs.push(renderParagraph(pack, e));
  }
  return { version: '1.1', data };
}

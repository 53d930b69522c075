/**
 * Builds the fictional world of one split: entities with attribute values, and for each entity the
 * plan of its paragraph (which facts and distractor sentences, in which order, with which template)
 * and of its questions. Plans are language-independent, so every language renders the same paragraph.
 */
import { NameGen, type Name, type Script } from './names';
import { hashSeed, mulberry32, pick, randInt, shuffle, type Rng } from './prng';
import {
  CATEGORIES,
  isSafeCount,
  LEX,
  N_EXTRA_TEMPLATES,
  N_QUESTION_TEMPLATES,
  N_SENTENCE_TEMPLATES,
  SPLIT_PLAN,
  type AttrSpec,
  type Category,
  type LexKind,
  type Split,
} from './schema';

export const DEMO_SEED = 20240611;

export type Value = { kind: 'num'; n: number } | { kind: 'name'; name: Name } | { kind: 'lex'; lex: LexKind; item: string };

export type SentencePlan = { kind: 'fact'; attr: string; tpl: number } | { kind: 'extra'; tpl: number };
export interface QuestionPlan {
  attr: string;
  tpl: number;
  id: string;
}

export interface Entity {
  /** Stable key, e.g. `eval-town-03`; question ids are `demo-<key>-<attr>`. */
  key: string;
  cat: Category;
  name: Name;
  gender?: 'm' | 'f';
  values: Record<string, Value>;
  sentences: SentencePlan[];
  questions: QuestionPlan[];
}

/** One split: its entities and every name drawn for it (entity names and attribute names alike). */
export interface World {
  split: Split;
  entities: Entity[];
  names: Name[];
}

function drawCount(rng: Rng, spec: { min: number; max: number; step?: number }): number {
  const step = spec.step ?? 1;
  for (let i = 0; i < 1000; i++) {
    const v = Math.round(randInt(rng, spec.min, spec.max) / step) * step;
    if (v >= spec.min && v <= spec.max && isSafeCount(v)) return v;
  }
  throw new Error(`no safe count in [${spec.min}, ${spec.max}]`);
}

function drawValue(
  rng: Rng,
  spec: AttrSpec,
  values: Record<string, Value>,
  byCat: Map<Category, Entity[]>,
  gen: NameGen,
  names: Name[],
): Value {
  switch (spec.kind) {
    case 'year': {
      if (spec.after === undefined) return { kind: 'num', n: randInt(rng, spec.min, spec.max) };
      const base = values[spec.after];
      if (!base || base.kind !== 'num') throw new Error(`year attribute needs "${spec.after}" drawn first`);
      return { kind: 'num', n: base.n + randInt(rng, spec.min, spec.max) };
    }
    case 'count':
      return { kind: 'num', n: drawCount(rng, spec) };
    case 'ref': {
      const pool = byCat.get(spec.cat);
      if (!pool || pool.length === 0) throw new Error(`no ${spec.cat} in this split to refer to`);
      return { kind: 'name', name: pick(rng, pool).name };
    }
    case 'place':
    case 'person': {
      const name = spec.kind === 'place' ? gen.place(rng) : gen.person(rng);
      names.push(name);
      return { kind: 'name', name };
    }
    case 'lex':
      return { kind: 'lex', lex: spec.lex, item: pick(rng, LEX[spec.lex]) };
  }
}

/** 3–5 facts plus 1–2 distractors (4–6 sentences), shuffled; 2–3 questions (mostly 3) on the facts. */
function planParagraph(rng: Rng, e: Entity): void {
  const attrs = Object.keys(CATEGORIES[e.cat].attrs);
  const nFacts = randInt(rng, 3, 5);
  const nExtra = nFacts === 5 ? 1 : randInt(rng, 1, 2);
  const facts: SentencePlan[] = shuffle(rng, attrs)
    .slice(0, nFacts)
    .map((attr) => ({ kind: 'fact', attr, tpl: randInt(rng, 0, N_SENTENCE_TEMPLATES - 1) }));
  const extras: SentencePlan[] = shuffle(rng, [...Array(N_EXTRA_TEMPLATES).keys()])
    .slice(0, nExtra)
    .map((tpl) => ({ kind: 'extra', tpl }));
  e.sentences = shuffle(rng, [...facts, ...extras]);
  const nQ = rng() < 0.8 ? 3 : 2;
  const asked = new Set(
    shuffle(rng, facts)
      .slice(0, nQ)
      .map((f) => (f.kind === 'fact' ? f.attr : '')),
  );
  e.questions = e.sentences
    .filter((s): s is Extract<SentencePlan, { kind: 'fact' }> => s.kind === 'fact' && asked.has(s.attr))
    .map((s) => ({ attr: s.attr, tpl: randInt(rng, 0, N_QUESTION_TEMPLATES - 1), id: `demo-${e.key}-${s.attr}` }));
}

/**
 * Build both splits with one NameGen, so no name (or word of a name) is shared between them.
 * `reserved`: per script, the templates' text, which names must not occur in.
 */
export function buildWorlds(seed = DEMO_SEED, reserved: Partial<Record<Script, string>> = {}): Record<Split, World> {
  const gen = new NameGen(reserved);
  const out = {} as Record<Split, World>;
  for (const split of ['train', 'eval'] as const) {
    const rng = mulberry32(hashSeed(split, seed));
    const names: Name[] = [];
    const byCat = new Map<Category, Entity[]>();
    const entities: Entity[] = [];
    for (const [cat, count] of Object.entries(SPLIT_PLAN[split].counts) as Array<[Category, number]>) {
      const list: Entity[] = [];
      for (let i = 0; i < count; i++) {
        const spec = CATEGORIES[cat];
        const name = spec.person ? gen.person(rng) : gen.place(rng);
        names.push(name);
        const gender = spec.person ? (rng() < 0.5 ? 'm' : 'f') : undefined;
        list.push({
          key: `${split}-${cat}-${String(i + 1).padStart(2, '0')}`,
          cat,
          name,
          gender,
          values: {},
          sentences: [],
          questions: [],
        });
      }
      byCat.set(cat, list);
      entities.push(...list);
    }
    for (const e of entities) {
      for (const [attr, spec] of Object.entries(CATEGORIES[e.cat].attrs)) {
        e.values[attr] = drawValue(rng, spec, e.values, byCat, gen, names);
      }
      planParagraph(rng, e);
    }
    out[split] = { split, entities, names };
  }
  return out;
}

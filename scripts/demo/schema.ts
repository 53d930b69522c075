/**
 * The demo world's schema: categories of fictional entities, their attributes, the closed word lists
 * (lexicon) some attributes draw from, the split plan, and the shape of a language's template pack.
 */
import type { Script } from './names';

export const LEX = {
  product: ['pottery', 'cheese', 'glass', 'wool', 'salt', 'paper', 'clocks', 'honey'],
  fish: ['trout', 'salmon', 'eel', 'carp', 'pike', 'catfish'],
  material: ['stone', 'wood', 'steel', 'brick', 'concrete', 'rope'],
  invention: ['windPump', 'rainGauge', 'waterFilter', 'loom', 'steamBoiler', 'seismograph', 'divingBell'],
  month: ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9', 'm10', 'm11', 'm12'],
  ingredient: ['rice', 'lentils', 'cassava', 'potatoes', 'mushrooms', 'corn', 'beans', 'fish'],
  instrument: ['violin', 'flute', 'drum', 'accordion', 'harp', 'cello', 'guitar', 'trumpet'],
} as const;
export type LexKind = keyof typeof LEX;

/**
 * Attribute kinds. `count` values are drawn so that one plural noun form fits every language: the
 * last two digits are at least 11 (Arabic counted noun: singular accusative) and the number ends in
 * 0, 5–9 or 11–14 (Russian counted noun: genitive plural).
 */
export type AttrSpec =
  | { kind: 'year'; min: number; max: number; after?: undefined }
  | { kind: 'year'; after: string; min: number; max: number }
  | { kind: 'count'; min: number; max: number; step?: number }
  | { kind: 'ref'; cat: Category }
  | { kind: 'place' }
  | { kind: 'person' }
  | { kind: 'lex'; lex: LexKind };

export type Category = 'town' | 'river' | 'bridge' | 'inventor' | 'festival' | 'dish' | 'ship' | 'mountain' | 'musician';

export interface CategorySpec {
  /** English article title (same in every language, as in XQuAD-R). */
  title: string;
  /** People get a grammatical gender that templates can use ({g:his|her}). */
  person: boolean;
  attrs: Record<string, AttrSpec>;
}

export const CATEGORIES: Record<Category, CategorySpec> = {
  town: {
    title: 'Demo_towns',
    person: false,
    attrs: {
      founded: { kind: 'year', min: 1150, max: 1890 },
      population: { kind: 'count', min: 1200, max: 95000, step: 10 },
      river: { kind: 'ref', cat: 'river' },
      product: { kind: 'lex', lex: 'product' },
      altitude: { kind: 'count', min: 20, max: 1900, step: 10 },
    },
  },
  river: {
    title: 'Demo_rivers',
    person: false,
    attrs: {
      length: { kind: 'count', min: 40, max: 1400, step: 10 },
      mouth: { kind: 'place' },
      tributaries: { kind: 'count', min: 11, max: 48 },
      mapped: { kind: 'year', min: 1520, max: 1880 },
      fish: { kind: 'lex', lex: 'fish' },
    },
  },
  bridge: {
    title: 'Demo_bridges',
    person: false,
    attrs: {
      opened: { kind: 'year', min: 1380, max: 1990 },
      length: { kind: 'count', min: 30, max: 1800, step: 10 },
      material: { kind: 'lex', lex: 'material' },
      river: { kind: 'ref', cat: 'river' },
      architect: { kind: 'person' },
    },
  },
  inventor: {
    title: 'Demo_inventors',
    person: true,
    attrs: {
      born: { kind: 'year', min: 1720, max: 1950 },
      birthplace: { kind: 'ref', cat: 'town' },
      invention: { kind: 'lex', lex: 'invention' },
      inventedIn: { kind: 'year', after: 'born', min: 22, max: 60 },
      patents: { kind: 'count', min: 11, max: 75 },
    },
  },
  festival: {
    title: 'Demo_festivals',
    person: false,
    attrs: {
      first: { kind: 'year', min: 1650, max: 2005 },
      month: { kind: 'lex', lex: 'month' },
      days: { kind: 'count', min: 11, max: 16 },
      visitors: { kind: 'count', min: 800, max: 250000, step: 10 },
      town: { kind: 'ref', cat: 'town' },
    },
  },
  dish: {
    title: 'Demo_dishes',
    person: false,
    attrs: {
      ingredient: { kind: 'lex', lex: 'ingredient' },
      minutes: { kind: 'count', min: 15, max: 240, step: 5 },
      town: { kind: 'ref', cat: 'town' },
      spices: { kind: 'count', min: 11, max: 18 },
      recorded: { kind: 'year', min: 1450, max: 1950 },
    },
  },
  ship: {
    title: 'Demo_ships',
    person: false,
    attrs: {
      launched: { kind: 'year', min: 1780, max: 2010 },
      length: { kind: 'count', min: 20, max: 240, step: 10 },
      crew: { kind: 'count', min: 11, max: 420 },
      shipyard: { kind: 'ref', cat: 'town' },
      captain: { kind: 'person' },
    },
  },
  mountain: {
    title: 'Demo_mountains',
    person: false,
    attrs: {
      height: { kind: 'count', min: 1100, max: 6900, step: 10 },
      ascent: { kind: 'year', min: 1786, max: 1985 },
      climber: { kind: 'person' },
      range: { kind: 'place' },
      glaciers: { kind: 'count', min: 11, max: 35 },
    },
  },
  musician: {
    title: 'Demo_musicians',
    person: true,
    attrs: {
      born: { kind: 'year', min: 1890, max: 1990 },
      hometown: { kind: 'ref', cat: 'town' },
      instrument: { kind: 'lex', lex: 'instrument' },
      albums: { kind: 'count', min: 11, max: 40 },
      debut: { kind: 'year', after: 'born', min: 14, max: 30 },
    },
  },
};

/** See AttrSpec: a count whose counted noun takes the same form in Russian and Arabic. */
export function isSafeCount(v: number): boolean {
  const r100 = v % 100,
    r10 = v % 10;
  return r100 >= 11 && (r10 === 0 || r10 >= 5 || r100 <= 14);
}

export type Split = 'train' | 'eval';

export const TRAIN_LANGS = ['ar', 'de', 'en', 'es', 'fr', 'ru', 'sw', 'zh'] as const;
export const ZERO_SHOT_LANGS = ['hi'] as const;
export const EVAL_LANGS = ['ar', 'de', 'en', 'es', 'fr', 'hi', 'ru', 'sw', 'zh'] as const;

/**
 * Paragraphs (one per entity) per category and split. Split by topic: ships, mountains and musicians
 * exist only in eval, and every entity and name of eval is new (NameGen keeps all names unique).
 */
export const SPLIT_PLAN: Record<Split, { langs: readonly string[]; counts: Partial<Record<Category, number>> }> = {
  train: { langs: TRAIN_LANGS, counts: { town: 16, river: 16, bridge: 16, inventor: 16, festival: 16, dish: 16 } },
  eval: {
    langs: EVAL_LANGS,
    counts: { town: 6, river: 6, bridge: 6, inventor: 6, festival: 6, dish: 6, ship: 10, mountain: 9, musician: 9 },
  },
};

/** Template counts every language must provide, so a template index means the same in all of them. */
export const N_SENTENCE_TEMPLATES = 2;
export const N_QUESTION_TEMPLATES = 2;
export const N_EXTRA_TEMPLATES = 3;

/**
 * Template mini-language (see render.ts): `{N}` the entity's name; `{key}` / `{key.form}` an attribute
 * value (a lexicon entry may have several forms, e.g. cases); `{@key}` marks the answer span; `{g:m|f}`
 * picks by the person's gender. In a lexicon string, `^` marks where the answer span begins (so an
 * article before it stays outside the answer).
 */
export interface FactTemplates {
  s: string[];
  q: string[];
}
export interface CategoryTemplates {
  facts: Record<string, FactTemplates>;
  extra: string[];
}
export type LexEntry = string | Record<string, string>;

export interface LangPack {
  lang: string;
  script: Script;
  /** What joins sentences into the context: a space, or nothing for Chinese. */
  joiner: '' | ' ';
  lex: Record<LexKind, Record<string, LexEntry>>;
  cats: Record<Category, CategoryTemplates>;
}

/**
 * Fictional names for the demo world. A name is a list of words, each word a list of CV syllables
 * ("ve", "la", "mo"). The same syllables are written in every script through small tables, so one
 * entity has one name per script: Latin (en, de, es, fr, sw), Cyrillic (ru), Arabic (ar),
 * Devanagari (hi) and Chinese characters (zh).
 *
 * Every word ends in e, i, o or u: in Russian such foreign names are indeclinable, so templates never
 * have to inflect a name, and every name starts with a consonant, so French and Spanish never elide
 * ("de Velamo", never "d'...").
 */
import { pick, randInt, type Rng } from './prng';

export type Script = 'latin' | 'cyrillic' | 'arabic' | 'devanagari' | 'han';
export type Name = string[][];

const CONS = ['b', 'd', 'g', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v'] as const;
const VOWELS = ['a', 'e', 'i', 'o', 'u'] as const;
const FINAL_VOWELS = ['e', 'i', 'o', 'u'] as const;

const CYR_C: Record<string, string> = {
  b: 'б',
  d: 'д',
  g: 'г',
  k: 'к',
  l: 'л',
  m: 'м',
  n: 'н',
  p: 'п',
  r: 'р',
  s: 'с',
  t: 'т',
  v: 'в',
};
const CYR_V: Record<string, string> = { a: 'а', e: 'е', i: 'и', o: 'о', u: 'у' };
const AR_C: Record<string, string> = {
  b: 'ب',
  d: 'د',
  g: 'غ',
  k: 'ك',
  l: 'ل',
  m: 'م',
  n: 'ن',
  p: 'ب',
  r: 'ر',
  s: 'س',
  t: 'ت',
  v: 'ف',
};
const AR_V: Record<string, string> = { a: 'ا', e: 'ي', i: 'ي', o: 'و', u: 'و' };
const HI_C: Record<string, string> = {
  b: 'ब',
  d: 'ड',
  g: 'ग',
  k: 'क',
  l: 'ल',
  m: 'म',
  n: 'न',
  p: 'प',
  r: 'र',
  s: 'स',
  t: 'ट',
  v: 'व',
};
const HI_V: Record<string, string> = { a: 'ा', e: 'े', i: 'ी', o: 'ो', u: 'ू' };
/** One character per syllable, in the order a e i o u for each consonant. */
const HAN_ROWS: Record<string, string> = {
  b: '巴贝比波布',
  d: '达德迪多杜',
  g: '加格吉戈古',
  k: '卡克基科库',
  l: '拉勒利洛卢',
  m: '马梅米莫穆',
  n: '纳内尼诺努',
  p: '帕佩皮珀普',
  r: '腊雷里罗鲁',
  s: '萨塞西索苏',
  t: '塔特蒂托图',
  v: '瓦维韦沃武',
};

function syllable(s: string, script: Script): string {
  const c = s[0],
    v = s[1];
  switch (script) {
    case 'latin':
      return s;
    case 'cyrillic':
      return CYR_C[c] + CYR_V[v];
    case 'arabic':
      return AR_C[c] + AR_V[v];
    case 'devanagari':
      return HI_C[c] + HI_V[v];
    case 'han':
      return HAN_ROWS[c][VOWELS.indexOf(v as (typeof VOWELS)[number])];
  }
}

export function renderName(name: Name, script: Script): string {
  const words = name.map((w) => {
    const text = w.map((s) => syllable(s, script)).join('');
    return script === 'latin' || script === 'cyrillic' ? text[0].toUpperCase() + text.slice(1) : text;
  });
  return words.join(script === 'han' ? '·' : ' ');
}

export const SCRIPTS: readonly Script[] = ['latin', 'cyrillic', 'arabic', 'devanagari', 'han'];

/** Substrings a generated Latin name must not contain (rude words in one of the languages, real places). */
const BLOCKED = [
  'puta',
  'puto',
  'pute',
  'suka',
  'kuma',
  'mavi',
  'tako',
  'kus',
  'bite',
  'pipi',
  'kaka',
  'popo',
  'pedo',
  'teta',
  'pene',
  'pisi',
  'pito',
  'mama',
  'papa',
  'dudu',
  'toledo',
  'milano',
  'torino',
  'bamako',
  'maputo',
  'mali',
];

/**
 * Hands out names that are unique in every script across the whole demo (train and eval), so an
 * eval entity's name can never show up in the train split. Lower-case Latin and Cyrillic words are
 * compared; the other scripts have no case.
 */
export class NameGen {
  private used: Record<Script, string[]> = { latin: [], cyrillic: [], arabic: [], devanagari: [], han: [] };

  /** `reserved`: per script, the template text names must not occur in (so a name is never part of a word). */
  constructor(private readonly reserved: Partial<Record<Script, string>> = {}) {}

  private word(rng: Rng, syllables: number): string[] {
    const w: string[] = [];
    for (let i = 0; i < syllables; i++) {
      const vowels = i === syllables - 1 ? FINAL_VOWELS : VOWELS;
      w.push(pick(rng, CONS) + pick(rng, vowels));
    }
    return w;
  }

  private claim(name: Name): boolean {
    const latin = renderName(name, 'latin').toLowerCase();
    if (BLOCKED.some((b) => latin.replace(/ /g, '').includes(b))) return false;
    // No word of a name may contain, or be contained in, a word of another name, in any script: so a
    // plain substring search finds exactly the name asked for (the topic-split check relies on it).
    const words = SCRIPTS.map((s) => [s, name.map((w) => renderName([w], s).toLowerCase())] as const);
    for (const [s, forms] of words) {
      for (let i = 0; i < forms.length; i++) {
        const f = forms[i];
        if (forms.some((g, j) => j !== i && (g.includes(f) || f.includes(g)))) return false;
        if (this.used[s].some((u) => u.includes(f) || f.includes(u))) return false;
        if (this.reserved[s]?.includes(f)) return false;
      }
    }
    for (const [s, forms] of words) this.used[s].push(...forms);
    return true;
  }

  private make(rng: Rng, build: () => Name): Name {
    for (let tries = 0; tries < 1000; tries++) {
      const n = build();
      if (this.claim(n)) return n;
    }
    throw new Error('NameGen: could not find a fresh name');
  }

  /** A place or thing: one word of 3 syllables (sometimes 2 or 4). */
  place(rng: Rng): Name {
    return this.make(rng, () => {
      const r = rng();
      return [this.word(rng, r < 0.15 ? 2 : r < 0.9 ? 3 : 4)];
    });
  }

  /** A person: given name (2 syllables) and family name (2–3 syllables). */
  person(rng: Rng): Name {
    return this.make(rng, () => [this.word(rng, 2), this.word(rng, randInt(rng, 2, 3))]);
  }
}

/**
 * The multi-language pre-training lexicon (models/lexicon/demo-lexicon.tsv): it imports with the project's
 * importer, is large and well filled, its cells are in the right script, it contains no demo entity name,
 * and it covers the vocabulary the demo templates actually produce (public/demo), language by language.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importLexicon, tsvRows } from '../../src/core/data/lexicon';
import { demoWorlds } from '../../scripts/demo/make-demo';
import { renderName, SCRIPTS, type Script } from '../../scripts/demo/names';
import { PACKS } from '../../scripts/demo/packs';

const ROOT = resolve(import.meta.dirname, '../..');
const FILE = 'models/lexicon/demo-lexicon.tsv';
const LANGS = ['en', 'de', 'es', 'fr', 'ru', 'zh', 'ar', 'sw', 'hi'];
const SCRIPT_OF: Record<string, Script> = {
  en: 'latin',
  de: 'latin',
  es: 'latin',
  fr: 'latin',
  sw: 'latin',
  ru: 'cyrillic',
  ar: 'arabic',
  hi: 'devanagari',
  zh: 'han',
};
const file = { name: FILE, bytes: new Uint8Array(readFileSync(join(ROOT, FILE))) };

/** Lower case, NFC, Arabic short vowels/shadda/tanwin/tatweel removed (the lexicon writes Arabic without them). */
const norm = (s: string) =>
  s
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\u064b-\u0652\u0670\u0640]/g, '');

const rows = tsvRows(file);
const header = rows[0].cells.map((c) => c.trim());
const data = rows.slice(1).map((r) => r.cells.map((c) => c.trim()));
const synonyms = (cell: string) => (cell === '' ? [] : cell.split('|').map((s) => s.trim()));
const lexicon: Record<string, Set<string>> = Object.fromEntries(
  LANGS.map((l, i) => [l, new Set(data.flatMap((r) => synonyms(r[i]).map(norm)))]),
);

/** Every name the demo generator drew (entities and attribute values), per script: full names and single words. */
const worlds = demoWorlds();
const allNames = Object.values(worlds).flatMap((w) => w.names);
const nameForms = (script: Script) =>
  [...new Set(allNames.flatMap((n) => [renderName(n, script), ...n.map((w) => renderName([w], script))]))].sort(
    (a, b) => b.length - a.length,
  );

interface DemoFile {
  data: Array<{ title: string; paragraphs: Array<{ context: string; qas: Array<{ question: string }> }> }>;
}
function demoTexts(lang: string): { titles: string[]; texts: string[] } {
  const titles: string[] = [];
  const texts: string[] = [];
  for (const split of ['train', 'eval']) {
    if (split === 'train' && lang === 'hi') continue; // Hindi is the zero-shot language: eval only
    const f = JSON.parse(readFileSync(join(ROOT, 'public/demo', split, `${lang}.json`), 'utf8')) as DemoFile;
    for (const a of f.data) {
      titles.push(a.title);
      for (const p of a.paragraphs) texts.push(p.context, ...p.qas.map((q) => q.question));
    }
  }
  return { titles, texts };
}

/** Function words, articles, particles and classifiers left out of the coverage count (the lexicon aligns content words). */
const STOP: Record<string, string[]> = {
  en: ['the', 'a', 'an', 'of'],
  de: ['der', 'die', 'das', 'des', 'den', 'dem', 'ein', 'eine', 'einer', 'einem', 'einen', 'eines'],
  es: ['el', 'la', 'los', 'las', 'un', 'una', 'lo'],
  fr: ['le', 'la', 'les', 'un', 'une', 'des', 'du', 'au', 'aux', 't'],
  ru: [],
  zh: [...'的了着过们个条座名项场张位台届本间处第者把号而就配任'],
  ar: ['ل', 'ب', 'و'],
  sw: ['ya', 'la', 'wa', 'cha', 'za', 'vya', 'kwa', 'mwa'],
  hi: ['का', 'की', 'के', 'ने', 'को', 'सा', 'सी', 'वाला', 'वाली', 'वाले', 'वालों'],
};

/** Is a (normalised) demo token in the lexicon? Arabic: also after removing a clitic prefix or a pronoun/tanwin suffix. */
function known(lang: string, w: string): boolean {
  const lex = lexicon[lang];
  if (lex.has(w)) return true;
  if (lang !== 'ar') return false;
  const cands = [w];
  for (const p of ['وال', 'بال', 'فال', 'كال', 'لل', 'و', 'ب', 'ل', 'ف', 'ك']) {
    if (w.startsWith(p) && w.length - p.length >= 2) cands.push(w.slice(p.length), 'ال' + w.slice(p.length));
  }
  for (const c of [...cands])
    for (const s of ['ها', 'هم', 'ه', 'ي', 'ا']) if (c.endsWith(s) && c.length - s.length >= 2) cands.push(c.slice(0, -s.length));
  return cands.some((c) => lex.has(c));
}

/**
 * Frequent content tokens of the demo text in one language (names removed, ≥ 3 occurrences, function words left out)
 * and which of them the lexicon covers. Words come from Intl.Segmenter. Chinese is written without spaces and the
 * segmenter splits compounds the lexicon holds whole (建筑师 → 建筑 + 师), so a Chinese token counts as covered when
 * each of its characters lies inside a lexicon word found at that place in the text (or is a particle).
 */
function coverage(lang: string): { tokens: number; covered: number; missing: string[] } {
  const names = nameForms(SCRIPT_OF[lang]);
  const seg = new Intl.Segmenter(lang, { granularity: 'word' });
  const zhWords = lang === 'zh' ? [...lexicon.zh] : [];
  const counts = new Map<string, number>();
  const ok = new Map<string, boolean>();
  for (let text of demoTexts(lang).texts) {
    for (const n of names) if (text.includes(n)) text = text.split(n).join(' ');
    const marked = new Array<boolean>(text.length).fill(false);
    for (const e of zhWords) for (let i = text.indexOf(e); i >= 0; i = text.indexOf(e, i + 1)) marked.fill(true, i, i + e.length);
    for (const s of seg.segment(text)) {
      if (!s.isWordLike) continue;
      let w = norm(s.segment);
      if (lang === 'fr') w = w.replace(/^(l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)[’']/, ''); // elided article/pronoun
      if (w === '' || /^\d+$/.test(w) || STOP[lang].includes(w)) continue;
      counts.set(w, (counts.get(w) ?? 0) + 1);
      let hit = known(lang, w);
      if (!hit && lang === 'zh') hit = [...s.segment].every((ch, k) => marked[s.index + k] || STOP.zh.includes(ch));
      ok.set(w, (ok.get(w) ?? false) || hit);
    }
  }
  const frequent = [...counts].filter(([, c]) => c >= 3).map(([w]) => w);
  const missing = frequent.filter((w) => !ok.get(w));
  return { tokens: frequent.length, covered: frequent.length - missing.length, missing };
}

describe('demo lexicon (models/lexicon/demo-lexicon.tsv)', () => {
  const imported = importLexicon([file]);

  it('imports as a multi-language lexicon with the 9 demo languages, Hindi included', () => {
    expect(header).toEqual(LANGS);
    expect(imported.langs).toEqual([...LANGS].sort());
    expect(imported.source).toEqual([FILE]);
    // every language pair is present
    const pairsByLangs = new Set(imported.pairs.map((p) => [p.aLang, p.bLang].sort().join('-')));
    expect(pairsByLangs.size).toBe((LANGS.length * (LANGS.length - 1)) / 2);
  });

  it('has at least 1,500 concepts, each a concept id of its pairs', () => {
    expect(data.length).toBeGreaterThanOrEqual(1500);
    const concepts = new Set(imported.pairs.map((p) => p.concept));
    expect(concepts.size).toBeGreaterThanOrEqual(1500);
    expect(imported.pairs.length).toBeGreaterThan(100_000);
  });

  it('fills at least 90 % of the concepts in every language', () => {
    for (const [i, lang] of LANGS.entries()) {
      const filled = data.filter((r) => r[i] !== '').length / data.length;
      expect(filled, lang).toBeGreaterThanOrEqual(0.9);
    }
  });

  it('has no duplicate rows and no repeated synonym inside a cell', () => {
    const seen = new Map<string, number>();
    data.forEach((r, i) => {
      const key = r.join('\t');
      expect(seen.has(key), `row ${i + 2} repeats row ${(seen.get(key) ?? 0) + 2}: ${key}`).toBe(false);
      seen.set(key, i);
      for (const cell of r) {
        const syns = synonyms(cell);
        expect(new Set(syns).size, cell).toBe(syns.length);
      }
    });
  });

  it('writes each language in its script: Simplified Han, Devanagari, undiacritised Arabic, lower-case Cyrillic', () => {
    const col = (lang: string) => data.flatMap((r) => synonyms(r[LANGS.indexOf(lang)]));
    for (const lang of LANGS) for (const s of col(lang)) expect(s, `${lang}: ${s}`).toBe(s.normalize('NFC'));
    for (const s of col('zh')) expect(s).toMatch(/^[\u4e00-\u9fff0-9]+$/);
    for (const s of col('hi')) expect(s).toMatch(/^[\u0900-\u097f \-]+$/);
    for (const s of col('ar')) expect(s).toMatch(/^[\u0621-\u063a\u0641-\u064a ]+$/);
    for (const s of col('ru')) expect(s).toMatch(/^[а-яё \-]+$/);
    for (const lang of ['en', 'de', 'es', 'fr', 'sw'])
      for (const s of col(lang)) expect(s, `${lang}: ${s}`).toMatch(/^[\p{Script=Latin} '’\-]+$/u);
    // a few traditional characters that must not appear (Simplified: 桥 河 马 鱼 钟 发)
    for (const s of col('zh')) expect(s).not.toMatch(/[橋馬魚鐘發門們個說]/);
  });

  it('contains no demo entity name (train or eval), neither a whole name nor one of its words', () => {
    // the names read here are the ones the generated files use: every entity name occurs in its split's text
    for (const lang of LANGS) {
      const { titles, texts } = demoTexts(lang);
      expect(new Set(titles).size).toBeGreaterThanOrEqual(6);
      const all = texts.join('\n');
      for (const split of lang === 'hi' ? (['eval'] as const) : (['train', 'eval'] as const)) {
        for (const e of worlds[split].entities)
          expect(all.includes(renderName(e.name, SCRIPT_OF[lang])), `${lang} ${e.key}`).toBe(true);
      }
    }
    const forbidden = new Set(SCRIPTS.flatMap((s) => nameForms(s).map(norm)));
    const hits = LANGS.flatMap((lang) => [...lexicon[lang]].filter((w) => forbidden.has(w)).map((w) => `${lang}:${w}`));
    expect(hits).toEqual([]);
  });

  it("contains every word of the demo templates' closed word lists (products, fish, materials, ...)", () => {
    for (const [lang, pack] of Object.entries(PACKS)) {
      const missing: string[] = [];
      for (const kind of Object.values(pack.lex)) {
        for (const v of Object.values(kind)) {
          for (const form of typeof v === 'string' ? [v] : Object.values(v as Record<string, string>)) {
            const word = norm(form.includes('^') ? form.slice(form.indexOf('^') + 1) : form); // 'de la ^bomba eólica' → the noun
            if (!lexicon[lang].has(word)) missing.push(word);
          }
        }
      }
      expect(missing, lang).toEqual([]);
    }
  });

  it('covers at least 80 % of the frequent content tokens of the demo text in every language', () => {
    for (const lang of LANGS) {
      const { tokens, covered, missing } = coverage(lang);
      expect(tokens, lang).toBeGreaterThan(200);
      expect(covered / tokens, `${lang}: missing ${missing.join(' ')}`).toBeGreaterThanOrEqual(0.8);
    }
  });
});

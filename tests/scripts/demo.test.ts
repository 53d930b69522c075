/**
 * The embedded demo dataset (public/demo): the committed files satisfy every LAReQA invariant, the
 * languages are parallel, sizes and the zero-shot language are as documented, eval is split from
 * train by topic, the app's importer accepts the files, and the generator reproduces them byte for byte.
 * The checks here are written independently of the generator's own checker (scripts/demo/check.ts).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { importLareqa } from '../../src/core/data/lareqa';
import { checkFile } from '../../scripts/demo/check';
import { buildDemo, demoWorlds, type DemoBuild } from '../../scripts/demo/make-demo';
import { renderName } from '../../scripts/demo/names';
import { PACKS } from '../../scripts/demo/packs';
import type { LareqaFile } from '../../scripts/demo/render';

const ROOT = resolve(import.meta.dirname, '../..');
const DEMO = join(ROOT, 'public/demo');
const TRAIN_LANGS = ['ar', 'de', 'en', 'es', 'fr', 'ru', 'sw', 'zh'];
const EVAL_LANGS = ['ar', 'de', 'en', 'es', 'fr', 'hi', 'ru', 'sw', 'zh'];
const EVAL_ONLY_TITLES = ['Demo_ships', 'Demo_mountains', 'Demo_musicians'];

interface Manifest {
  name: string;
  splits: Record<string, { langs: string[]; files: string[] }>;
  zeroShotLangs: string[];
  generator: string;
}

const readText = (rel: string) => readFileSync(join(DEMO, rel), 'utf8');
const readFile = (rel: string) => JSON.parse(readText(rel)) as LareqaFile;
const manifest = JSON.parse(readText('manifest.json')) as Manifest;
const splitFiles = (split: string) =>
  Object.fromEntries(manifest.splits[split].langs.map((l) => [l, readFile(`${split}/${l}.json`)]));
const paragraphs = (f: LareqaFile) => f.data.flatMap((a) => a.paragraphs);

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/** [question id, paragraph index, answer sentence index] for every question, in file order. */
function answerMap(f: LareqaFile): Array<[string, number, number]> {
  return paragraphs(f).flatMap((p, pi) =>
    p.qas.map((qa): [string, number, number] => {
      const st = qa.answers[0].answer_start;
      return [qa.id, pi, p.sentence_breaks.findIndex(([s, e]) => st >= s && st < e)];
    }),
  );
}

describe('demo manifest', () => {
  it('declares the splits, languages, files and zero-shot language', () => {
    expect(manifest.name).toBe('demo');
    expect(manifest.splits.train.langs).toEqual(TRAIN_LANGS);
    expect(manifest.splits.eval.langs).toEqual(EVAL_LANGS);
    for (const split of ['train', 'eval']) {
      expect(manifest.splits[split].files).toEqual(manifest.splits[split].langs.map((l) => `${split}/${l}.json`));
      for (const f of manifest.splits[split].files) expect(existsSync(join(DEMO, f)), f).toBe(true);
    }
    expect(manifest.zeroShotLangs).toEqual(['hi']);
    expect(existsSync(join(ROOT, manifest.generator))).toBe(true);
    expect(existsSync(join(DEMO, 'README.md'))).toBe(true);
  });

  it('keeps the zero-shot language out of train', () => {
    for (const z of manifest.zeroShotLangs) {
      expect(manifest.splits.train.langs).not.toContain(z);
      expect(existsSync(join(DEMO, `train/${z}.json`))).toBe(false);
      expect(manifest.splits.eval.langs).toContain(z);
    }
  });
});

describe.each(['train', 'eval'])('demo %s split', (split) => {
  const files = splitFiles(split);

  it.each(Object.keys(files))('%s: offsets, breaks, answers and ids are exact', (lang) => {
    const f = files[lang];
    expect(f.version).toBe('1.1');
    const ids = new Set<string>();
    for (const p of paragraphs(f)) {
      expect(p.sentences.length).toBeGreaterThanOrEqual(4);
      expect(p.sentences.length).toBeLessThanOrEqual(6);
      expect(p.sentence_breaks).toHaveLength(p.sentences.length);
      expect(p.context).toBe(p.sentences.join(lang === 'zh' ? '' : ' '));
      p.sentence_breaks.forEach(([s, e], i) => {
        expect(s).toBeLessThan(e);
        if (i > 0) expect(s).toBeGreaterThanOrEqual(p.sentence_breaks[i - 1][1]);
        expect(p.context.slice(s, e)).toBe(p.sentences[i]);
      });
      expect(p.qas.length).toBeGreaterThanOrEqual(2);
      expect(p.qas.length).toBeLessThanOrEqual(3);
      for (const qa of p.qas) {
        expect(ids.has(qa.id), `duplicate id ${qa.id}`).toBe(false);
        ids.add(qa.id);
        expect(qa.question).toMatch(/[?？؟]$/);
        expect(qa.answers).toHaveLength(1);
        const { answer_start: st, text } = qa.answers[0];
        expect(text.length).toBeGreaterThan(0);
        expect(p.context.substr(st, text.length)).toBe(text);
        const holders = p.sentence_breaks.filter(([s, e]) => st >= s && st < e);
        expect(holders).toHaveLength(1);
        expect(st + text.length).toBeLessThanOrEqual(holders[0][1]);
      }
    }
  });

  it('has the documented size in every language', () => {
    for (const f of Object.values(files)) {
      const ps = paragraphs(f);
      expect(ps.length).toBeGreaterThanOrEqual(60);
      expect(ps.reduce((n, p) => n + p.qas.length, 0)).toBeGreaterThanOrEqual(150);
    }
  });

  it('is parallel: same articles, paragraphs, question ids and answer sentence indices in every language', () => {
    const [first, ...rest] = Object.values(files);
    const shape = (f: LareqaFile) => f.data.map((a) => [a.title, a.paragraphs.map((p) => p.sentences.length)]);
    for (const f of rest) {
      expect(shape(f)).toEqual(shape(first));
      expect(answerMap(f)).toEqual(answerMap(first));
    }
  });

  it('puts answers at varied sentence positions', () => {
    const positions = new Set(answerMap(files.en).map(([, , si]) => si));
    expect(positions.size).toBeGreaterThanOrEqual(5);
  });

  it('is accepted by the app importer, every translation relevant to its question', () => {
    const input = Object.entries(files).map(([lang]) => ({
      name: `${split}/${lang}.json`,
      bytes: new Uint8Array(readFileSync(join(DEMO, `${split}/${lang}.json`))),
    }));
    const ds = importLareqa(input, { name: 'demo', split: split as 'train' | 'eval' });
    expect(ds.langs).toEqual(manifest.splits[split].langs);
    const perLang = answerMap(files.en).length;
    expect(ds.queries).toHaveLength(perLang * ds.langs.length);
    expect(ds.relevant.size).toBe(perLang);
    for (const uids of ds.relevant.values()) expect(uids.size).toBe(ds.langs.length);
  });
});

describe('demo topic split', () => {
  it('holds the eval-only categories in eval only', () => {
    const titles = (split: string) => new Set(readFile(`${split}/en.json`).data.map((a) => a.title));
    for (const t of EVAL_ONLY_TITLES) {
      expect(titles('eval').has(t)).toBe(true);
      expect(titles('train').has(t)).toBe(false);
    }
  });

  it('never mentions an eval name in train', () => {
    const world = demoWorlds().eval;
    const entityWords = world.entities.flatMap((e) => e.name.map((w) => [w]));
    // world.names also holds names drawn for attributes (architects, seas, ...), some never shown.
    const words = world.names.flatMap((n) => n.map((w) => [w]));
    expect(words.length).toBeGreaterThan(entityWords.length);
    for (const lang of TRAIN_LANGS) {
      const text = paragraphs(readFile(`train/${lang}.json`))
        .map((p) => [p.context, ...p.qas.map((q) => q.question)].join('\n'))
        .join('\n');
      const evalText = readText(`eval/${lang}.json`);
      for (const w of entityWords) expect(evalText.includes(renderName(w, PACKS[lang].script))).toBe(true);
      for (const w of words) {
        const word = renderName(w, PACKS[lang].script);
        // Chinese has no word boundaries; elsewhere match a whole word (Arabic: a one-letter proclitic may precede).
        const esc = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        const hit =
          lang === 'zh'
            ? text.includes(word)
            : new RegExp(`(?<![\\p{L}\\p{M}])${lang === 'ar' ? '[بلوفك]?' : ''}${esc}(?![\\p{L}\\p{M}])`, 'u').test(text);
        expect(hit, `${lang}: eval name ${word} appears in train`).toBe(false);
      }
    }
  });
});

describe('demo generator', () => {
  let build: DemoBuild;
  beforeAll(() => {
    build = buildDemo();
  });

  it('reproduces the committed files byte for byte, and nothing else is there', () => {
    const committed = listFiles(DEMO)
      .map((p) => relative(DEMO, p).split('\\').join('/'))
      .sort();
    expect(committed).toEqual(Object.keys(build.files).sort());
    for (const [rel, text] of Object.entries(build.files)) expect(readText(rel), rel).toBe(text);
  });

  it('is deterministic', () => {
    expect(buildDemo().files).toEqual(build.files);
  });

  it('reports the counts the README documents', () => {
    const readme = readText('README.md');
    for (const lang of EVAL_LANGS) {
      const e = build.counts.eval[lang];
      expect(readme).toContain(`| ${e.paragraphs} | ${e.questions} | ${e.sentences} |`);
    }
    expect(readme).toMatch(/CC0/);
    expect(readme).toContain('npx tsx scripts/demo/make-demo.ts');
  });

  it('has a checker that fails loudly on broken data', () => {
    const good = () => JSON.parse(build.files['eval/en.json']) as LareqaFile;
    expect(() => checkFile('eval/en.json', good(), 'en')).not.toThrow();
    const offByOne = good();
    offByOne.data[0].paragraphs[0].sentence_breaks[1][0] += 1;
    expect(() => checkFile('x', offByOne, 'en')).toThrow(/demo check failed/);
    const badStart = good();
    badStart.data[0].paragraphs[0].qas[0].answers[0].answer_start += 1;
    expect(() => checkFile('x', badStart, 'en')).toThrow(/answer text not at answer_start/);
    const dupId = good();
    dupId.data[1].paragraphs[0].qas[0].id = dupId.data[0].paragraphs[0].qas[0].id;
    expect(() => checkFile('x', dupId, 'en')).toThrow(/duplicate id/);
  });
});

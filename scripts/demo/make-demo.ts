/**
 * Generator of the embedded demo dataset (public/demo): a small fictional world rendered through
 * hand-written templates in 9 languages, in the LAReQA (XQuAD-R) format. Deterministic: the same
 * files byte for byte on every run.
 *
 *   npx tsx scripts/demo/make-demo.ts          # (re)write public/demo
 *   npx tsx scripts/demo/make-demo.ts --check  # only build and check, write nothing
 *
 * `buildDemo()` returns every file as text (path relative to public/demo) after checking all
 * invariants (check.ts); the test compares it with the committed files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { checkFile, checkSplit, checkTopicSplit } from './check';
import { renderName, type Script } from './names';
import { PACKS } from './packs';
import { demoReadme } from './readme';
import { renderFile, validatePack, type LareqaFile } from './render';
import { SPLIT_PLAN, ZERO_SHOT_LANGS, type Split } from './schema';
import { buildWorlds, DEMO_SEED, type World } from './world';

export const GENERATOR_PATH = 'scripts/demo/make-demo.ts';

export interface DemoBuild {
  /** Relative path under public/demo → file text. */
  files: Record<string, string>;
  /** Per split and language: paragraphs, questions, sentences. */
  counts: Record<Split, Record<string, { paragraphs: number; questions: number; sentences: number }>>;
}

/** The demo's worlds: names are kept out of every template text of their script. */
export function demoWorlds(seed = DEMO_SEED): Record<Split, World> {
  const reserved: Partial<Record<Script, string>> = {};
  for (const pack of Object.values(PACKS))
    reserved[pack.script] = (reserved[pack.script] ?? '') + JSON.stringify(pack).toLowerCase();
  return buildWorlds(seed, reserved);
}

export function buildDemo(seed = DEMO_SEED): DemoBuild {
  for (const pack of Object.values(PACKS)) validatePack(pack);
  const worlds = demoWorlds(seed);
  const files: Record<string, string> = {};
  const counts = { train: {}, eval: {} } as DemoBuild['counts'];
  const rendered = { train: {}, eval: {} } as Record<Split, Record<string, LareqaFile>>;
  for (const split of ['train', 'eval'] as const) {
    for (const lang of SPLIT_PLAN[split].langs) {
      const file = renderFile(PACKS[lang], worlds[split]);
      rendered[split][lang] = file;
      const c = checkFile(`${split}/${lang}.json`, file, lang);
      const sentences = file.data.reduce((n, a) => n + a.paragraphs.reduce((m, p) => m + p.sentences.length, 0), 0);
      counts[split][lang] = { ...c, sentences };
      files[`${split}/${lang}.json`] = JSON.stringify(file) + '\n';
    }
    checkSplit({ split, files: rendered[split] });
  }
  for (const z of ZERO_SHOT_LANGS) {
    if (rendered.train[z]) throw new Error(`demo check failed: zero-shot language ${z} is in train`);
    if (!rendered.eval[z]) throw new Error(`demo check failed: zero-shot language ${z} is missing from eval`);
  }
  const evalNames: Record<string, string[]> = {};
  const trainText: Record<string, string> = {};
  for (const lang of SPLIT_PLAN.train.langs) {
    evalNames[lang] = worlds.eval.names.flatMap((n) => n.map((w) => renderName([w], PACKS[lang].script)));
    trainText[lang] = files[`train/${lang}.json`];
  }
  checkTopicSplit(evalNames, trainText);
  const manifest = {
    name: 'demo',
    splits: Object.fromEntries(
      (['train', 'eval'] as const).map((s) => [
        s,
        {
          langs: [...SPLIT_PLAN[s].langs],
          files: SPLIT_PLAN[s].langs.map((l) => `${s}/${l}.json`),
        },
      ]),
    ),
    zeroShotLangs: [...ZERO_SHOT_LANGS],
    generator: GENERATOR_PATH,
  };
  files['manifest.json'] = JSON.stringify(manifest, null, 2) + '\n';
  files['README.md'] = demoReadme(counts, seed);
  return { files, counts };
}

/** Where the files go: <repo>/public/demo. */
export const DEMO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../public/demo');

function main(): void {
  const { files, counts } = buildDemo();
  const checkOnly = process.argv.includes('--check');
  if (!checkOnly) {
    for (const [rel, text] of Object.entries(files)) {
      const path = join(DEMO_DIR, rel);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    }
  }
  for (const split of ['train', 'eval'] as const) {
    const line = Object.entries(counts[split])
      .map(([l, c]) => `${l} ${c.paragraphs}p/${c.questions}q`)
      .join(', ');
    console.log(`${split}: ${line}`);
  }
  console.log(
    checkOnly
      ? 'all checks passed (nothing written)'
      : `all checks passed; wrote ${Object.keys(files).length} files to ${DEMO_DIR}`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();

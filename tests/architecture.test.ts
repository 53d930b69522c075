/**
 * The one-way layers of README "Architecture": core ← worker ← ui, core ← node ← cli. Reads every import
 * specifier (static and dynamic) of src/ and fails on an import that points the wrong way.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(__dirname, '../src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(f) ? [p] : [];
  });
}

/** Layer of a resolved import: a src/ top folder, or the package name for bare specifiers. */
function target(from: string, spec: string): string {
  if (!spec.startsWith('.'))
    return spec.startsWith('node:')
      ? 'node:'
      : spec
          .split('/')
          .slice(0, spec.startsWith('@') ? 2 : 1)
          .join('/');
  const rel = relative(SRC, resolve(dirname(from), spec));
  return rel.startsWith('..') ? `outside src (${rel})` : `src/${rel.split('/')[0]}`;
}

const imports = files(SRC).map((f) => {
  const text = readFileSync(f, 'utf8');
  const specs = [
    ...text.matchAll(/^\s*(?:import|export)\s[^;'"]*?\bfrom\s*'([^']+)'/gm), // static import / re-export
    ...text.matchAll(/^\s*import\s*'([^']+)'/gm), // side-effect import
    ...text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g), // dynamic import
  ].map((m) => m[1]);
  return { file: relative(SRC, f), layer: `src/${relative(SRC, f).split('/')[0]}`, targets: specs.map((s) => target(f, s)) };
});

/** What each layer may import besides itself. */
const ALLOWED: Record<string, (t: string) => boolean> = {
  'src/core': (t) =>
    t.startsWith('@tensorflow/') ||
    t === '@huggingface/transformers' ||
    t.startsWith('outside src (../package.json') ||
    t === 'hyparquet', // parquet reader: pure JS, no DOM, same code in Node and the worker
  'src/node': (t) => t === 'src/core' || t === 'koffi' || t === '@tensorflow/tfjs' || t === 'node:',
  'src/cli': (t) =>
    t === 'src/core' ||
    t === 'src/node' ||
    t === 'node:' ||
    t.startsWith('@tensorflow/') ||
    t.startsWith('outside src (../package.json') ||
    t === '@playwright/test', // study --png renders the report figure in Chromium
  'src/worker': (t) => t === 'src/core' || (!t.startsWith('src/') && t !== 'node:' && t !== 'koffi' && t !== 'react'),
  'src/ui': (t) => t === 'src/core' || t === 'src/worker' || (!t.startsWith('src/') && t !== 'node:' && t !== 'koffi'),
};

describe('layers', () => {
  for (const layer of Object.keys(ALLOWED)) {
    it(`${layer} imports only what its layer may`, () => {
      const bad = imports
        .filter((i) => i.layer === layer)
        .flatMap((i) => i.targets.filter((t) => t !== layer && !ALLOWED[layer](t)).map((t) => `${i.file} → ${t}`));
      expect(bad).toEqual([]);
    });
  }
  it('every src/ file belongs to a known layer', () => {
    expect([...new Set(imports.map((i) => i.layer))].filter((l) => !(l in ALLOWED))).toEqual([]);
  });
});

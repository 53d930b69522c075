/**
 * Every failure is loud: a non-zero exit code of its class (1 input, 2 usage, 3 run failed) and one line on
 * stderr naming the file/field and the fix, with no stack unless --debug / HBW_DEBUG=1 — and nothing of
 * tfjs-wasm's own process handlers (their re-throw used to dump its minified source and exit 7).
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { newTinyBert, saveEncoder } from '../../src/core/model/checkpoint';
import { readSafetensors, writeSafetensors } from '../../src/core/model/safetensors';
import { trainWordPiece } from '../../src/core/model/wordpiece-trainer';
import { describeError } from '../../src/cli/errors';
import { cli, writeTinyExperiment } from '../helpers/tiny-run';

const dir = mkdtempSync(join(tmpdir(), 'hbw-errors-'));
const cfg = writeTinyExperiment(dir);

/** stderr without the backend announcement: what the user reads as the error. */
const errorLines = (stderr: string) => stderr.split('\n').filter((l) => l.trim() && !l.startsWith('backend: '));

function expectOneLine(r: ReturnType<typeof cli>, code: number, pattern: RegExp): void {
  expect(r.status, r.stderr).toBe(code);
  const lines = errorLines(r.stderr);
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr.length).toBeLessThan(1000);
}

/** A model folder whose weights are real but scaled so far that the first forward pass overflows (a diverging start). */
async function writeExplodingModel(path: string): Promise<void> {
  // Importing core's model ops registers tfjs-backend-wasm (core/model/kernels/wasm-gemm.ts overrides its
  // kernels), which then outranks cpu: a backend must be chosen (or tf.ready() awaited) before the first tensor.
  await tf.setBackend('cpu');
  const corpus = readFileSync(join(dir, 'train.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .flatMap((l) => {
      const r = JSON.parse(l);
      return [r.query, r.positive];
    });
  const enc = newTinyBert({
    vocab: trainWordPiece(corpus, { vocabSize: 100, lowercase: true }).files,
    hidden: 16,
    layers: 1,
    heads: 2,
    intermediate: 32,
    seed: 1,
  });
  const files = await saveEncoder(enc);
  enc.dispose();
  const st = readSafetensors(files['model.safetensors']);
  for (const t of st.tensors.values()) t.data.fill(3e38); // finite, but sums of them overflow to Infinity, then Infinity − Infinity = NaN
  files['model.safetensors'] = writeSafetensors(st.tensors);
  mkdirSync(path, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(path, name), bytes);
}

describe('usage errors exit 2', () => {
  it('unknown commands, unknown flags, empty values, non-numbers, stray arguments', () => {
    expectOneLine(cli(['trian']), 2, /^error: unknown command "trian"\. Fix: use one of eval, train/);
    expectOneLine(
      cli(['train', '--config', cfg, '--out', join(dir, 'u'), '--stpes', '3']),
      2,
      /unknown option --stpes\. Known: .*--steps/,
    );
    expectOneLine(cli(['train', '--config', cfg, '--out', join(dir, 'u'), '--steps=']), 2, /--steps= has an empty value/);
    expectOneLine(
      cli(['train', '--config', cfg, '--out', join(dir, 'u'), '--steps', 'ten']),
      2,
      /--steps must be a non-negative integer, got "ten"/,
    );
    expectOneLine(cli(['train', '--config', cfg, '--out', join(dir, 'u'), 'extra']), 2, /unexpected argument "extra"/);
    expect(existsSync(join(dir, 'u'))).toBe(false);
  }, 300_000);

  it('duplicate α values, ignored flags, contradictory flags', () => {
    expectOneLine(
      cli(['sweep', '--config', cfg, '--alphas', '0.5,0.50', '--out', join(dir, 'sw')]),
      2,
      /--alphas lists α = 0\.5 twice \(0\.5 and 0\.50\)/,
    );
    expectOneLine(
      cli(['sweep', '--config', cfg, '--alphas', '0,1', '--alpha', '0.3', '--out', join(dir, 'sw')]),
      2,
      /unknown option --alpha\b/,
    );
    expectOneLine(
      cli(['eval', '--data', 'demo', '--retriever', 'bm25', '--model', dir, '--out', join(dir, 'r.json')]),
      2,
      /--model would be ignored with --retriever bm25/,
    );
    expectOneLine(
      cli(['eval', '--data', join(dir, 'eval.jsonl'), '--split', 'train', '--out', join(dir, 'r.json')]),
      2,
      /--split would be ignored: .* has no splits/,
    );
    expectOneLine(
      cli(['train', '--resume', join(dir, 'nothing'), '--overwrite']),
      2,
      /--resume and --overwrite contradict each other/,
    );
    expect(existsSync(join(dir, 'sw'))).toBe(false);
  }, 300_000);

  it('ill-formed or unsatisfiable HBW_BLAS / HBW_NATIVE / HBW_BLAS_THREADS are usage errors naming the variable and the fix', () => {
    const run = (env: Record<string, string>) => cli(['train', '--config', cfg, '--out', join(dir, 'env')], env);
    expectOneLine(run({ HBW_NATIVE: 'yes' }), 2, /HBW_NATIVE=yes is not one of auto, on, off\. Fix: /);
    expectOneLine(run({ HBW_BLAS: 'bogus' }), 2, /HBW_BLAS=bogus is not one of auto, on, off\. Fix: /);
    expectOneLine(run({ HBW_BLAS_THREADS: '0' }), 2, /HBW_BLAS_THREADS\) must be a positive integer, got 0\. Fix: /);
    expectOneLine(
      run({ HBW_BLAS: 'off', HBW_NATIVE: 'on' }),
      2,
      /HBW_NATIVE=on needs the wasm backend with a BLAS .*Fix: unset HBW_NATIVE/,
    );
    expect(existsSync(join(dir, 'env', 'results.json'))).toBe(false);
  }, 300_000);
});

describe('input errors exit 1 with one line', () => {
  it('a missing model folder: no tfjs-wasm source, no stack; --debug and HBW_DEBUG=1 add the stack', () => {
    const args = [
      'eval',
      '--retriever',
      'dense',
      '--model',
      join(dir, 'no-model'),
      '--data',
      join(dir, 'eval.jsonl'),
      '--out',
      join(dir, 'r.json'),
    ];
    expectOneLine(cli(args), 1, /^error: --model .*no-model: model folder not found.*\. Fix: /);
    const debug = cli([...args, '--debug']);
    expect(debug.status).toBe(1);
    expect(debug.stderr).toMatch(/\n\s+at readModelFolder/);
    expect(debug.stderr.length).toBeLessThan(5000); // a stack, not tfjs-wasm's minified source
    expect(cli(args, { HBW_DEBUG: '1' }).stderr).toMatch(/\n\s+at /);
  }, 120_000);

  it('a broken safetensors file and a zip given as --model name the file', () => {
    const broken = join(dir, 'broken');
    mkdirSync(broken);
    writeFileSync(
      join(broken, 'config.json'),
      JSON.stringify({
        model_type: 'bert',
        hidden_size: 16,
        num_hidden_layers: 1,
        num_attention_heads: 2,
        intermediate_size: 32,
        vocab_size: 10,
        max_position_embeddings: 32,
      }),
    );
    writeFileSync(join(broken, 'vocab.txt'), '[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\na\n');
    const header = new Uint8Array(16);
    new DataView(header.buffer).setBigUint64(0, 1000n, true); // header longer than the file
    writeFileSync(join(broken, 'model.safetensors'), header);
    writeFileSync(join(dir, 'texts.jsonl'), '{"text": "hello"}\n');
    expectOneLine(
      cli(['embed', '--model', broken, '--input', join(dir, 'texts.jsonl'), '--out', join(dir, 'e.jsonl')]),
      1,
      /^error: --model .*broken: .*model\.safetensors.*\. Fix: /,
    );
    const zip = join(dir, 'model.zip');
    writeFileSync(zip, 'PK\x03\x04');
    expectOneLine(cli(['export', '--model', zip, '--out', join(dir, 'exp')]), 1, /^error: --model .*model\.zip: .*zip.*\. Fix: /);
  }, 120_000);

  it('configs that are not objects, output paths that are files', () => {
    const arr = join(dir, 'array.json');
    writeFileSync(arr, '[]');
    expectOneLine(
      cli(['train', '--config', arr, '--out', join(dir, 'a')]),
      1,
      /--config .*array\.json: expected a JSON object, got an array/,
    );
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    expectOneLine(cli(['train', '--config', cfg, '--out', file]), 1, /--out .*a-file exists and is a file, not a folder\. Fix:/);
    expectOneLine(cli(['train', '--config', cfg, '--out', join(file, 'sub')]), 1, /a part of that path is a file/);
    expectOneLine(
      cli(['eval', '--data', join(dir, 'eval.jsonl'), '--out', join(file, 'r.json')]),
      1,
      /the folder of --out .*a-file: a part of that path is a file|exists and is a file/,
    );
  }, 120_000);
});

describe('failed runs exit 3', () => {
  const base = join(dir, 'exploding-base');
  beforeAll(() => writeExplodingModel(base));

  it('a diverged train run: exit 3, the error says why and what to do, no results.json', () => {
    const diverge = writeTinyExperiment(dir, { baseCheckpoint: base, model: { init: 'path', path: base } });
    const out = join(dir, 'diverged');
    const r = cli(['train', '--config', diverge, '--out', out, '--quiet']);
    expectOneLine(
      r,
      3,
      /^error: run .*diverged failed: loss became NaN at step 0 .*training diverged\..*No checkpoint was written: start again with --overwrite/,
    );
    expect(existsSync(join(out, 'results.json'))).toBe(false);
    expect(readFileSync(join(out, 'events.jsonl'), 'utf8')).toMatch(/"type":"error"/);
  }, 120_000);

  it('a sweep with failed runs: exit 3 after writing the summary', () => {
    const diverge = writeTinyExperiment(dir, { baseCheckpoint: base, model: { init: 'path', path: base }, steps: 2 });
    const out = join(dir, 'sweep-diverged');
    const r = cli(['sweep', '--config', diverge, '--alphas', '0,1', '--out', out, '--quiet']);
    expect(r.status, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/error: sweep: 2 of 2 runs failed/);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.runs.map((x: { error?: string }) => typeof x.error)).toEqual(['string', 'string']);
  }, 120_000);
});

describe('describeError', () => {
  it('maps file-system errors to one plain line (exit 1) and unknown errors to internal (exit 70)', () => {
    const eexist = Object.assign(new Error("EEXIST: file already exists, mkdir '/x/y'"), {
      code: 'EEXIST',
      path: '/x/y',
      syscall: 'mkdir',
    });
    expect(describeError(eexist, false)).toEqual({
      code: 1,
      text: 'error: /x/y: already exists (as a file where a folder is needed, or the other way round) (EEXIST in mkdir). Fix: check the path, or choose another one',
    });
    const bug = describeError(new TypeError('x is undefined'), false);
    expect(bug.code).toBe(70);
    expect(bug.text).toMatch(/^internal error: TypeError: x is undefined — this is a bug; rerun with --debug/);
    expect(bug.text).not.toMatch(/\n/);
    expect(describeError(new TypeError('x'), true).text).toMatch(/\n\s+at /);
  });
});

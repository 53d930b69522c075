/**
 * Peak memory of ONE fine-tuning step of the vocabulary-trimmed (or, `f` cases, the full) real-size model (issue 17 item 5: "a fine-tuning
 * step … within a tab's memory (peak under 2 GB, measured)"), per batch × sequence length, each case in a fresh
 * Node process (a failed step leaves the tfjs-wasm heap unusable, and one case's heap must not count for the next):
 *   1. bench/tmp/minilm-l12-random (scripts/random-model.ts --size full) if missing;
 *   2. trimmed to the XQuAD-R texts (core trim-vocab) → bench/tmp/minilm-l12-trimmed-xquad, if missing;
 *   3. per case: build the encoder (tfjs wasm, 1 thread), one ContrastiveTrainer step (MNRL, AdamW, grad clip 1)
 *      on long texts that fill the sequence length; peak RSS (process.resourceUsage().maxRSS: V8 heap, buffers and
 *      the wasm heap that holds tfjs' tensors), RSS after building the encoder, tfjs bytes, seconds, loss;
 *      then, when the step succeeded, embedding throughput: EMBED_TEXTS of those texts (full sequence length) at
 *      batch 32 through embedTexts, wall and process CPU time (the box is shared: CPU time is the steadier).
 * Cases `BxS` (batch × sequence length) and `BxSr` (the same with recomputed layers: gradient checkpointing,
 * core/model/recompute.ts — same gradients, one layer's activations held instead of all).
 * Run: `npx tsx bench/real-size-step.ts` (HBW_STEP_CASES="8x128r,32x128r" to choose; results of other cases are
 * kept) → bench/results/real-size-step.json.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);
const REPO = resolve(SELF, '../..');
const FULL = join(REPO, 'bench/tmp/minilm-l12-random');
const TRIMMED = join(REPO, 'bench/tmp/minilm-l12-trimmed-xquad');
const XQUAD = resolve(REPO, '../shared/data/xquad-r');
/** Texts embedded after the step (two batches of 32; the step already warmed every kernel). */
const EMBED_TEXTS = 64;
/** `BxS`, or `BxSr` with recomputed layers (gradient checkpointing, core/model/recompute.ts); a trailing `f`
 * runs the full, untrimmed model (250,037 rows) instead of the trimmed one. */
const CASES = (process.env.HBW_STEP_CASES ?? '8x128,32x32,32x128,8x128r,32x32r,32x128r').split(',').map((c) => {
  const m = /^(\d+)x(\d+)(r?)(f?)$/.exec(c.trim());
  if (!m) throw new Error(`HBW_STEP_CASES: "${c}" is not BxS, BxSr or BxSrf (e.g. 32x128r, 32x128rf)`);
  return { batch: Number(m[1]), seq: Number(m[2]), recompute: m[3] === 'r', full: m[4] === 'f' };
});

async function xquadTexts(): Promise<string[]> {
  const { importLareqa } = await import('../src/core/data/lareqa');
  const files = readdirSync(XQUAD)
    .filter((f) => /^[a-z]{2}\.json$/.test(f))
    .sort()
    .map((f) => ({ name: join(XQUAD, f), bytes: new Uint8Array(readFileSync(join(XQUAD, f))) }));
  const ds = importLareqa(files, { name: 'xquad-r' });
  return [...ds.queries.map((q) => q.text), ...ds.candidates.map((c) => c.text)];
}

async function trimChild(): Promise<string> {
  const { readModelFolder, writeModelFolder } = await import('../src/cli/model-io');
  const { coveredTexts, trimVocab } = await import('../src/core/model/trim-vocab');
  const files = readModelFolder(FULL);
  const r = trimVocab(files, coveredTexts(files, await xquadTexts()), {
    source: 'minilm-l12-random',
    lineageNote: 'trim-vocab: xquad-r',
  });
  mkdirSync(TRIMMED, { recursive: true });
  writeModelFolder(TRIMMED, r.files);
  return `${r.before.rows} → ${r.after.rows} rows, ${r.before.total} → ${r.after.total} parameters (${r.texts} texts)`;
}

async function stepChild(batch: number, seq: number, recompute: boolean, full: boolean): Promise<Record<string, unknown>> {
  const tf = await import('@tensorflow/tfjs');
  const { initNodeBackend } = await import('../src/node/backend');
  const { readModelFolder } = await import('../src/cli/model-io');
  const { createEncoder } = await import('../src/core/model/checkpoint');
  type BertEncoder = import('../src/core/model/bert').BertEncoder;
  const { AdamW } = await import('../src/core/train/adamw');
  const { ContrastiveTrainer } = await import('../src/core/train/step');
  const { embedTexts } = await import('../src/core/model/encoder');
  tf.env().set('PROD', true);
  const backend = await initNodeBackend('wasm', { threads: 1 });
  const texts = await xquadTexts();
  const long = (n: number, off: number) =>
    Array.from({ length: n }, (_, i) => Array.from({ length: 8 }, (_, j) => texts[(off + i * 8 + j) % texts.length]).join(' '));
  const enc = createEncoder(readModelFolder(full ? FULL : TRIMMED), { maxLength: seq }) as BertEncoder;
  enc.recomputeLayers = recompute;
  const rssAfterBuildMb = Math.round(process.memoryUsage().rss / 2 ** 20);
  const peakBeforeStepMb = Math.round(process.resourceUsage().maxRSS / 1024);
  const tfBytesModel = tf.memory().numBytes;
  const b = { queries: long(batch, 0), positives: long(batch, 5000) };
  const seqLen = enc.tokenizer.encodeBatch(b.queries, seq).shape[1];
  const embeddingsTrainable = Object.keys(enc.trainableVariables()).some((k) => k.includes('word_embeddings'));
  const trainer = new ContrastiveTrainer(enc, new AdamW({ lr: 1e-4, weightDecay: 0.01 }));
  const t0 = performance.now(),
    c0 = process.cpuUsage();
  let loss: number | undefined, error: string | undefined;
  try {
    loss = +(await trainer.step(b, 1e-4, 1, { temperature: 0.05, variant: 'mnrl', maxLength: seq, gradClip: 1 })).loss.toFixed(4);
  } catch (e) {
    error = (e as Error).message;
  }
  const seconds = +((performance.now() - t0) / 1000).toFixed(1);
  const stepCpu = process.cpuUsage(c0);
  const cpuSeconds = +((stepCpu.user + stepCpu.system) / 1e6).toFixed(1);
  const tfBytesAfterStep = tf.memory().numBytes;
  const embed = error === undefined ? await embedThroughput() : {};
  return {
    backend: backend.blas ? 'wasm+OpenBLAS (1 thread)' : 'wasm',
    // OpenBLAS's own description, "(kernel Cooperlake)" included: the table's kernel column reads it.
    blas: backend.blas?.config ?? null,
    date: new Date().toISOString(),
    batch,
    seq,
    recompute,
    full,
    seqLen,
    rows: enc.config.model.vocabSize,
    embeddingsTrainable,
    seconds,
    cpuSeconds,
    loss,
    error,
    rssAfterBuildMb,
    peakBeforeStepMb,
    tfBytesModel,
    tfBytesAfterStep,
    ...embed,
  };

  async function embedThroughput() {
    const texts = long(EMBED_TEXTS, 10_000);
    const w0 = performance.now(),
      c0 = process.cpuUsage();
    const e = await embedTexts(enc, texts, 32);
    const wall = (performance.now() - w0) / 1000,
      c = process.cpuUsage(c0);
    const cpu = (c.user + c.system) / 1e6;
    return {
      embedTexts: texts.length,
      embedBatch: 32,
      embedSeconds: +wall.toFixed(2),
      embedCpuSeconds: +cpu.toFixed(2),
      embedTextsPerSecond: +(texts.length / wall).toFixed(2),
      embedDim: e.length / texts.length,
    };
  }
}

function child(args: string[]): Record<string, unknown> {
  const r = spawnSync(process.execPath, ['--import', 'tsx', SELF, '--child', ...args], {
    cwd: REPO,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const last = r.stdout.trim().split('\n').pop() ?? '';
  if (!last.startsWith('{')) return { error: `exit ${r.status ?? r.signal}: ${r.stderr.slice(-600)}` };
  return JSON.parse(last) as Record<string, unknown>;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') {
    const out =
      argv[1] === 'trim'
        ? { detail: await trimChild() }
        : await stepChild(Number(argv[2]), Number(argv[3]), argv[4] === 'r', argv[5] === 'f');
    process.stdout.write(JSON.stringify({ ...out, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }) + '\n');
    return;
  }
  if (!existsSync(join(FULL, 'model.safetensors'))) {
    const g = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/random-model.ts', '--out', FULL, '--size', 'full'], {
      cwd: REPO,
      stdio: 'inherit',
    });
    if (g.status !== 0) throw new Error('scripts/random-model.ts failed');
  }
  let trim: Record<string, unknown> = { detail: `reused ${TRIMMED}` };
  if (!existsSync(join(TRIMMED, 'model.safetensors'))) {
    trim = child(['trim']);
    process.stderr.write(`trim: ${JSON.stringify(trim)}\n`);
    if (trim.error) throw new Error(`trimming failed: ${trim.error}`);
  }
  // Results of cases not run now are kept (each result carries its date).
  const out = join(REPO, 'bench/results/real-size-step.json');
  const prev = existsSync(out)
    ? (JSON.parse(readFileSync(out, 'utf8')) as { trim?: Record<string, unknown>; results: Array<Record<string, unknown>> })
    : { results: [] };
  const key = (r: Record<string, unknown>) => `${r.batch}x${r.seq}${r.recompute ? 'r' : ''}${r.full ? 'f' : ''}`;
  const results = new Map(prev.results.map((r) => [key(r), r]));
  for (const c of CASES) {
    const t0 = performance.now();
    const r = {
      batch: c.batch,
      seq: c.seq,
      recompute: c.recompute,
      full: c.full,
      ...child(['step', String(c.batch), String(c.seq), c.recompute ? 'r' : '-', c.full ? 'f' : '-']),
      wallSeconds: +((performance.now() - t0) / 1000).toFixed(1),
    };
    process.stderr.write(`step ${key(r)}: ${JSON.stringify(r)}\n`);
    results.set(key(r), r);
  }
  if (String(trim.detail).startsWith('reused') && prev.trim) trim = prev.trim;
  writeFileSync(
    out,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        model: 'random MiniLM-L12 shape (bench/tmp), trimmed to XQuAD-R unless full: true',
        targetMb: 2048,
        trim,
        results: [...results.values()],
      },
      null,
      2,
    ) + '\n',
  );
  process.stderr.write(`→ ${out}\n`);
}

await main();

/**
 * Export as a sentence-transformers folder (core/model/sentence-transformers.ts) and the zip writer/reader
 * (core/util/zip.ts): a fine-tuned tiny-bert → folder → createEncoder gives bit-identical embeddings; the
 * same through zip → unzip; the layout is what SentenceTransformer(path) reads (modules.json entries,
 * 1_Pooling keys, Dense for the HF pooler, prompts); the model card carries config, α, data, per-language
 * results, bias and lineage. Zips are checked against Info-ZIP's `unzip -t` and `zip` when installed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/core/experiment/config';
import { cardInfoFromFolder, exportEncoder } from '../../../src/core/experiment/export';
import { createEncoder, saveEncoder, type ModelFiles } from '../../../src/core/model/checkpoint';
import type { Encoder } from '../../../src/core/model/encoder';
import { embedTexts } from '../../../src/core/model/encoder';
import { readSafetensors } from '../../../src/core/model/safetensors';
import { ST_MODULE, stripCommonRoot } from '../../../src/core/model/sentence-transformers';
import { AdamW } from '../../../src/core/train/adamw';
import { checkpointFiles } from '../../../src/core/train/checkpoint';
import { evaluateEncoder } from '../../../src/core/train/runner';
import { ContrastiveTrainer } from '../../../src/core/train/step';
import { crc32, readZip, writeZip } from '../../../src/core/util/zip';
import { writeModelFolder } from '../../../src/cli/model-io';
import { parallelDataset } from '../sampling/fixture';
import { fixtureTitle, hasFixture, loadFixture, useWasm } from './fixtures';

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const json = (files: ModelFiles, name: string) => JSON.parse(text(files[name]));
const has = (cmd: string) => spawnSync(cmd, ['-v'], { encoding: 'utf8' }).status === 0;

describe('zip', () => {
  it('crc32 matches the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('round-trips files (nested names, UTF-8, empty, binary) and is deterministic', async () => {
    const files: ModelFiles = {
      'a.txt': new TextEncoder().encode('hello'),
      '1_Pooling/config.json': new TextEncoder().encode('{}'),
      'ü/ß.bin': Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) & 255),
      empty: new Uint8Array(0),
    };
    const z = writeZip(files);
    expect(writeZip(files)).toEqual(z);
    expect(await readZip(z)).toEqual(files);
    const broken = z.slice();
    broken[30 + '1_Pooling/config.json'.length] ^= 0xff; // first byte of the first entry's data
    await expect(readZip(broken)).rejects.toThrow(/CRC-32/);
    await expect(readZip(new Uint8Array(100))).rejects.toThrow(/not a zip/);
    expect(() => writeZip({ '../x': new Uint8Array(1) })).toThrow(/unsafe/);
  });

  it.skipIf(!has('unzip'))('Info-ZIP unzip accepts our archives', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hbw-zip-'));
    writeFileSync(
      join(dir, 'x.zip'),
      writeZip({ 'a/b.txt': new TextEncoder().encode('b'), 'c.bin': new Uint8Array(70_000).fill(3) }),
    );
    const r = spawnSync('unzip', ['-t', join(dir, 'x.zip')], { encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/No errors detected/);
  });
});

/** tiny-bert after two AdamW steps on the fixture batch (so the weights differ from the fixture's). */
async function fineTuned(
  pooling: 'mean' | 'pooler',
  prefixes: { query: string; passage: string } | null = null,
): Promise<Encoder> {
  const { files, ref } = loadFixture('tiny-bert');
  const enc = createEncoder(files, { pooling, maxLength: 64, prefixes });
  const opt = new AdamW({ lr: 1e-3 });
  const tr = new ContrastiveTrainer(enc, opt);
  for (let s = 0; s < 2; s++)
    await tr.step(
      { queries: ref.texts.slice(0, 4), positives: ref.texts.slice(4, 8), negatives: ref.texts.slice(8, 12) },
      1e-3,
      s,
      { temperature: 0.05, variant: 'mnrl', maxLength: 64, gradClip: 1 },
    );
  opt.dispose();
  return enc;
}

async function sameEmbeddings(a: Encoder, b: Encoder, texts: string[]): Promise<number> {
  let worst = 0;
  for (const role of ['query', 'passage'] as const) {
    const x = await embedTexts(a, texts, 5, undefined, { role }),
      y = await embedTexts(b, texts, 5, undefined, { role });
    for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]));
  }
  return worst;
}

describe.skipIf(!hasFixture('tiny-bert'))(fixtureTitle('tiny-bert', 'sentence-transformers export'), () => {
  it('exports the ST layout, a model card, and re-imports (folder and zip) with identical embeddings', async () => {
    await useWasm();
    const { ref } = loadFixture('tiny-bert');
    const enc = await fineTuned('mean', { query: 'query: ', passage: 'passage: ' });
    const data = parallelDataset(['de', 'en', 'fr'], 6);
    const config = resolveConfig({
      name: 'tiny-hybrid',
      alpha: 0.25,
      steps: 2,
      trainable: { mode: 'top-k', k: 1 },
      train: { source: 'path', path: 'data/mlqa-r', split: 'train' },
      model: { init: 'path', path: 'fixtures/tiny-bert' },
    });
    const result = await evaluateEncoder(enc, data, { settings: ['monolingual', 'crosslingual', 'multilingual'], maxLength: 16 });
    const files = await exportEncoder(enc, {
      config,
      lineage: ['fixtures/tiny-bert'],
      evaluation: { step: 2, result },
      trainedSteps: 2,
      backend: 'wasm',
      date: '2025-01-02',
    });

    // Layout that sentence-transformers' SentenceTransformer(path) loads.
    for (const f of [
      'config.json',
      'model.safetensors',
      'tokenizer.json',
      'tokenizer_config.json',
      'vocab.txt',
      'modules.json',
      'sentence_bert_config.json',
      '1_Pooling/config.json',
      'config_sentence_transformers.json',
      'README.md',
    ])
      expect(files[f], f).toBeDefined();
    expect(Object.keys(files).filter((f) => /trainer_state|optimizer/.test(f))).toEqual([]);
    expect(json(files, 'modules.json')).toEqual([
      { idx: 0, name: '0', path: '', type: ST_MODULE.transformer },
      { idx: 1, name: '1', path: '1_Pooling', type: ST_MODULE.pooling },
      { idx: 2, name: '2', path: '2_Normalize', type: ST_MODULE.normalize },
    ]);
    expect(json(files, '1_Pooling/config.json')).toEqual({
      word_embedding_dimension: 32,
      pooling_mode_cls_token: false,
      pooling_mode_mean_tokens: true,
      pooling_mode_max_tokens: false,
      pooling_mode_mean_sqrt_len_tokens: false,
      pooling_mode_weightedmean_tokens: false,
      pooling_mode_lasttoken: false,
      include_prompt: true,
    });
    expect(json(files, 'sentence_bert_config.json')).toEqual({ max_seq_length: 64, do_lower_case: false });
    const stc = json(files, 'config_sentence_transformers.json');
    expect(stc.prompts).toEqual({ query: 'query: ', passage: 'passage: ' });
    expect(stc.similarity_fn_name).toBe('cosine');
    expect(stc.__version__.sentence_transformers).toMatch(/^\d+\.\d+\.\d+$/);
    const cfg = json(files, 'config.json');
    expect(cfg.architectures).toEqual(['BertModel']);
    expect(cfg.model_type).toBe('bert');
    // HF BertModel state-dict names (no "bert." prefix), float32: what AutoModel.from_pretrained(path) reads.
    const st = readSafetensors(files['model.safetensors']);
    expect([...st.tensors.keys()]).toContain('encoder.layer.1.output.LayerNorm.weight');
    expect([...st.tensors.keys()].every((k) => !k.startsWith('bert.'))).toBe(true);

    // Model card: front matter, config and α, data, per-language results and bias, lineage.
    const card = text(files['README.md']);
    expect(card).toMatch(/^---\nlibrary_name: sentence-transformers\npipeline_tag: sentence-similarity\n/);
    expect(card).toMatch(/language:\n- de\n- en\n- fr\n---/);
    expect(card).toContain('| α (probability of a monolingual batch) | 0.25 |');
    expect(card).toContain('| training data | data/mlqa-r (train) |');
    expect(card).toContain('| trainable parameters | top-1 |');
    expect(card).toContain('"alpha": 0.25');
    expect(card).toMatch(/Last evaluation at step 2 on synthetic \(18 queries/);
    expect(card).toContain(`| multilingual | ${result.settings.multilingual!.map.toFixed(4)} |`);
    expect(card).toContain(`**${result.languageBias!.meanMaxRankDistance.toFixed(1)}**`);
    for (const l of ['de', 'en', 'fr'])
      expect(card).toContain(`| ${l} | ${result.settings.monolingual!.byQueryLang[l].map.toFixed(4)} |`);
    expect(card).toMatch(/## Lineage\n\nOldest first:\n\n1\. fixtures\/tiny-bert\n2\. this model/);
    expect(card).toContain('prompt_name="query"');
    expect(json(files, 'lineage.json')).toEqual({ lineage: ['fixtures/tiny-bert', 'tiny-hybrid'] });

    // Re-import the folder: bit-identical embeddings.
    const back = createEncoder(files);
    expect(back.config.prefixes).toEqual({ query: 'query: ', passage: 'passage: ' });
    expect(await sameEmbeddings(enc, back, ref.texts)).toBe(0);
    // … and through zip → unzip.
    const unzipped = await readZip(writeZip(files));
    expect(Object.keys(unzipped).sort()).toEqual(Object.keys(files).sort());
    for (const k of Object.keys(files)) expect(unzipped[k], k).toEqual(files[k]);
    const back2 = createEncoder(unzipped);
    expect(await sameEmbeddings(enc, back2, ref.texts)).toBe(0);
    const before = tf.memory().numTensors;
    [enc, back, back2].forEach((e) => e.dispose());
    expect(tf.memory().numTensors).toBeLessThan(before);
  });

  it('a sentence-transformers folder without our hbw options still loads its prompts, max_seq_length and pooling', async () => {
    await useWasm();
    const enc = await fineTuned('mean', { query: 'query: ', passage: 'passage: ' });
    const files = await exportEncoder(enc);
    const cfg = json(files, 'config.json');
    delete cfg.hbw;
    const foreign = {
      ...files,
      'config.json': new TextEncoder().encode(JSON.stringify(cfg)),
      'sentence_bert_config.json': new TextEncoder().encode('{"max_seq_length": 60, "do_lower_case": false}'),
    };
    const back = createEncoder(foreign);
    expect(back.config).toMatchObject({
      pooling: 'mean',
      normalize: true,
      maxLength: 60,
      prefixes: { query: 'query: ', passage: 'passage: ' },
    });
    const texts = loadFixture('tiny-bert').ref.texts;
    expect(await sameEmbeddings(enc, back, texts)).toBe(0);
    enc.dispose();
    back.dispose();
  });

  it('pooling "pooler" exports CLS pooling + a Tanh Dense holding the pooler weights', async () => {
    await useWasm();
    const { ref } = loadFixture('tiny-bert');
    const enc = await fineTuned('pooler');
    const files = await exportEncoder(enc);
    expect(json(files, 'modules.json').map((m: { path: string; type: string }) => [m.path, m.type])).toEqual([
      ['', ST_MODULE.transformer],
      ['1_Pooling', ST_MODULE.pooling],
      ['2_Dense', ST_MODULE.dense],
      ['3_Normalize', ST_MODULE.normalize],
    ]);
    expect(json(files, '1_Pooling/config.json').pooling_mode_cls_token).toBe(true);
    expect(json(files, '2_Dense/config.json')).toEqual({
      in_features: 32,
      out_features: 32,
      bias: true,
      activation_function: 'torch.nn.modules.activation.Tanh',
    });
    const dense = readSafetensors(files['2_Dense/model.safetensors']).tensors;
    const pooler = readSafetensors(files['model.safetensors']).tensors;
    expect(dense.get('linear.weight')!.data).toEqual(pooler.get('pooler.dense.weight')!.data);
    expect(dense.get('linear.bias')!.data).toEqual(pooler.get('pooler.dense.bias')!.data);
    expect(text(files['README.md'])).toContain('No training configuration was recorded');
    const back = createEncoder(files);
    expect(await sameEmbeddings(enc, back, ref.texts)).toBe(0);
    enc.dispose();
    back.dispose();
  });

  it('card facts come from a checkpoint folder (trainer state: config, lineage, step)', async () => {
    await useWasm();
    const enc = await fineTuned('mean');
    const config = resolveConfig({ alpha: 0.75, steps: 10 });
    const ckpt = await checkpointFiles(
      { runId: 'run-x', step: 4, sampler: {} as never, optimizer: { step: 4, m: {}, v: {} }, lineage: ['bases/demo'], config },
      enc,
    );
    const info = cardInfoFromFolder(ckpt, 'runs/x/checkpoint');
    expect(info).toMatchObject({ name: 'demo', lineage: ['bases/demo', 'run run-x @ step 4'], trainedSteps: 4 });
    expect(info.config?.alpha).toBe(0.75);
    expect(cardInfoFromFolder(await saveEncoder(enc), 'models/base').lineage).toEqual(['models/base']);
    enc.dispose();
  });

  it.skipIf(!has('zip'))('imports a deflated zip of a folder made by Info-ZIP (top-level folder stripped)', async () => {
    await useWasm();
    const { ref } = loadFixture('tiny-bert');
    const enc = await fineTuned('mean');
    const files = await exportEncoder(enc);
    const dir = mkdtempSync(join(tmpdir(), 'hbw-st-'));
    writeModelFolder(join(dir, 'my-model'), files);
    const r = spawnSync('zip', ['-r', '-9', 'm.zip', 'my-model'], { cwd: dir, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const unzipped = stripCommonRoot(await readZip(new Uint8Array(readFileSync(join(dir, 'm.zip')))));
    for (const k of Object.keys(files)) expect(unzipped[k], k).toEqual(files[k]);
    const back = createEncoder(unzipped);
    expect(await sameEmbeddings(enc, back, ref.texts)).toBe(0);
    enc.dispose();
    back.dispose();
  });
});

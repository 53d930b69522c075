/** Model folders: save → load identity, from-scratch init, prefixes, embedTexts, memory hygiene. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEncoder, newTinyBert, saveEncoder } from '../../../src/core/model/checkpoint';
import { embedTexts } from '../../../src/core/model/encoder';
import { readSafetensors } from '../../../src/core/model/safetensors';
import { trainWordPiece } from '../../../src/core/model/wordpiece-trainer';
import { FIXTURES, fixtureTitle, hasFixture, loadFixture, useWasm } from './fixtures';

const dec = (b: Uint8Array) => JSON.parse(new TextDecoder().decode(b)) as Record<string, unknown>;

const CORPUS = [
  'The capital of the country is Paris.',
  'Die Hauptstadt des Landes ist Berlin.',
  'La capital del país es Madrid.',
  'Der längste Fluss der Welt ist der Nil.',
  'El río más largo de África es el Nilo.',
  '北京是中国的首都。',
  'Which river is the longest in Africa?',
  'Wer hat die Stadt gebaut?',
  'La música de la ciudad es famosa en el mundo.',
];
const tinyVocab = () => trainWordPiece(Array.from({ length: 20 }, () => CORPUS).flat(), { vocabSize: 300 }).files;

async function embed(enc: ReturnType<typeof createEncoder>, texts: string[], role?: 'query' | 'passage'): Promise<Float32Array> {
  const t = tf.tidy(() => enc.encode(texts, { role }));
  const d = (await t.data()) as Float32Array;
  t.dispose();
  return d;
}

beforeAll(useWasm);

for (const name of FIXTURES) {
  describe.skipIf(!hasFixture(name))(fixtureTitle(name, 'checkpoint save → load'), () => {
    it("gives identical embeddings, weights and tokenizer; the weights file equals PyTorch's byte for byte", async () => {
      const { files, ref } = loadFixture(name);
      const a = createEncoder(files, { pooling: 'cls', prefixes: { query: 'query: ', passage: 'passage: ' } });
      const saved = await saveEncoder(a);
      expect(Object.keys(saved).sort()).toEqual([
        'config.json',
        'model.safetensors',
        'tokenizer.json',
        'tokenizer_config.json',
        'vocab.txt',
      ]);
      expect(Buffer.compare(Buffer.from(saved['model.safetensors']), Buffer.from(files['model.safetensors']))).toBe(0);
      const cfg = dec(saved['config.json']);
      expect(cfg.hbw).toEqual({
        pooling: 'cls',
        normalize: true,
        prefixes: { query: 'query: ', passage: 'passage: ' },
        maxLength: a.config.maxLength,
      });
      expect(cfg.model_type).toBe(ref.model_type);
      const b = createEncoder(saved); // both alive at once: tfjs variable names must not clash
      expect(b.config).toEqual(a.config);
      for (const role of ['query', 'passage', undefined] as const)
        expect(await embed(b, ref.texts, role)).toEqual(await embed(a, ref.texts, role));
      expect(await embed(a, ['x'], 'query')).not.toEqual(await embed(a, ['x'], 'passage'));
      a.dispose();
      b.dispose();
    });
  });
}

describe('newTinyBert', () => {
  it('is seeded, HF-initialised, and survives save → load exactly', async () => {
    const vocab = tinyVocab();
    const before = tf.memory().numTensors;
    const a = newTinyBert({ vocab, hidden: 32, layers: 2, heads: 4, seed: 7 });
    const b = newTinyBert({ vocab, hidden: 32, layers: 2, heads: 4, seed: 7 });
    const c = newTinyBert({ vocab, hidden: 32, layers: 2, heads: 4, seed: 8 });
    const w = async (e: typeof a, n: string) => (await e.allVariables()[n].data()) as Float32Array;
    const word = 'embeddings.word_embeddings.weight';
    expect(await w(a, word)).toEqual(await w(b, word));
    expect(await w(a, word)).not.toEqual(await w(c, word));
    const q = await w(a, 'encoder.layer.0.attention.self.query.weight');
    const mean = q.reduce((s, x) => s + x, 0) / q.length;
    const std = Math.sqrt(q.reduce((s, x) => s + (x - mean) ** 2, 0) / q.length);
    expect(Math.max(...q.map(Math.abs))).toBeLessThanOrEqual(0.04 + 1e-7); // cut at 2σ
    expect(std).toBeGreaterThan(0.015);
    expect(std).toBeLessThan(0.02); // truncation narrows σ to ≈0.0176
    expect(Array.from((await w(a, word)).subarray(0, 32)).every((x) => x === 0)).toBe(true); // [PAD] row
    expect(Array.from(await w(a, 'encoder.layer.1.output.LayerNorm.weight')).every((x) => x === 1)).toBe(true);
    expect(Object.keys(a.trainableVariables())).not.toContain('pooler.dense.weight');
    expect(Object.keys(a.allVariables())).toContain('pooler.dense.weight');
    expect(a.config.model.vocabSize).toBe(a.tokenizer.vocabSize);

    const saved = await saveEncoder(a);
    expect(readSafetensors(saved['model.safetensors']).tensors.get('encoder.layer.0.attention.self.query.weight')!.shape).toEqual(
      [32, 32],
    );
    const d = createEncoder(saved);
    expect(await embed(d, CORPUS)).toEqual(await embed(a, CORPUS));
    for (const e of [a, b, c, d]) e.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('embedTexts', () => {
  it('batches (sorted by length) into input order, equal to one encode, no leaks', async () => {
    const enc = newTinyBert({
      vocab: tinyVocab(),
      hidden: 32,
      layers: 1,
      heads: 2,
      seed: 1,
      prefixes: { query: 'query: ', passage: 'passage: ' },
    });
    const before = tf.memory().numTensors;
    const progress: number[] = [];
    const got = await embedTexts(enc, CORPUS, 4, (done) => void progress.push(done), { role: 'query' });
    expect(progress).toEqual([4, 8, 9]);
    expect(tf.memory().numTensors).toBe(before);
    const one = await embed(enc, CORPUS, 'query');
    let maxDiff = 0;
    for (let i = 0; i < one.length; i++) maxDiff = Math.max(maxDiff, Math.abs(one[i] - got[i]));
    expect(maxDiff).toBeLessThan(1e-5); // same maths; only padding length differs per batch
    enc.dispose();
  });
});

describe('loading errors', () => {
  it.skipIf(!hasFixture('tiny-bert'))('names what is wrong', () => {
    const { files } = loadFixture('tiny-bert');
    const cfg = dec(files['config.json']);
    const withCfg = (c: Record<string, unknown>) => ({ ...files, 'config.json': new TextEncoder().encode(JSON.stringify(c)) });
    expect(() => createEncoder(withCfg({ ...cfg, hidden_size: 48 }))).toThrow(/hidden_size 48.*num_attention_heads 4|shape/);
    expect(() => createEncoder(withCfg({ ...cfg, num_hidden_layers: 3 }))).toThrow(/encoder\.layer\.2/);
    expect(() => createEncoder(withCfg({ ...cfg, model_type: 'gpt2' }))).toThrow(
      /model_type: "gpt2" is not supported \(supported: bert, xlm-roberta, roberta\)/,
    );
    const { 'model.safetensors': _, ...noWeights } = files;
    expect(() => createEncoder(noWeights)).toThrow(/model\.safetensors/);
  });
});

describe.skipIf(!hasFixture('tiny-bert'))('encode edge cases', () => {
  it('returns [0, dim] for no texts and caps maxLength at the position table', async () => {
    const enc = createEncoder(loadFixture('tiny-bert').files);
    const none = enc.encode([]);
    expect(none.shape).toEqual([0, enc.dim]);
    none.dispose();
    const long = tf.tidy(() => enc.encode(['the city '.repeat(200)], { maxLength: 10_000 }));
    expect(long.shape).toEqual([1, enc.dim]);
    long.dispose();
    enc.dispose();
  });
});

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { importLexicon } from '../../../src/core/data/lexicon';
import { createEncoder } from '../../../src/core/model/checkpoint';
import { baseModelFiles, baseVocabCorpus, newBaseEncoder, pretrainLineage } from '../../../src/core/train/base-recipe';
import { readLineage } from '../../../src/core/train/checkpoint';
import { resolvePretrainConfig } from '../../../src/core/train/pretrain-config';

const rows = ['en\tde\tfr', ...Array.from({ length: 40 }, (_, k) => `w${k}a\tq${k}b\tz${k}c`)];
const lexicon = importLexicon([{ name: 'toy.tsv', bytes: new TextEncoder().encode(rows.join('\n') + '\n') }]);

beforeAll(async () => {
  expect(await tf.setBackend('wasm')).toBe(true);
});

describe('the base recipe (cli pretrain and the browser share it)', () => {
  it('learns the vocabulary from both sides of every pair, then the extra training text', () => {
    const corpus = baseVocabCorpus(lexicon, ['extra one', 'extra two']);
    expect(corpus.length).toBe(2 * lexicon.pairs.length + 2);
    expect(corpus.slice(0, 2)).toEqual([lexicon.pairs[0].a, lexicon.pairs[0].b]);
    expect(corpus.slice(-2)).toEqual(['extra one', 'extra two']);
  });

  it('names the sources by file name in the lineage', () => {
    expect(pretrainLineage(['models/lexicon/demo-lexicon.tsv', 'C:\\x\\en-de.tsv'], { steps: 1500, seed: 42 })).toBe(
      'pretrain:demo-lexicon.tsv+en-de.tsv;steps=1500;seed=42',
    );
  });

  it('makes a fresh tiny BERT whose folder reloads with its lineage and whole-sentence maxLength', async () => {
    const cfg = resolvePretrainConfig({
      maxLength: 8,
      model: { vocabSize: 200, hidden: 16, layers: 1, heads: 2, intermediate: 32 },
    });
    const enc = newBaseEncoder(cfg, baseVocabCorpus(lexicon));
    expect(enc.config.model.hiddenSize).toBe(16);
    expect(enc.config.maxLength).toBe(64); // the position table, not the pre-training length
    expect(enc.config.model.vocabSize).toBeLessThanOrEqual(200);
    const files = await baseModelFiles(enc, ['pretrain:toy.tsv;steps=1;seed=42']);
    expect(readLineage(files)).toEqual(['pretrain:toy.tsv;steps=1;seed=42']);
    const back = createEncoder(files);
    const a = tf.tidy(() => enc.encode(['w1a', 'q1b'], { role: 'query', maxLength: 8 }));
    const b = tf.tidy(() => back.encode(['w1a', 'q1b'], { role: 'query', maxLength: 8 }));
    expect(Array.from(await a.data())).toEqual(Array.from(await b.data()));
    tf.dispose([a, b]);
    enc.dispose();
    back.dispose();
  });
});

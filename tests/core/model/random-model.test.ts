/**
 * The random real-shape generator (core/model/random-model.ts + scripts/random-model.ts) at test size
 * (MINILM_TINY: same layout and tokenizer kind as the 250,037-row MiniLM-L12 shape): written to disk,
 * served by the Hub imitation (302 to a storage origin), downloaded, trimmed, embedded (trimmed = original
 * within 1e-6) and fine-tuned one step with the (now small) word-embedding table trainable.
 * Full size: `npm run bench -- real-size`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEncoder } from '../../../src/core/model/checkpoint';
import { embedTexts } from '../../../src/core/model/encoder';
import { downloadModel } from '../../../src/core/model/hub';
import { MINILM_L12_MULTILINGUAL, MINILM_TINY, shapeParams } from '../../../src/core/model/random-model';
import { createTokenizer } from '../../../src/core/model/tokenizer';
import { coveredTexts, trimVocab } from '../../../src/core/model/trim-vocab';
import { AdamW } from '../../../src/core/train/adamw';
import { ContrastiveTrainer } from '../../../src/core/train/step';
import { corpusTexts, writeRandomModel } from '../../../scripts/random-model';
import { startHubServer } from '../../helpers/hub-server';
import { HAS_SHARED, sharedPath } from '../../helpers/shared';
import { maxAbsDiff, useWasm } from './fixtures';

describe('random real-shape models', () => {
  it('the full shape has the parameter counts of paraphrase-multilingual-MiniLM-L12-v2', () => {
    const p = shapeParams(MINILM_L12_MULTILINGUAL);
    expect(p.wordEmbeddings).toBe(250_037 * 384);
    expect(p.total).toBe(117_653_760);
  });

  describe.skipIf(!HAS_SHARED)('test size, through the Hub path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hbw-random-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('written, served with redirects, downloaded, trimmed, embedded exactly, fine-tuned one step', async () => {
      await useWasm();
      const corpus = corpusTexts([sharedPath('data', 'xquad-r')], 1500);
      writeRandomModel(join(dir, 'm'), 'tiny', corpus, 3);
      const hub = await startHubServer({ 'hbw-test/random-minilm': join(dir, 'm') }, { storage: true });
      const files = await downloadModel('hbw-test/random-minilm', { baseUrl: hub.url, cache: null }).finally(() => hub.close());
      expect(Object.keys(files)).toEqual(
        expect.arrayContaining(['config.json', 'tokenizer.json', 'model.safetensors', 'modules.json', '1_Pooling/config.json']),
      );
      const tok = createTokenizer(files);
      expect([tok.kind, tok.vocabSize, tok.padId, tok.prefixIds, tok.suffixIds]).toEqual([
        'Unigram',
        MINILM_TINY.pieces,
        1,
        [0],
        [2],
      ]);

      const texts = coveredTexts(files, corpusTexts([sharedPath('data', 'mlqa-r')], 300));
      const t = trimVocab(files, texts);
      expect(t.before.rows).toBe(MINILM_TINY.rows);
      expect(t.after.rows).toBeLessThan(MINILM_TINY.pieces);
      const a = createEncoder(files),
        b = createEncoder(t.files);
      expect(maxAbsDiff(await embedTexts(a, texts, 32), await embedTexts(b, texts, 32))).toBeLessThanOrEqual(1e-6);
      a.dispose();
      const before = (await b.trainableVariables()['embeddings.word_embeddings.weight'].data()).slice();
      const r = await new ContrastiveTrainer(b, new AdamW({ lr: 1e-3, weightDecay: 0 })).step(
        { queries: texts.slice(0, 8), positives: texts.slice(8, 16) },
        1e-3,
        1,
        { temperature: 0.05, variant: 'mnrl', maxLength: 32, gradClip: 1 },
      );
      expect(Number.isFinite(r.loss)).toBe(true);
      const after = await b.trainableVariables()['embeddings.word_embeddings.weight'].data();
      expect(maxAbsDiff(before, after)).toBeGreaterThan(0);
      b.dispose();
    });
  });
});

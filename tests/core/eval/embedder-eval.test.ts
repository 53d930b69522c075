/**
 * evaluateEmbedder (src/core/eval/embedder-eval.ts), the one evaluation path of every runtime (tfjs and the
 * frozen ONNX encoder): queries embedded with role 'query', candidates with 'passage', the query cap applied
 * before embedding, progress over both, and the scores those embeddings imply.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateEmbedder, type TextEmbedder } from '../../../src/core/eval/embedder-eval';
import { embedInBatches, type EncodeOptions } from '../../../src/core/model/encoder';
import { dataset } from './toy';

/** q1 and its answers (…/0/0) → e1, q2 and its answers (…/0/1) → e2; or everything the same (no signal). */
function embedder(perfect: boolean, calls: Array<{ texts: readonly string[]; opts?: EncodeOptions }>): TextEmbedder {
  return {
    dim: 2,
    async embedAll(texts, _bs, onProgress, opts) {
      calls.push({ texts, opts });
      const out = new Float32Array(texts.length * 2);
      texts.forEach((t, i) => {
        out[i * 2 + (perfect && /q2|\/0\/1/.test(t) ? 1 : 0)] = 1;
      });
      onProgress?.(texts.length, texts.length);
      return out;
    },
  };
}

describe('evaluateEmbedder', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('embeds queries as queries and candidates as passages; perfect embeddings give mAP 1 in every setting', async () => {
    const calls: Array<{ texts: readonly string[]; opts?: EncodeOptions }> = [];
    const progress: Array<[number, number]> = [];
    const r = await evaluateEmbedder(embedder(true, calls), dataset, {
      settings: ['monolingual', 'crosslingual', 'multilingual'],
      maxLength: 16,
      onProgress: (d, t) => progress.push([d, t]),
    });
    expect(calls.map((c) => c.opts)).toEqual([
      { role: 'query', maxLength: 16 },
      { role: 'passage', maxLength: 16 },
    ]);
    expect(calls[0].texts).toEqual(dataset.queries.map((q) => q.text));
    expect(calls[1].texts).toEqual(dataset.candidates.map((c) => c.text));
    expect(progress).toEqual([
      [4, 8],
      [8, 8],
    ]);
    for (const s of ['monolingual', 'crosslingual', 'multilingual'] as const) expect(r.settings[s]!.map).toBe(1);
    expect(r.languageBias).toBeDefined();
  });

  it('caps queries per language before embedding; uninformative embeddings score below 1', async () => {
    const calls: Array<{ texts: readonly string[]; opts?: EncodeOptions }> = [];
    const r = await evaluateEmbedder(embedder(false, calls), dataset, {
      settings: ['multilingual'],
      maxQueriesPerLang: 1,
      maxLength: 8,
    });
    expect(calls[0].texts).toHaveLength(2);
    expect(calls[1].texts).toHaveLength(4);
    expect(r.counts.queries).toBe(2);
    expect(r.settings.multilingual!.map).toBeLessThan(1);
    expect(r.settings.monolingual).toBeUndefined();
  });

  it('leaves no tensor behind', async () => {
    const before = tf.memory().numTensors;
    await evaluateEmbedder(embedder(true, []), dataset, { settings: ['multilingual'], maxLength: 8 });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('awaits the yield point after each embedding batch; a throwing one stops embedding there', async () => {
    const batches: number[] = [];
    const batched: TextEmbedder = {
      dim: 2,
      embedAll: (texts, bs, onProgress) =>
        embedInBatches(
          texts,
          2,
          bs,
          async (b) => {
            batches.push(b.length);
            return new Float32Array(b.length * 2).fill(1);
          },
          onProgress,
        ),
    };
    let calls = 0;
    const cancel = async () => {
      if (++calls === 3) throw new DOMException('evaluation cancelled', 'AbortError');
    };
    const run = evaluateEmbedder(batched, dataset, {
      settings: ['multilingual'],
      maxLength: 8,
      batchSize: 1,
      yieldPoint: cancel,
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(batches).toEqual([1, 1, 1]); // no batch after the cancel
  });
});

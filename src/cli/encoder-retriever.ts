/** A dense retriever over a model folder: embeds the dataset with the encoder, then exact cosine search. */
import type { Dataset } from '../core/data/types';
import { DenseRetriever } from '../core/eval/dense';
import type { Pool, Retriever } from '../core/eval/types';
import { createEncoder } from '../core/model/checkpoint';
import { embedTexts } from '../core/model/encoder';
import { cliBackend } from './backend';
import { asInputError, MODEL_FIX } from './errors';
import { readModelFolder } from './model-io';

export async function encoderRetriever(modelDir: string, backend?: string, maxLength?: number): Promise<Retriever> {
  await cliBackend(backend);
  const encoder = asInputError(`--model ${modelDir}`, MODEL_FIX, () =>
    createEncoder(readModelFolder(modelDir), maxLength ? { maxLength } : {}),
  );
  let dense: DenseRetriever | undefined;
  const name = `dense:${modelDir}`;
  return {
    name,
    poolIndependent: true,
    async prepare(d: Dataset, onProgress) {
      const total = d.queries.length + d.candidates.length;
      const q = await embedTexts(
        encoder,
        d.queries.map((x) => x.text),
        64,
        (n) => onProgress?.(n, total),
        { role: 'query' },
      );
      const c = await embedTexts(
        encoder,
        d.candidates.map((x) => x.text),
        64,
        (n) => onProgress?.(d.queries.length + n, total),
        { role: 'passage' },
      );
      dense = new DenseRetriever(q, c, encoder.dim, name);
      await dense.prepare(d);
    },
    score(queryIdx: Int32Array, pool: Pool) {
      if (!dense) throw new Error('encoder retriever used before prepare');
      return dense.score(queryIdx, pool);
    },
    dispose() {
      dense?.dispose();
      encoder.dispose();
    },
  };
}

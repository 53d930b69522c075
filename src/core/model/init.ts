/**
 * Seeded initialisation of a from-scratch BERT, in plain JS so the same seed gives the same weights on
 * every backend. Each parameter draws from its own stream (seed ⊕ hash of its name): adding a layer does not
 * change the initial values of the others.
 */
import type { BertConfig } from './config';
import { parameterShapes } from './bert-layers';
import type { TensorData } from './safetensors';
import { mulberry32Uint32 } from '../util/mulberry32';

/** Uniforms in the open interval (0, 1): Box–Muller takes their log. */
function openUniform(seed: number): () => number {
  const next = mulberry32Uint32(seed);
  return () => (next() + 0.5) / 4294967296;
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** N(0, std²) truncated at ±2·std by resampling (as tf.truncatedNormal / torch trunc_normal_(a=-2σ, b=2σ)). */
export function truncatedNormal(count: number, std: number, seed: number): Float32Array {
  const u = openUniform(seed);
  const out = new Float32Array(count);
  for (let i = 0; i < count; ) {
    // Box–Muller: two independent normals per pair of uniforms.
    const r = Math.sqrt(-2 * Math.log(u()));
    const th = 2 * Math.PI * u();
    for (const z of [r * Math.cos(th), r * Math.sin(th)]) if (Math.abs(z) <= 2 && i < count) out[i++] = z * std;
  }
  return out;
}

/**
 * HF BertPreTrainedModel._init_weights with a truncated normal: Linear/Embedding weights ~ N(0, std) cut at
 * 2σ, biases 0, LayerNorm γ = 1 and β = 0, the padding row of the word embeddings 0.
 */
export function initBertWeights(cfg: BertConfig, seed: number, std = 0.02, withPooler = true): Map<string, TensorData> {
  const out = new Map<string, TensorData>();
  for (const [name, shape] of parameterShapes(cfg, withPooler)) {
    const count = shape.reduce((a, b) => a * b, 1);
    let data: Float32Array;
    if (name.includes('LayerNorm')) data = new Float32Array(count).fill(name.endsWith('.weight') ? 1 : 0);
    else if (name.endsWith('.bias')) data = new Float32Array(count);
    else data = truncatedNormal(count, std, (seed ^ fnv1a(name)) >>> 0);
    if (name === 'embeddings.word_embeddings.weight')
      data.fill(0, cfg.padTokenId * cfg.hiddenSize, (cfg.padTokenId + 1) * cfg.hiddenSize);
    out.set(name, { shape, data });
  }
  return out;
}

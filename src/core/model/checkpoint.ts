/**
 * Model folders in the Hugging Face layout as in-memory files (`Record<filename, bytes>`; reading and writing
 * disks or IndexedDB happens outside core): config.json (our options under `hbw`), model.safetensors,
 * tokenizer.json, tokenizer_config.json, vocab.txt.
 */
import * as tf from '@tensorflow/tfjs';
import {
  type BertConfig,
  type EncoderConfig,
  type EncoderOptions,
  maxSequenceLength,
  parseBertConfig,
  parseEncoderOptions,
  stSettings,
  toConfigJson,
} from './config';
import { BertEncoder } from './bert';
import type { Encoder } from './encoder';
import { initBertWeights } from './init';
import { readModelWeights, type TensorData, writeSafetensors } from './safetensors';
import { ModelLoadError } from './errors';
import { parameterShapes } from './bert-layers';
import { createTokenizer, parseJsonFile } from './tokenizer';

export type ModelFiles = Record<string, Uint8Array>;

/** Loads an encoder from a model folder; `overrides` replace options from config.json (e.g. pooling for a plain HF model). */
export function createEncoder(files: ModelFiles, overrides: Partial<EncoderOptions> = {}): BertEncoder {
  const raw = parseJsonFile(files, 'config.json');
  if (!raw)
    throw new ModelLoadError(
      'model folder',
      undefined,
      undefined,
      'has no config.json',
      'give a Hugging Face model folder (config.json, tokenizer files, model.safetensors)',
    );
  const model = parseBertConfig(raw);
  const options = {
    ...parseEncoderOptions(raw, model, parseJsonFile(files, '1_Pooling/config.json'), stSettings(files)),
    ...overrides,
  };
  options.maxLength = Math.min(options.maxLength, maxSequenceLength(model));
  const tokenizer = createTokenizer(files);
  const origins = new Map<string, string>();
  // Views, not copies, of the file's float32 data: the encoder copies each into its backend (wasm heap, GPU), so
  // a 471 MB model is not held twice while it is built. The CPU backend keeps the array it is given, so there a
  // view would pin the whole file to the encoder's life: copies.
  const weights = readModelWeights(files, origins, tf.getBackend() !== 'cpu');
  checkWeightsMatchConfig(model, weights, origins);
  return new BertEncoder({ model, ...options }, tokenizer, weights);
}

/** Encoder parameter names: what config.json describes (task heads such as `cls.*` or `lm_head.*` are not). */
const ENCODER_PARAM = /^(embeddings|encoder|pooler)\./;

/**
 * Every encoder tensor must be one config.json describes, with the shape it implies: a missing tensor, a shape
 * mismatch, or a tensor config.json has no place for (e.g. `encoder.layer.5.*` with num_hidden_layers 4 —
 * HF would drop it with a warning, silently losing part of the model) is a ModelLoadError naming the tensor.
 */
export function checkWeightsMatchConfig(
  model: BertConfig,
  weights: ReadonlyMap<string, TensorData>,
  origins: ReadonlyMap<string, string> = new Map(),
): void {
  const shapes = parameterShapes(model, weights.has('pooler.dense.weight'));
  const file = (name: string) => origins.get(name) ?? 'model.safetensors';
  const fix = 'use the config.json saved with these weights (or weights saved with this config.json)';
  for (const [name, t] of weights) {
    if (!ENCODER_PARAM.test(name) || name.endsWith('position_ids')) continue;
    const want = shapes.get(name);
    if (!want) {
      const layer = /^encoder\.layer\.(\d+)\./.exec(name);
      const why =
        layer && Number(layer[1]) >= model.numHiddenLayers
          ? `is for layer ${layer[1]}, but config.json has num_hidden_layers ${model.numHiddenLayers}`
          : 'is not a parameter of the encoder config.json describes';
      throw new ModelLoadError(file(name), `tensor "${name}"`, undefined, why, fix);
    }
    if (t.shape.join(',') !== want.join(',')) {
      throw new ModelLoadError(
        file(name),
        `tensor "${name}"`,
        undefined,
        `has shape [${t.shape.join(', ')}], config.json implies [${want.join(', ')}]`,
        fix,
      );
    }
  }
  const missing = [...shapes.keys()].filter((k) => !weights.has(k));
  if (missing.length > 0) {
    throw new ModelLoadError(
      origins.size ? [...new Set(origins.values())].join(', ') : 'model.safetensors',
      undefined,
      undefined,
      `lacks ${missing.length} parameter(s) config.json describes: ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''}`,
      fix,
    );
  }
}

/** The files of a model folder for an encoder (weights read back from the backend; F32 safetensors). */
export async function saveEncoder(encoder: Encoder): Promise<ModelFiles> {
  const tensors = new Map<string, TensorData>();
  for (const [name, v] of Object.entries(encoder.allVariables())) {
    tensors.set(name, { shape: v.shape.slice(), data: (await v.data()) as Float32Array });
  }
  return {
    ...encoder.tokenizer.files(),
    'config.json': new TextEncoder().encode(JSON.stringify(toConfigJson(encoder.config), null, 2)),
    'model.safetensors': writeSafetensors(tensors),
  };
}

export interface TinyBertOptions extends Partial<EncoderOptions> {
  /** Tokenizer files (tokenizer.json, tokenizer_config.json, vocab.txt), e.g. from trainWordPiece. */
  vocab: ModelFiles;
  hidden?: number;
  layers?: number;
  heads?: number;
  /** FFN width; default 4 × hidden as in BERT. */
  intermediate?: number;
  maxPosition?: number;
  seed?: number;
}

/**
 * A from-scratch BERT for the tokenizer in `vocab` (vocab_size = the tokenizer's), initialised with a seeded
 * truncated normal (σ = 0.02, cut at 2σ) like HF's BERT init.
 *
 * Defaults: hidden 128, 2 layers, 4 heads, FFN 512, 128 positions, mean pooling, normalised.
 *
 * Cost of one training step on WASM (tfjs 4.22, Node 20, SIMD, single thread — Node's WASM backend has no
 * threads): tf.variableGrads over mean(q·p) for 32 queries + 32 passages (two encode calls), seq len 32,
 * vocab 8000, FFN 4×hidden, all trainable variables. CPU ms per step, best of 2×8 runs on a shared 2-core box
 * (wall ≈ CPU when the box is idle); forward alone is ~30% of it. Heads do not change the cost (same FLOPs).
 *
 *   hidden  layers  params  fwd+bwd (2 heads / 4 heads)  fwd only
 *      64      1    0.57M      119 / 108 ms                ~35 ms
 *      64      2    0.62M      200 / 202 ms                ~60 ms
 *      64      4    0.72M      421 / 406 ms               ~110 ms
 *     128      1    1.24M      265 / 261 ms                ~77 ms
 *     128      2    1.44M      495 / 502 ms               ~145 ms
 *     128      4    1.83M      958 / 969 ms               ~290 ms
 *
 * ≈ 240 ms per layer at hidden 128 and ≈ 100 ms at 64 (not 4× less: per-op overheads and the naive batched
 * attention kernel weigh more at small sizes). Embeddings are most of the parameters (8000 × hidden).
 */
export function newTinyBert(o: TinyBertOptions): BertEncoder {
  const tokenizer = createTokenizer(o.vocab);
  const hidden = o.hidden ?? 128;
  const maxPosition = o.maxPosition ?? 128;
  const raw: Record<string, unknown> = {
    architectures: ['BertModel'],
    model_type: 'bert',
    vocab_size: tokenizer.vocabSize,
    hidden_size: hidden,
    num_hidden_layers: o.layers ?? 2,
    num_attention_heads: o.heads ?? 4,
    intermediate_size: o.intermediate ?? 4 * hidden,
    hidden_act: 'gelu',
    hidden_dropout_prob: 0.1,
    attention_probs_dropout_prob: 0.1,
    max_position_embeddings: maxPosition,
    type_vocab_size: 2,
    layer_norm_eps: 1e-12,
    pad_token_id: tokenizer.padId,
    initializer_range: 0.02,
    position_embedding_type: 'absolute',
  };
  const model = parseBertConfig(raw);
  const config: EncoderConfig = {
    model,
    pooling: o.pooling ?? 'mean',
    normalize: o.normalize ?? true,
    prefixes: o.prefixes ?? null,
    maxLength: Math.min(o.maxLength ?? maxPosition, maxPosition),
  };
  return new BertEncoder(config, tokenizer, initBertWeights(model, o.seed ?? 0, 0.02, true));
}

/**
 * BERT / XLM-RoBERTa encoder in tfjs, configured from Hugging Face config.json, holding its weights as
 * tf.Variables named exactly as the HF state dict (torch layout, Linear weights [out, in]), so gradients,
 * optimiser state and checkpoints all speak the same names as PyTorch. No dropout: parity and determinism.
 */
import * as tf from '@tensorflow/tfjs';
import { type EncoderConfig, maxSequenceLength, type Pooling } from './config';
import type { EncodeOptions, Encoder } from './encoder';
import { attentionBias, embeddings, encoderLayer, parameterShapes } from './bert-layers';
import { l2Normalize, linear, maskedMean } from './ops';
import { recording } from './tape';
import { recomputedLayer } from './recompute';
import type { TensorData } from './safetensors';
import type { TokenizedBatch, Tokenizer } from './tokenizer';
import { trainableFilter, type TrainableSetting } from './trainable';

/** tfjs variable names are global to the engine; a per-instance scope lets several encoders coexist. */
let instances = 0;

export class BertEncoder implements Encoder {
  readonly dim: number;
  /** Names in the weights that the encoder does not use (e.g. MLM heads), for diagnostics. */
  readonly unusedWeights: string[];
  private readonly vars = new Map<string, tf.Variable>();
  /** Partial fine-tuning (trainable.ts); 'all' by default, where a > 50k-row word-embedding matrix stays frozen. */
  private trained: (name: string) => boolean = () => true;
  private trainableSetting: TrainableSetting = 'all';
  /**
   * Gradient checkpointing (recompute.ts): under a gradient tape each layer keeps only its input and recomputes
   * its activations in the backward pass. Same gradients, one more forward of compute, one layer's activations
   * in memory instead of all of them. Off by default.
   */
  recomputeLayers = false;
  private readonly p = (name: string): tf.Tensor => {
    const v = this.vars.get(name);
    if (!v) throw new Error(`BertEncoder: no parameter "${name}"${this.vars.size === 0 ? ' (disposed)' : ''}`);
    return v;
  };

  constructor(
    readonly config: EncoderConfig,
    public tokenizer: Tokenizer,
    weights: ReadonlyMap<string, TensorData>,
  ) {
    const m = config.model;
    this.dim = m.hiddenSize;
    const withPooler = weights.has('pooler.dense.weight');
    if (config.pooling === 'pooler' && !withPooler)
      throw new Error('pooling "pooler" asked for, but the weights have no pooler.dense');
    if (tokenizer.vocabSize > m.vocabSize) {
      throw new Error(`tokenizer has ${tokenizer.vocabSize} ids but the model only ${m.vocabSize} word embeddings`);
    }
    const shapes = parameterShapes(m, withPooler);
    const missing = [...shapes.keys()].filter((k) => !weights.has(k));
    if (missing.length > 0)
      throw new Error(
        `weights lack ${missing.length} parameter(s): ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`,
      );
    for (const [name, shape] of shapes) {
      const t = weights.get(name)!;
      if (t.shape.join(',') !== shape.join(','))
        throw new Error(`weight ${name} has shape [${t.shape}], config.json implies [${shape}]`);
    }
    const scope = `hbw${++instances}`;
    for (const [name, shape] of shapes) {
      this.vars.set(
        name,
        tf.tidy(() => tf.variable(tf.tensor(weights.get(name)!.data, shape, 'float32'), true, `${scope}/${name}`)),
      );
    }
    this.unusedWeights = [...weights.keys()].filter((k) => !shapes.has(k) && !k.endsWith('position_ids'));
    this.setTrainable('all');
  }

  private filterFor(spec: TrainableSetting): (name: string) => boolean {
    return trainableFilter(spec, {
      numHiddenLayers: this.config.model.numHiddenLayers,
      vocabSize: this.config.model.vocabSize,
      poolerPools: this.config.pooling === 'pooler',
    });
  }

  /** Which parameters trainableVariables() lists (see trainable.ts); throws when the setting cannot apply. */
  setTrainable(spec: TrainableSetting): void {
    this.trained = this.filterFor(spec);
    this.trainableSetting = spec;
    for (const [k, v] of this.vars) v.trainable = this.trained(k);
  }

  get trainable(): TrainableSetting {
    return this.trainableSetting;
  }

  encode(texts: string[], opts: EncodeOptions = {}): tf.Tensor2D {
    if (texts.length === 0) return tf.zeros([0, this.dim]);
    const pre = this.config.prefixes && opts.role ? this.config.prefixes[opts.role] : '';
    const maxLength = Math.min(opts.maxLength ?? this.config.maxLength, maxSequenceLength(this.config.model));
    const batch = this.tokenizer.encodeBatch(pre ? texts.map((t) => pre + t) : texts, maxLength);
    return tf.tidy(() => this.pool(this.forward(batch), batch.attentionMask));
  }

  /** last_hidden_state [n, L, H] of a tokenized batch. */
  forward(batch: TokenizedBatch): tf.Tensor3D {
    const cfg = this.config.model;
    const [n, L] = batch.shape;
    if (L > maxSequenceLength(cfg))
      throw new Error(`sequence length ${L} exceeds the position table (${maxSequenceLength(cfg)})`);
    return tf.tidy(() => {
      const bias = attentionBias(batch.attentionMask, n, L); // [n, 1, 1, L] or null
      let x = embeddings(cfg, this.p, batch.inputIds, batch.attentionMask, n, L); // [nL, H]
      const checkpoint = this.recomputeLayers && recording();
      for (let i = 0; i < cfg.numHiddenLayers; i++) {
        x = checkpoint
          ? recomputedLayer(cfg, this.p, i, x, bias, n, L, this.layerParams(i))
          : encoderLayer(cfg, this.p, i, x, bias, n, L);
      }
      return tf.reshape(x, [n, L, cfg.hiddenSize]);
    });
  }

  /** Pools hidden states [n, L, H] to [n, H]: masked mean, the first token, or tanh(dense(first)) (HF pooler). */
  pool(
    hidden: tf.Tensor3D,
    mask: Int32Array,
    pooling: Pooling = this.config.pooling,
    normalize = this.config.normalize,
  ): tf.Tensor2D {
    return tf.tidy(() => {
      const [n, , H] = hidden.shape;
      let v: tf.Tensor2D;
      if (pooling === 'mean') v = maskedMean(hidden, mask);
      else {
        const cls = tf.reshape(tf.slice(hidden, [0, 0, 0], [n, 1, H]), [n, H]) as tf.Tensor2D; // [n, H]
        v =
          pooling === 'cls'
            ? cls
            : tf.tanh(linear(cls, this.p('pooler.dense.weight') as tf.Tensor2D, this.p('pooler.dense.bias') as tf.Tensor1D));
      }
      return normalize ? l2Normalize(v) : v;
    });
  }

  private layerParams(i: number): string[] {
    const pre = `encoder.layer.${i}.`;
    return [...this.vars.keys()].filter((k) => k.startsWith(pre));
  }

  trainableVariables(): Record<string, tf.Variable> {
    const out: Record<string, tf.Variable> = {};
    // The pooler gets no gradient unless it pools (tf.variableGrads would reject a variable without one);
    // frozen parts (setTrainable) are left out, so they get no gradient and no optimiser moments.
    for (const [k, v] of this.vars) if (this.trained(k)) out[k] = v;
    return out;
  }

  allVariables(): Record<string, tf.Variable> {
    return Object.fromEntries(this.vars);
  }

  dispose(): void {
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
  }
}

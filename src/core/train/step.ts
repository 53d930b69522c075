/**
 * One contrastive optimisation step, shared by fine-tuning (QA pairs) and pre-training (translation pairs):
 * encode → InfoNCE → gradients → clip → finiteness guard → AdamW. Every intermediate tensor is disposed.
 */
import * as tf from '@tensorflow/tfjs';
import type { Encoder } from '../model/encoder';
import type { AdamW } from './adamw';
import { checkFinite, clipGradNormAsync } from './clip';
import { infoNce, type InfoNceVariant } from './loss';

export interface StepBatch {
  queries: string[];
  positives: string[];
  /** Hard negatives: any number for 'mnrl'; exactly one per query for 'paper'. */
  negatives?: string[];
}

export interface StepOptions {
  temperature: number;
  variant: InfoNceVariant;
  maxLength: number;
  /** Global-norm clip; 0 = off. */
  gradClip: number;
}

export class ContrastiveTrainer {
  private readonly names: string[];
  private readonly varList: tf.Variable[];

  constructor(
    private encoder: Encoder,
    private optimizer: AdamW,
  ) {
    const vars = encoder.trainableVariables();
    this.names = Object.keys(vars);
    this.varList = this.names.map((n) => vars[n]);
    if (this.names.length === 0)
      throw new Error('nothing to train: the encoder has no trainable parameters (check the "trainable" setting)');
  }

  async step(batch: StepBatch, lr: number, step: number, o: StepOptions): Promise<{ loss: number; gradNorm: number }> {
    const enc = this.encoder;
    const neg = batch.negatives && batch.negatives.length > 0 ? batch.negatives : undefined;
    // q, p: [B × dim]; n: [M × dim] — one shared encoder (dual encoder with tied weights).
    const { value, grads } = tf.variableGrads(() => {
      const q = enc.encode(batch.queries, { role: 'query', maxLength: o.maxLength });
      const p = enc.encode(batch.positives, { role: 'passage', maxLength: o.maxLength });
      const n = neg ? enc.encode(neg, { role: 'passage', maxLength: o.maxLength }) : undefined;
      return infoNce(q, p, n, { temperature: o.temperature, variant: o.variant });
    }, this.varList);
    const loss = (await value.data())[0];
    value.dispose();
    // variableGrads keys by tfjs variable name; map back to the encoder's parameter names.
    const named: Record<string, tf.Tensor> = {};
    this.varList.forEach((v, i) => {
      if (grads[v.name]) named[this.names[i]] = grads[v.name];
    });
    const vars = Object.fromEntries(this.names.map((n, i) => [n, this.varList[i]]));
    try {
      if (o.gradClip > 0) {
        const clipped = await clipGradNormAsync(named, o.gradClip); // async read-back: see clipGradNormAsync
        try {
          checkFinite(loss, clipped.norm, { step, lr });
          this.optimizer.applyGradients(vars, clipped.grads, lr);
        } finally {
          tf.dispose(clipped.grads);
        }
        return { loss, gradNorm: clipped.norm };
      }
      checkFinite(loss, undefined, { step, lr });
      this.optimizer.applyGradients(vars, named, lr);
      return { loss, gradNorm: NaN };
    } finally {
      tf.dispose(grads);
    }
  }
}

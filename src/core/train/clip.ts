/**
 * Gradient clipping and the divergence guard that runs after it in every training step.
 */
import * as tf from '@tensorflow/tfjs';

/**
 * torch.nn.utils.clip_grad_norm_(params, maxNorm) for the 2-norm: total = ‖concat(all grads)‖₂,
 * every grad is scaled by min(1, maxNorm / (total + 1e-6)). tfjs tensors are immutable, so the scaled
 * gradients are NEW tensors (always, even when no scaling was needed, so ownership is uniform): the
 * caller disposes both the inputs and the result. `norm` is the pre-clip total, like torch's return value;
 * a NaN/Inf norm propagates into the gradients (torch's error_if_nonfinite=False) — pass it to checkFinite.
 */
export function clipGradNorm(
  grads: Record<string, tf.Tensor>,
  maxNorm: number,
): { grads: Record<string, tf.Tensor>; norm: number } {
  if (!(maxNorm > 0)) throw new Error(`clipGradNorm: maxNorm must be > 0, got ${maxNorm}`);
  const names = Object.keys(grads);
  if (names.length === 0) return { grads: {}, norm: 0 };
  const norm = tf.tidy(() => tf.sqrt(tf.addN(names.map((k) => tf.sum(tf.square(grads[k]))))).dataSync()[0]);
  const coef = Math.min(1, maxNorm / (norm + 1e-6)); // NaN when norm is NaN, as in torch
  const out: Record<string, tf.Tensor> = {};
  for (const k of names) out[k] = tf.tidy(() => tf.mul(grads[k], coef));
  return { grads: out, norm };
}

/**
 * clipGradNorm for every backend incl. WebGPU, where two things break the sync version in current Chromium:
 * tfjs's synchronous read-back (dataSync) returns zeros and then loses the device ("A valid external Instance
 * reference no longer exists" on the next mapAsync), and addN over one input per parameter exceeds WebGPU's
 * storage-buffer limit per shader (8 on SwiftShader), so its pipeline is invalid and the norm is garbage.
 * Hence: pairwise adds (the same left-to-right sum as addN) and an asynchronous read.
 */
export async function clipGradNormAsync(
  grads: Record<string, tf.Tensor>,
  maxNorm: number,
): Promise<{ grads: Record<string, tf.Tensor>; norm: number }> {
  if (!(maxNorm > 0)) throw new Error(`clipGradNorm: maxNorm must be > 0, got ${maxNorm}`);
  const names = Object.keys(grads);
  if (names.length === 0) return { grads: {}, norm: 0 };
  const total = tf.tidy(() => tf.sqrt(names.map((k) => tf.sum(tf.square(grads[k]))).reduce((a, b) => tf.add(a, b))));
  let norm: number;
  try {
    norm = (await total.data())[0];
  } finally {
    total.dispose();
  }
  const coef = Math.min(1, maxNorm / (norm + 1e-6));
  const out: Record<string, tf.Tensor> = {};
  for (const k of names) out[k] = tf.tidy(() => tf.mul(grads[k], coef));
  return { grads: out, norm };
}

/** Thrown when training diverges; the message is meant to be shown to the user as is. */
export class NonFiniteError extends Error {
  override readonly name = 'NonFiniteError';
  constructor(
    readonly what: 'loss' | 'gradient norm',
    readonly value: number,
    readonly step: number | undefined,
    readonly lr: number | undefined,
  ) {
    const at = step === undefined ? '' : ` at step ${step}`;
    const rate = lr === undefined ? '' : ` (learning rate ${lr.toExponential(2)})`;
    super(
      `${what} became ${Number.isNaN(value) ? 'NaN' : value > 0 ? '+Infinity' : '-Infinity'}${at}${rate}: training diverged. ` +
        'Lower the learning rate, raise the warm-up steps, set a gradient clip (max norm 1.0), or raise the temperature; ' +
        'then resume from the last checkpoint.',
    );
  }
}

/** Throw NonFiniteError if the loss or the gradient norm is NaN/±Inf; the loss is checked first. */
export function checkFinite(loss: number, gradNorm?: number, ctx: { step?: number; lr?: number } = {}): void {
  if (!Number.isFinite(loss)) throw new NonFiniteError('loss', loss, ctx.step, ctx.lr);
  if (gradNorm !== undefined && !Number.isFinite(gradNorm)) throw new NonFiniteError('gradient norm', gradNorm, ctx.step, ctx.lr);
}

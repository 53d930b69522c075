/**
 * Gradient checkpointing of one encoder layer: under a gradient tape the layer runs as a single custom-gradient
 * node that keeps only its input; its activations (attention scores, FFN intermediates, LayerNorm statistics) are
 * freed at once and recomputed, one layer at a time, during the backward pass. A fine-tuning step then holds one
 * layer's activations instead of all twelve — the difference between a real-size step fitting a tab or not
 * (bench/real-size-step.ts) — for one more forward pass of compute.
 *
 * Same numbers: the recomputation is the same ops on the same inputs (the taped path of bert-layers.ts, since a
 * tape is active in both passes), and its backward runs the same gradient functions in the same order as the
 * whole-tape backward would for that layer (tests/core/model/recompute.test.ts compares them bit for bit).
 */
import * as tf from '@tensorflow/tfjs';
import { encoderLayer, type ParamFn } from './bert-layers';
import type { BertConfig } from './config';

/** tfjs keeps one active tape; a gradient taken inside a backward pass would replace the outer one (and null it at its end). */
interface TapeState {
  activeTape: unknown;
}
const tapeState = (): TapeState => (tf.engine() as unknown as { state: TapeState }).state;

/** encoderLayer(cfg, p, i, x, …) as one checkpointed node; `names` are the layer's parameter names (all get gradients). */
export function recomputedLayer(
  cfg: BertConfig,
  p: ParamFn,
  i: number,
  x: tf.Tensor2D,
  bias: tf.Tensor4D | null,
  n: number,
  L: number,
  names: readonly string[],
): tf.Tensor2D {
  const ws = names.map((k) => p(k));
  const withParams = (w: tf.Tensor[]): ParamFn => {
    const m = new Map(names.map((k, j) => [k, w[j]]));
    return (k) => m.get(k) ?? p(k);
  };
  const f = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const xi = args[0] as tf.Tensor2D;
    // The attention bias is saved too: the forward's tidy disposes it before the backward pass.
    (args[args.length - 1] as tf.GradSaveFunc)(bias ? [xi, bias] : [xi]);
    // Inside a custom-gradient forward nothing is taped: the layer's intermediates are disposed on return.
    const value = encoderLayer(cfg, p, i, xi, bias, n, L);
    const gradFunc = (dy: tf.Tensor2D, saved: tf.Tensor[]): tf.Tensor[] => {
      const st = tapeState();
      const outer = st.activeTape;
      const b = (saved[1] as tf.Tensor4D | undefined) ?? null;
      try {
        return tf.grads((...a: tf.Tensor[]) => encoderLayer(cfg, withParams(a.slice(1)), i, a[0] as tf.Tensor2D, b, n, L))(
          [saved[0], ...ws],
          dy,
        );
      } finally {
        st.activeTape = outer;
      }
    };
    return { value, gradFunc };
  });
  return f(x, ...ws);
}

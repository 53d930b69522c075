/**
 * Shapes of a (batched, optionally transposed) matrix product as tf.matMul defines them, shared by the two
 * re-registered product kernels (wasm-gemm.ts in every engine, src/node/blas-kernels.ts with a native BLAS).
 */
import * as tf from '@tensorflow/tfjs';

export interface ProductShape {
  m: number;
  k: number;
  n: number;
  batchOut: number[];
  batches: number;
  /** Output batch entry → batch entry of a (of b), broadcasting as tf.matMul. */
  aIndex: (i: number) => number;
  bIndex: (i: number) => number;
}

/** out[..., m, n] = op(a)[..., m, k] · op(b)[..., k, n]; throws tf.matMul's own message when k differs. */
export function productShape(aShape: number[], bShape: number[], tA: boolean, tB: boolean): ProductShape {
  const ra = aShape.length,
    rb = bShape.length;
  const m = tA ? aShape[ra - 1] : aShape[ra - 2],
    k = tA ? aShape[ra - 2] : aShape[ra - 1];
  const kb = tB ? bShape[rb - 1] : bShape[rb - 2],
    n = tB ? bShape[rb - 2] : bShape[rb - 1];
  if (k !== kb) {
    throw new Error(
      `Error in matMul: inner shapes (${k}) and (${kb}) of Tensors with shapes ${aShape} and ${bShape} ` +
        `and transposeA=${tA} and transposeB=${tB} must match.`,
    );
  }
  const batchA = aShape.slice(0, -2),
    batchB = bShape.slice(0, -2);
  const batchOut = tf.broadcast_util.assertAndGetBroadcastShape(batchA, batchB);
  const batches = batchOut.reduce((p, d) => p * d, 1);
  return { m, k, n, batchOut, batches, aIndex: broadcastIndex(batchOut, batchA), bIndex: broadcastIndex(batchOut, batchB) };
}

/** Flat batch index of the output → flat batch index of an input whose batch shape broadcasts to it. */
export function broadcastIndex(outShape: number[], inShape: number[]): (i: number) => number {
  const size = inShape.reduce((p, d) => p * d, 1);
  if (size === 1) return () => 0;
  const padded = [...new Array(outShape.length - inShape.length).fill(1), ...inShape];
  if (padded.every((d, j) => d === outShape[j])) return (i) => i;
  return (i) => {
    let rest = i,
      index = 0,
      stride = 1;
    for (let j = outShape.length - 1; j >= 0; j--) {
      const coord = rest % outShape[j];
      rest = Math.floor(rest / outShape[j]);
      if (padded[j] !== 1) index += coord * stride;
      stride *= padded[j];
    }
    return index;
  };
}

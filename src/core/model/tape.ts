/** Whether a gradient tape records right now — what decides if an op must define (and save for) its gradient. */
import * as tf from '@tensorflow/tfjs';

/** Inside tf.grads / variableGrads (the tape records): only then is a derivative worth computing and saving. */
export function recording(): boolean {
  const state = (tf.engine() as unknown as { state?: { gradientDepth?: number } }).state;
  return state?.gradientDepth === undefined ? true : state.gradientDepth > 0;
}

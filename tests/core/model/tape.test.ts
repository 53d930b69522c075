/** recording(): true only while a gradient tape records — what lets ops skip their gradient scopes at inference. */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { recording } from '../../../src/core/model/tape';

describe('recording', () => {
  it('is false outside a tape and true inside tf.grad and tf.variableGrads', async () => {
    await tf.setBackend('cpu');
    expect(recording()).toBe(false);
    let inGrad: boolean | undefined;
    tf.grad((x: tf.Tensor) => {
      inGrad = recording();
      return tf.sum(tf.square(x));
    })(tf.tensor1d([1, 2]));
    expect(inGrad).toBe(true);
    const v = tf.variable(tf.scalar(3));
    let inVarGrads: boolean | undefined;
    tf.variableGrads(() => {
      inVarGrads = recording();
      return tf.square(v) as tf.Scalar;
    });
    expect(inVarGrads).toBe(true);
    expect(recording()).toBe(false);
    v.dispose();
  });
});

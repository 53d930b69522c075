import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../src/core/util/backend';
import { AdamW } from '../../../src/core/train/adamw';

beforeAll(async () => {
  expect((await initBackend('wasm')).name).toBe('wasm');
});

/** torch.optim.AdamW._single_tensor_adamw, transcribed in float64 for one flat parameter. */
function torchAdamW(
  theta: number[],
  gradsPerStep: number[][],
  o: { lr: number; b1: number; b2: number; eps: number; wd: number },
) {
  const p = theta.slice(),
    m = p.map(() => 0),
    v = p.map(() => 0);
  gradsPerStep.forEach((g, s) => {
    const step = s + 1;
    for (let i = 0; i < p.length; i++) {
      p[i] *= 1 - o.lr * o.wd;
      m[i] += (g[i] - m[i]) * (1 - o.b1); // exp_avg.lerp_(grad, 1 - beta1)
      v[i] = v[i] * o.b2 + (1 - o.b2) * g[i] * g[i];
      const stepSize = o.lr / (1 - o.b1 ** step);
      const denom = Math.sqrt(v[i]) / Math.sqrt(1 - o.b2 ** step) + o.eps;
      p[i] -= (stepSize * m[i]) / denom;
    }
  });
  return p;
}

const theta0 = { w: [0.5, -1.25, 2, 0.01, -0.3, 1.7], b: [0.1, -0.2] };
const gradSeq = [
  { w: [0.3, -0.1, 0.05, 2, -1e-4, 0.7], b: [1, -0.5] },
  { w: [-0.2, 0.4, 0.05, -1, 3e-3, 0.6], b: [0.5, 0.5] },
  { w: [0.1, 0.1, -0.3, 0.5, 0, -0.9], b: [-1, 0.25] },
];
const hyper = { lr: 0.05, b1: 0.9, b2: 0.999, eps: 1e-8, wd: 0.1 };

function run(steps: number, opts: { noDecay?: (n: string) => boolean } = {}) {
  const vars = { w: tf.variable(tf.tensor2d(theta0.w, [2, 3]), true), b: tf.variable(tf.tensor1d(theta0.b), true) };
  const opt = new AdamW({
    lr: hyper.lr,
    beta1: hyper.b1,
    beta2: hyper.b2,
    eps: hyper.eps,
    weightDecay: hyper.wd,
    noDecay: opts.noDecay,
  });
  for (let s = 0; s < steps; s++) {
    const grads = { w: tf.tensor2d(gradSeq[s].w, [2, 3]), b: tf.tensor1d(gradSeq[s].b) };
    opt.applyGradients(vars, grads);
    tf.dispose(grads);
  }
  const out = { w: Array.from(vars.w.dataSync()), b: Array.from(vars.b.dataSync()) };
  tf.dispose([vars.w, vars.b]);
  opt.dispose();
  return out;
}
const close = (got: number[], want: number[]) => got.forEach((g, i) => expect(Math.abs(g - want[i])).toBeLessThan(1e-6));

describe('AdamW vs torch formula (float64)', () => {
  for (const steps of [1, 3]) {
    it(`${steps} step(s), weight decay on every parameter`, () => {
      const got = run(steps);
      close(
        got.w,
        torchAdamW(
          theta0.w,
          gradSeq.slice(0, steps).map((g) => g.w),
          hyper,
        ),
      );
      close(
        got.b,
        torchAdamW(
          theta0.b,
          gradSeq.slice(0, steps).map((g) => g.b),
          hyper,
        ),
      );
    });
  }
  it('noDecay excludes the named variables only', () => {
    const got = run(3, { noDecay: (n) => n === 'b' });
    close(
      got.w,
      torchAdamW(
        theta0.w,
        gradSeq.map((g) => g.w),
        hyper,
      ),
    );
    close(
      got.b,
      torchAdamW(
        theta0.b,
        gradSeq.map((g) => g.b),
        { ...hyper, wd: 0 },
      ),
    );
  });
  it('decay is decoupled: a zero gradient still shrinks θ by lr·wd (Adam step is 0)', () => {
    const v = { x: tf.variable(tf.tensor1d([2]), true) };
    const opt = new AdamW({ lr: 0.1, weightDecay: 0.5 });
    const g = { x: tf.zeros([1]) };
    opt.applyGradients(v, g);
    expect(v.x.dataSync()[0]).toBeCloseTo(2 * (1 - 0.05), 6);
    tf.dispose([v.x, g.x]);
    opt.dispose();
  });
  it('lr override and variables without a gradient are left untouched', () => {
    const v = { a: tf.variable(tf.tensor1d([1, 2]), true), frozen: tf.variable(tf.tensor1d([3]), true) };
    const opt = new AdamW({ lr: 123 });
    const g = { a: tf.tensor1d([0.5, -0.5]) };
    opt.applyGradients(v, g, 0.01);
    close(Array.from(v.a.dataSync()), torchAdamW([1, 2], [[0.5, -0.5]], { lr: 0.01, b1: 0.9, b2: 0.999, eps: 1e-8, wd: 0.01 }));
    expect(v.frozen.dataSync()[0]).toBe(3);
    const bad = tf.tensor1d([1, 2, 3]);
    expect(() => opt.applyGradients(v, { a: bad })).toThrow(/shape/);
    expect(opt.step).toBe(1); // a rejected call does not count as a step
    tf.dispose([v.a, v.frozen, g.a, bad]);
    opt.dispose();
  });
});

describe('AdamW state', () => {
  it('round-trips through plain Float32Arrays: resumed run equals the uninterrupted one', () => {
    const uninterrupted = run(3);
    const vars = { w: tf.variable(tf.tensor2d(theta0.w, [2, 3]), true), b: tf.variable(tf.tensor1d(theta0.b), true) };
    const a = new AdamW({ lr: hyper.lr, weightDecay: hyper.wd });
    for (let s = 0; s < 2; s++) {
      const g = { w: tf.tensor2d(gradSeq[s].w, [2, 3]), b: tf.tensor1d(gradSeq[s].b) };
      a.applyGradients(vars, g);
      tf.dispose(g);
    }
    const state = a.getState();
    a.dispose();
    expect(state.step).toBe(2);
    expect(state.m.w).toBeInstanceOf(Float32Array);
    expect(state.m.w.length).toBe(6);
    const b = new AdamW({ lr: hyper.lr, weightDecay: hyper.wd });
    b.setState(state);
    expect(b.getState()).toEqual(state); // pending (not yet materialised) state reads back too
    const g = { w: tf.tensor2d(gradSeq[2].w, [2, 3]), b: tf.tensor1d(gradSeq[2].b) };
    b.applyGradients(vars, g);
    expect(b.step).toBe(3);
    close(Array.from(vars.w.dataSync()), uninterrupted.w);
    close(Array.from(vars.b.dataSync()), uninterrupted.b);
    tf.dispose([g.w, g.b, vars.w, vars.b]);
    b.dispose();
  });
  it('rejects a state whose sizes do not fit the variables', () => {
    const v = { w: tf.variable(tf.zeros([4]), true) };
    const opt = new AdamW({ lr: 1e-3 });
    opt.setState({ step: 1, m: { w: new Float32Array(3) }, v: { w: new Float32Array(3) } });
    const g = { w: tf.zeros([4]) };
    expect(() => opt.applyGradients(v, g)).toThrow(/3 values/);
    tf.dispose([v.w, g.w]);
    opt.dispose();
  });
});

describe('AdamW memory', () => {
  it('holds the tensor count constant over 100 steps (after the moments exist)', () => {
    const vars = { w: tf.variable(tf.randomNormal([16, 8]), true), b: tf.variable(tf.zeros([8]), true) };
    const opt = new AdamW({ lr: 1e-3, noDecay: (n) => n === 'b' });
    const step = () => {
      const { grads, value } = tf.variableGrads(
        () => tf.sum(tf.square(tf.add(tf.matMul(tf.ones([2, 16]), vars.w), vars.b))) as tf.Scalar,
        [vars.w, vars.b],
      );
      opt.applyGradients(vars, { w: grads[vars.w.name], b: grads[vars.b.name] });
      tf.dispose([value, ...Object.values(grads)]);
    };
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 100; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    opt.getState();
    opt.setState(opt.getState());
    expect(tf.memory().numTensors).toBe(before - 4); // setState disposed the 2×2 moment variables
    tf.dispose([vars.w, vars.b]);
    opt.dispose();
  });
});

import { describe, expect, it } from 'vitest';
import { pca2 } from '../../../src/worker/views/pca';

describe('pca2 (power iteration)', () => {
  it('finds the two axes of largest variance, in order', () => {
    // Points spread 10× along axis 2, 3× along axis 0, little along axis 1 (dim 3).
    const n = 400,
      dim = 3,
      data = new Float32Array(n * dim);
    for (let i = 0; i < n; i++) {
      const a = Math.sin(i * 1.7) * 10,
        b = Math.cos(i * 2.3) * 3,
        c = Math.sin(i * 0.37) * 0.1;
      data.set([b + 5, c - 2, a + 1], i * dim);
    }
    const { coords, explained } = pca2(data, n, dim);
    expect(explained[0]).toBeGreaterThan(explained[1]);
    expect(explained[0] + explained[1]).toBeGreaterThan(0.999);
    // PC1 follows the third coordinate, PC2 the first (up to sign).
    const corr = (pc: number, axis: number) => {
      const x = Array.from({ length: n }, (_, i) => coords[i * 2 + pc]);
      const y = Array.from({ length: n }, (_, i) => data[i * dim + axis]);
      const my = y.reduce((s, v) => s + v, 0) / n;
      const dot = x.reduce((s, v, i) => s + v * (y[i] - my), 0);
      return Math.abs(dot) / Math.sqrt(x.reduce((s, v) => s + v * v, 0) * y.reduce((s, v) => s + (v - my) ** 2, 0));
    };
    expect(corr(0, 2)).toBeGreaterThan(0.99);
    expect(corr(1, 0)).toBeGreaterThan(0.99);
  });

  it('is deterministic and handles constant data', () => {
    const data = new Float32Array(20).fill(1);
    const r = pca2(data, 5, 4);
    expect(Array.from(r.coords)).toEqual(new Array(10).fill(0));
    expect(r.explained).toEqual([0, 0]);
  });
});

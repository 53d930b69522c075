/**
 * Two principal components by power iteration with deflation. Embeddings are small (dim ≤ a few hundred),
 * so the dim × dim covariance is cheap and no linear-algebra library is needed.
 */
export interface Pca2 {
  coords: Float32Array;
  explained: [number, number];
}

export function pca2(data: Float32Array, n: number, dim: number, iterations = 200): Pca2 {
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) mean[d] += data[i * dim + d] / n;
  const cov = new Float64Array(dim * dim);
  const row = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < dim; d++) row[d] = data[i * dim + d] - mean[d];
    for (let a = 0; a < dim; a++) {
      const ra = row[a];
      if (ra === 0) continue;
      for (let b = a; b < dim; b++) cov[a * dim + b] += ra * row[b];
    }
  }
  for (let a = 0; a < dim; a++)
    for (let b = a; b < dim; b++) {
      cov[a * dim + b] /= Math.max(1, n - 1);
      cov[b * dim + a] = cov[a * dim + b];
    }
  let trace = 0;
  for (let a = 0; a < dim; a++) trace += cov[a * dim + a];

  const comps: Float64Array[] = [],
    values: number[] = [];
  for (let c = 0; c < 2; c++) {
    // Deterministic start (same map for the same embeddings), not orthogonal to any axis in practice.
    let v = Float64Array.from({ length: dim }, (_, i) => 1 + 0.1 * Math.sin(i + 1 + c));
    let lambda = 0;
    for (let it = 0; it < iterations; it++) {
      const w = new Float64Array(dim);
      for (let a = 0; a < dim; a++) {
        let s = 0;
        for (let b = 0; b < dim; b++) s += cov[a * dim + b] * v[b];
        w[a] = s;
      }
      const norm = Math.hypot(...w);
      if (norm === 0) break;
      for (let a = 0; a < dim; a++) w[a] /= norm;
      const delta = w.reduce((s, x, a) => s + Math.abs(x - v[a]), 0);
      v = w;
      lambda = norm;
      if (delta < 1e-9) break;
    }
    comps.push(v);
    values.push(lambda);
    for (let a = 0; a < dim; a++) for (let b = 0; b < dim; b++) cov[a * dim + b] -= lambda * v[a] * v[b]; // deflate
  }
  const coords = new Float32Array(n * 2);
  for (let i = 0; i < n; i++)
    for (let c = 0; c < 2; c++) {
      let s = 0;
      for (let d = 0; d < dim; d++) s += (data[i * dim + d] - mean[d]) * comps[c][d];
      coords[i * 2 + c] = s;
    }
  return { coords, explained: [trace > 0 ? values[0] / trace : 0, trace > 0 ? values[1] / trace : 0] };
}

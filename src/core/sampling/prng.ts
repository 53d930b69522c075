/**
 * Seeded PRNG for everything random in sampling: sfc32 (passes PractRand, 128-bit state, fast in plain JS
 * 32-bit arithmetic) seeded through cyrb128, a string hash that spreads similar seeds ("1", "2") apart.
 *
 * The state is four uint32 numbers, so a checkpoint can store it as plain JSON and a resumed run continues
 * the exact stream. Math.random is never used: a run must be reproducible from its seed alone.
 */

export type Seed = number | string;

/** cyrb128: 128-bit hash of a string as four uint32 words. Also used to fingerprint data. */
export function hashString(str: string): [number, number, number, number] {
  let h1 = 1779033703,
    h2 = 3144134277,
    h3 = 1013904242,
    h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

const TWO_POW_32 = 4294967296;

export class Prng {
  private s: [number, number, number, number];

  /** Numbers and strings hash alike: seed 42 and seed "42" give the same stream. */
  constructor(seed: Seed = 0) {
    this.s = hashString(String(seed));
    // Discard a few outputs: sfc32's first values are still correlated with the seed words.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  static fromState(state: readonly number[]): Prng {
    const r = new Prng(0);
    r.setState(state);
    return r;
  }

  getState(): number[] {
    return [...this.s];
  }

  setState(state: readonly number[]): void {
    if (state.length !== 4 || state.some((w) => !Number.isInteger(w) || w < 0 || w >= TWO_POW_32)) {
      throw new Error(`PRNG state must be four uint32 integers, got ${JSON.stringify(state)}`);
    }
    this.s = [state[0], state[1], state[2], state[3]];
  }

  /** Next uint32 (sfc32 step). */
  nextUint32(): number {
    let [a, b, c, d] = this.s;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    this.s = [a >>> 0, b >>> 0, c >>> 0, d >>> 0];
    return t >>> 0;
  }

  /** Uniform in [0, 1), 32-bit resolution. */
  next(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** Uniform integer in [0, n). Rejection sampling: a plain `% n` would favour small values. */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > TWO_POW_32) throw new Error(`int(n) needs an integer 1..2^32, got ${n}`);
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  pick<T>(arr: readonly T[]): T {
    if (arr.length === 0) throw new Error('pick() from an empty array');
    return arr[this.int(arr.length)];
  }

  /** Fisher–Yates on a copy; the input is left untouched (it is often shared, read-only data). */
  shuffle<T>(arr: readonly T[]): T[] {
    const out = arr.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
    return out;
  }

  /**
   * An independent stream derived from this one's current state and a label. It does not advance this
   * stream, so adding a fork somewhere never shifts the draws of the parent; use distinct labels for
   * distinct purposes (the same label on the same state gives the same stream).
   */
  fork(label: string): Prng {
    const r = new Prng(0);
    r.setState(hashString(`${label}\u0000${this.s.join(',')}`));
    for (let i = 0; i < 12; i++) r.nextUint32();
    return r;
  }
}

/**
 * mulberry32: a tiny seedable 32-bit PRNG, the one used wherever a plain stream of numbers is enough (weight
 * init, permutation tests, the demo generator). Streams with state to checkpoint use sampling/prng.ts instead.
 */

/** Raw 32-bit outputs (unsigned integers in [0, 2^32)). */
export function mulberry32Uint32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Uniforms in [0, 1). */
export function mulberry32(seed: number): () => number {
  const next = mulberry32Uint32(seed);
  return () => next() / 4294967296;
}

/**
 * Seeded randomness for the demo generator: mulberry32 plus a few helpers. Every draw goes through an
 * Rng so the generated files are byte-identical on every run and machine.
 */
import { mulberry32 as mulberry32Core } from '../../src/core/util/mulberry32';
export type Rng = () => number;

/** mulberry32 (shared with the engine): floats in [0, 1). */
export const mulberry32: (seed: number) => Rng = mulberry32Core;

/** FNV-1a hash of a string, to derive independent seeds from labels ("train", "names/eval"). */
export function hashSeed(label: string, base = 0): number {
  let h = (0x811c9dc5 ^ base) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Integer in [min, max], both inclusive. */
export function randInt(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  if (items.length === 0) throw new Error('pick from an empty list');
  return items[Math.floor(rng() * items.length)];
}

/** Fisher–Yates shuffle into a new array. */
export function shuffle<T>(rng: Rng, items: readonly T[]): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

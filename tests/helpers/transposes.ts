/** Every (transposeA, transposeB) combination a matrix-product test walks through. */
export const TRANSPOSE_PAIRS = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
] as const;

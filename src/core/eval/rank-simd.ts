/**
 * The one-pass ranker (ranking.ts) in WebAssembly SIMD (rank.wat): same order, same results, four items per
 * compare. A row is copied into the module's own memory (a 13,014-item row is 52 KB, a few µs); a pool's tie
 * ranks are copied once per pool. Returns null where the JavaScript path must answer: no WebAssembly SIMD in this
 * engine, a short row, a relevant score that is NaN or −∞ (NaN ranks as −∞ there, which plain float compares do not
 * express), or a NaN anywhere in the row.
 */
import { RANK_WASM } from './rank-wasm';

interface RankExports {
  memory: WebAssembly.Memory;
  beats(s: number, t: number, n: number, thr: number, r: number, out: number): number;
  top(s: number, t: number, n: number, k: number, pos: number, sc: number, tt: number): number;
}

/** Rows shorter than this are ranked in JavaScript (the copy and the call would cost more than they save). */
const MIN_LENGTH = 64;

let kernel: RankExports | null | undefined;
let enabled = true;
/**
 * Tie ranks now in the module's memory: the array, its offset and length (identity when no array was given). Cached
 * by array identity, so a tie-rank array must not change after use (evaluate's are built once per pool).
 */
let tiesIn: { ties: Int32Array | undefined; offset: number; n: number } | undefined;

function load(): RankExports | null {
  if (kernel !== undefined) return kernel;
  try {
    const bin = atob(RANK_WASM);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    // Synchronous compile: the module is ~1 KB (browsers allow sync compiles up to 4 KB on the main thread).
    kernel = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as RankExports;
  } catch {
    kernel = null; // no WebAssembly SIMD here: the JavaScript ranker answers
  }
  return kernel;
}

/** True when this engine runs the SIMD ranker. */
export function rankKernelReady(): boolean {
  return load() !== null;
}

/** Switch the SIMD ranker off (tests compare both paths; results are the same by construction). */
export function useRankKernel(on: boolean): void {
  enabled = on;
}

/** Bytes needed for a row of n items, r relevant and k best; grows the module's memory to fit. */
function reserve(k: RankExports, bytes: number): void {
  const have = k.memory.buffer.byteLength;
  if (bytes > have) {
    k.memory.grow(Math.ceil((bytes - have) / 65536));
    tiesIn = undefined; // (the data stays; the cache key is cheap to rebuild)
  }
}

/**
 * `rankRelevantAndTop` in SIMD, or null (see the file comment). `order` holds the relevant pool positions sorted
 * best first (score ↓, tie ↑), as the JavaScript path sorts them.
 */
export function rankRelevantAndTopSimd(
  scores: Float32Array,
  offset: number,
  length: number,
  order: readonly number[],
  k: number,
  tieRank?: Int32Array,
): { ranks: Int32Array; top: Int32Array } | null {
  if (!enabled || length < MIN_LENGTH) return null;
  const r = order.length;
  for (let q = 0; q < r; q++) {
    const s = scores[offset + order[q]];
    if (Number.isNaN(s) || s === -Infinity) return null;
  }
  const m = load();
  if (!m) return null;
  const n = length,
    kk = Math.min(k, n),
    r4 = (r + 3) & ~3; // thresholds padded to whole groups of four (the last one repeated; its extra counts unread)
  // layout: scores f32[n] | tie ranks i32[n] | thresholds (f32, i32)[r4] | counts i32[r4] | pos, sc, tt [kk] each
  const S = 0,
    T = 4 * n,
    THR = 8 * n,
    OUT = THR + 8 * r4,
    POS = OUT + 4 * r4,
    SC = POS + 4 * kk,
    TT = SC + 4 * kk;
  reserve(m, TT + 4 * kk);
  const buf = m.memory.buffer;
  new Float32Array(buf, S, n).set(scores.subarray(offset, offset + n));
  if (!tiesIn || tiesIn.ties !== tieRank || tiesIn.n !== n) {
    const t = new Int32Array(buf, T, n);
    if (tieRank) t.set(tieRank.subarray(0, n));
    else for (let j = 0; j < n; j++) t[j] = j;
    tiesIn = { ties: tieRank, offset: T, n };
  }
  const thrF = new Float32Array(buf, THR, 2 * r4),
    thrI = new Int32Array(buf, THR, 2 * r4);
  for (let q = 0; q < r4; q++) {
    const p = order[Math.min(q, r - 1)];
    thrF[2 * q] = scores[offset + p];
    thrI[2 * q + 1] = tieRank ? tieRank[p] : p;
  }
  if (m.beats(S, T, n, THR, r4, OUT) > 0) return null; // a NaN in the row
  const counts = new Int32Array(buf, OUT, r);
  const ranks = new Int32Array(r);
  for (let q = 0; q < r; q++) ranks[q] = counts[q] + 1;
  const found = kk > 0 ? m.top(S, T, n, kk, POS, SC, TT) : 0;
  return { ranks, top: new Int32Array(buf, POS, found).slice() };
}

/**
 * tfjs backend selection by self-test (DESIGN.md: "pick backends by a self-test, not by a fixed order" —
 * WASM beat WebGL 10× on a CPU-only machine, so a priority list would pick the slow one).
 *
 * How the WASM binary is found:
 * - Node: `@tensorflow/tfjs-backend-wasm` has no `exports` map, so Node (and vitest, which leaves
 *   node_modules external) loads its CJS `main`, dist/tf-backend-wasm.node.js. Its Emscripten glue sets
 *   scriptDirectory = __dirname and reads `dist/tfjs-backend-wasm-simd.wasm` (or the plain one) with
 *   fs.readFileSync — it works out of the box, no setWasmPaths needed. Threads are off in Node
 *   (the package's WASM_HAS_MULTITHREAD_SUPPORT flag returns false there, tfjs issue #3830).
 * - Browser / worker: bundlers inline the ESM build, whose .wasm files are not next to the bundle, so the
 *   caller passes `wasmPath` (a URL prefix ending in '/', served by the UI) and we call setWasmPaths before
 *   the backend first initialises. The threaded build is picked automatically only when the page is
 *   cross-origin isolated (the flag tests SharedArrayBuffer), so we never set that flag ourselves.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export type BackendName = 'wasm' | 'cpu' | 'webgpu' | 'webgl';
export type BackendPreference = BackendName | 'auto';

export interface BackendOptions {
  /** URL prefix (ending in '/') of the tfjs-backend-wasm .wasm files; needed in browsers, optional in Node. */
  wasmPath?: string;
  /**
   * Backends that 'auto' self-tests but never picks while another one works — e.g. WebGPU on a software adapter
   * (SwiftShader): its 128² self-test can look fast while one training step there takes a minute.
   */
  avoidInAuto?: BackendName[];
}

export interface BackendTrial {
  name: BackendName;
  ok: boolean;
  /** Median self-test time (ms) of a 128×128 matmul incl. read-back; absent when the trial failed. */
  ms?: number;
  error?: string;
}

export interface BackendInfo {
  name: BackendName;
  selfTestMs: number;
  /** Every backend tried, in order, with its time or the reason it was rejected. */
  tried: BackendTrial[];
  /** Set when a specific backend was asked for, failed, and another one was chosen instead. */
  fellBackFrom?: BackendName;
}

const ORDER: BackendName[] = ['webgpu', 'wasm', 'webgl', 'cpu'];
const N = 128;
let wasmPathSet = false;

/**
 * Select a backend. 'auto' self-tests every registered candidate and keeps the fastest correct one;
 * a named backend is tried first and, if it fails, 'auto' runs over the rest (see `fellBackFrom`).
 */
export async function initBackend(preferred: BackendPreference = 'auto', opts: BackendOptions = {}): Promise<BackendInfo> {
  // setWasmPaths only counts before the wasm backend's first init; later calls would be silently ignored.
  if (opts.wasmPath !== undefined && !wasmPathSet) {
    setWasmPaths(opts.wasmPath);
    wasmPathSet = true;
  }
  // WebGPU is imported only where it can exist: its module touches GPU globals, and it is heavy to load.
  const gpu = (globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu;
  if (gpu && tf.findBackendFactory('webgpu') == null) {
    try {
      await import('@tensorflow/tfjs-backend-webgpu');
    } catch {
      /* stays unregistered → skipped */
    }
  }

  const tried: BackendTrial[] = [];
  const available = ORDER.filter((b) => tf.findBackendFactory(b) != null);
  if (preferred !== 'auto') {
    const t = await trial(preferred);
    tried.push(t);
    if (t.ok) return { name: preferred, selfTestMs: t.ms!, tried };
  }
  for (const b of available) if (b !== preferred) tried.push(await trial(b));

  const ok = tried.filter((t) => t.ok).sort((a, b) => a.ms! - b.ms!);
  const avoid = opts.avoidInAuto ?? [];
  const best = ok.find((t) => !avoid.includes(t.name)) ?? ok[0];
  if (!best) throw new Error(`No tfjs backend works here: ${tried.map((t) => `${t.name}: ${t.error}`).join('; ')}`);
  // The last trial left its own backend active; switch to the winner.
  if (!(await tf.setBackend(best.name)))
    throw new Error(`Backend ${best.name} passed its self-test but could not be re-selected`);
  return { name: best.name, selfTestMs: best.ms!, tried, ...(preferred !== 'auto' ? { fellBackFrom: preferred } : {}) };
}

async function trial(name: BackendName): Promise<BackendTrial> {
  try {
    if (tf.findBackendFactory(name) == null) return { name, ok: false, error: 'not registered in this environment' };
    // setBackend resolves false (it does not throw) when an async init fails, e.g. a missing .wasm file.
    if (!(await tf.setBackend(name))) return { name, ok: false, error: 'initialisation failed (see the tfjs warning above)' };
    const ms = await selfTest();
    return { name, ok: true, ms };
  } catch (e) {
    return { name, ok: false, error: (e as Error).message ?? String(e) };
  }
}

/** 128×128 matmul against a float64 JS product; a wrong answer (e.g. fp16 WebGL) rejects the backend. */
async function selfTest(): Promise<number> {
  // Deterministic inputs in [-1, 1]; no PRNG so every backend sees the same numbers.
  const a = new Float32Array(N * N).map((_, i) => Math.sin(i * 0.7311));
  const b = new Float32Array(N * N).map((_, i) => Math.cos(i * 0.2719));
  const ref = new Float64Array(N * N);
  for (let i = 0; i < N; i++)
    for (let k = 0; k < N; k++) {
      const aik = a[i * N + k];
      for (let j = 0; j < N; j++) ref[i * N + j] += aik * b[k * N + j];
    }
  const ta = tf.tensor2d(a, [N, N]),
    tb = tf.tensor2d(b, [N, N]);
  try {
    const run = async () => {
      const c = tf.matMul(ta, tb);
      try {
        return await c.data();
      } finally {
        c.dispose();
      }
    };
    const out = await run(); // warm-up: shader compilation / first-call costs are not the steady state
    let maxErr = 0,
      maxRef = 0;
    for (let i = 0; i < ref.length; i++) {
      maxErr = Math.max(maxErr, Math.abs(out[i] - ref[i]));
      maxRef = Math.max(maxRef, Math.abs(ref[i]));
    }
    if (!(maxErr <= 1e-4 * maxRef))
      throw new Error(`matmul self-test wrong by ${maxErr.toExponential(2)} (max |ref| ${maxRef.toFixed(2)})`);
    const times: number[] = [];
    for (let r = 0; r < 5; r++) {
      const t0 = performance.now();
      await run();
      times.push(performance.now() - t0);
    }
    return times.sort((x, y) => x - y)[2];
  } finally {
    ta.dispose();
    tb.dispose();
  }
}

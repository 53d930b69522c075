/**
 * safetensors I/O: [u64 LE header length][JSON header][raw little-endian tensor bytes].
 * Reads F32 / F16 / BF16 / F64 into Float32Array; writes F32 the way the Python `safetensors` library does
 * (keys sorted, data in key order, compact JSON, `__metadata__` last, header padded with spaces to 8 bytes),
 * so a float32 file read and written again comes back byte for byte.
 */
import { ModelLoadError } from './errors';

export interface TensorData {
  shape: number[];
  data: Float32Array;
}

export type DType = 'F32' | 'F16' | 'BF16' | 'F64';
const BYTES: Record<DType, number> = { F32: 4, F16: 2, BF16: 2, F64: 8 };

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function f16ToF32(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24; // subnormal
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

function decode(bytes: Uint8Array, dtype: DType, count: number, name: string, views: boolean): Float32Array {
  // A view of the file's own bytes: no second copy of a 471 MB model while its tensors are built (issue 17).
  if (views && dtype === 'F32' && LITTLE_ENDIAN && bytes.byteOffset % 4 === 0)
    return new Float32Array(bytes.buffer, bytes.byteOffset, count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(count);
  switch (dtype) {
    case 'F32':
      if (LITTLE_ENDIAN) return new Float32Array(bytes.slice().buffer); // slice: aligned copy
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, true);
      return out;
    case 'F16':
      for (let i = 0; i < count; i++) out[i] = f16ToF32(view.getUint16(2 * i, true));
      return out;
    case 'BF16': {
      // bf16 is the top half of an f32: shift into place and reinterpret.
      const u32 = new Uint32Array(out.buffer);
      for (let i = 0; i < count; i++) u32[i] = view.getUint16(2 * i, true) << 16;
      return out;
    }
    case 'F64':
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(8 * i, true);
      return out;
    default:
      throw new ModelLoadError(
        'safetensors',
        `tensor "${name}"`,
        undefined,
        `unsupported dtype ${String(dtype)}`,
        'convert the weights to float32',
      );
  }
}

export interface Safetensors {
  tensors: Map<string, TensorData>;
  metadata: Record<string, string>;
}

/** The Python library's cap on the JSON header (safetensors MAX_HEADER_SIZE): a bigger one is a hostile or broken file. */
export const MAX_HEADER_BYTES = 100_000_000;
const NON_FLOAT = /^(I8|I16|I32|I64|U8|U16|U32|U64|BOOL)$/;
const NON_FLOAT_BYTES: Record<string, number> = { I8: 1, U8: 1, BOOL: 1, I16: 2, U16: 2, I32: 4, U32: 4, I64: 8, U64: 8 };

const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;

/**
 * @param skipNonFloat drop integer/bool tensors instead of failing: old HF checkpoints store buffers such as
 *   `embeddings.position_ids` (I64) next to the weights.
 * @param views F32 tensors (little-endian host, 4-byte aligned data) are views into `bytes` instead of copies:
 *   for a reader that copies them at once (into tf tensors) and then drops both; writing to one writes the file.
 * Every header entry is checked before any data is decoded: dtype, shape, offsets inside the data section and
 * not overlapping another tensor's. Problems throw a ModelLoadError naming the file and the tensor.
 */
export function readSafetensors(
  bytes: Uint8Array,
  fileName = 'model.safetensors',
  skipNonFloat = false,
  views = false,
): Safetensors {
  const fail = (
    tensor: string | undefined,
    problem: string,
    fix = 'save the model again (safetensors.torch.save_file / save_pretrained) or download it again',
  ): never => {
    throw new ModelLoadError(fileName, tensor === undefined ? undefined : `tensor "${tensor}"`, undefined, problem, fix);
  };
  if (bytes.byteLength < 8) fail(undefined, `${bytes.byteLength} bytes: too short to be a safetensors file`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const big = view.getBigUint64(0, true);
  if (big > BigInt(bytes.byteLength - 8))
    fail(undefined, `header length ${big} exceeds the file size ${bytes.byteLength} (truncated, or not a safetensors file)`);
  const n = Number(big);
  if (n > MAX_HEADER_BYTES) fail(undefined, `header length ${n} exceeds the safetensors limit of ${MAX_HEADER_BYTES} bytes`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch (e) {
    fail(undefined, `header is not UTF-8 JSON (${(e as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) fail(undefined, 'header is not a JSON object');
  const body = bytes.subarray(8 + n);
  const tensors = new Map<string, TensorData>();
  let metadata: Record<string, string> = {};
  const spans: Array<{ name: string; start: number; end: number }> = [];
  const todo: Array<{ name: string; dtype: DType; shape: number[]; count: number; start: number; end: number }> = [];
  for (const [name, v] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (v !== null && (typeof v !== 'object' || Array.isArray(v)))
        fail(undefined, '"__metadata__" is not an object of strings');
      metadata = (v ?? {}) as Record<string, string>;
      continue;
    }
    if (v === null || typeof v !== 'object' || Array.isArray(v))
      fail(name, 'the header entry is not an object {dtype, shape, data_offsets}');
    const e = v as Partial<HeaderEntry>;
    if (typeof e.dtype !== 'string') fail(name, 'the header entry has no dtype');
    const dtype = e.dtype as string;
    if (!Array.isArray(e.shape) || !e.shape.every(isCount))
      fail(name, `shape ${JSON.stringify(e.shape)} is not a list of non-negative integers`);
    const shape = e.shape as number[];
    const o = e.data_offsets;
    if (!Array.isArray(o) || o.length !== 2 || !isCount(o[0]) || !isCount(o[1]) || o[0] > o[1])
      fail(name, `data_offsets ${JSON.stringify(o)} are not [start, end] with 0 <= start <= end`);
    const [start, end] = o as [number, number];
    if (end > body.byteLength)
      fail(
        name,
        `data_offsets [${start}, ${end}] run past the data section (${body.byteLength} bytes): the file is truncated`,
        'download or copy the file again',
      );
    const count = shape.reduce((a, b) => a * b, 1);
    const width = BYTES[dtype as DType] ?? NON_FLOAT_BYTES[dtype];
    if (width === undefined)
      fail(
        name,
        `unsupported dtype ${dtype} (supported: F32, F16, BF16, F64)`,
        'convert the weights to float32, float16 or bfloat16 (e.g. model.float().save_pretrained)',
      );
    if (end - start !== count * width)
      fail(
        name,
        `data_offsets [${start}, ${end}] hold ${end - start} bytes, but ${dtype}${JSON.stringify(shape)} needs ${count * width}`,
      );
    spans.push({ name, start, end });
    if (NON_FLOAT.test(dtype)) {
      if (skipNonFloat) continue;
      fail(name, `unsupported dtype ${dtype} (supported: F32, F16, BF16, F64)`, 'store weights as floating point');
    }
    todo.push({ name, dtype: dtype as DType, shape, count, start, end });
  }
  spans.sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < spans.length; i++) {
    const [p, q] = [spans[i - 1], spans[i]];
    if (q.start < p.end && q.end > q.start)
      fail(q.name, `data_offsets [${q.start}, ${q.end}] overlap those of "${p.name}" [${p.start}, ${p.end}]`);
  }
  for (const t of todo)
    tensors.set(t.name, { shape: t.shape.slice(), data: decode(body.subarray(t.start, t.end), t.dtype, t.count, t.name, views) });
  return { tensors, metadata };
}

/** The first NaN or ±Infinity of a tensor as a flat index, or -1 when all values are finite. */
export function firstNonFinite(data: Float32Array): number {
  for (let i = 0; i < data.length; i++) {
    const x = data[i];
    if (x - x !== 0) return i; // NaN − NaN and ∞ − ∞ are NaN; finite − itself is 0
  }
  return -1;
}

/** A flat index as `[i, j, …]` for a shape (row-major), for messages. */
export function indexIn(shape: readonly number[], flat: number): string {
  const idx: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    idx.unshift(flat % shape[d]);
    flat = Math.floor(flat / shape[d]);
  }
  return `[${idx.join(', ')}]`;
}

export function writeSafetensors(
  tensors: ReadonlyMap<string, TensorData> | Record<string, TensorData>,
  metadata: Record<string, string> = { format: 'pt' },
): Uint8Array {
  const entries = (tensors instanceof Map ? [...tensors.entries()] : Object.entries(tensors)) as Array<[string, TensorData]>;
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const parts: string[] = [];
  let offset = 0;
  for (const [name, t] of entries) {
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length)
      throw new Error(`writeSafetensors: "${name}" has ${t.data.length} values for shape ${JSON.stringify(t.shape)}`);
    parts.push(
      `${JSON.stringify(name)}:{"dtype":"F32","shape":${JSON.stringify(t.shape)},"data_offsets":[${offset},${offset + 4 * count}]}`,
    );
    offset += 4 * count;
  }
  if (Object.keys(metadata).length > 0) parts.push(`"__metadata__":${JSON.stringify(metadata)}`);
  let header = `{${parts.join(',')}}`;
  const headerBytes = new TextEncoder().encode(header);
  const padded = Math.ceil(headerBytes.byteLength / 8) * 8;
  header += ' '.repeat(padded - headerBytes.byteLength);
  const out = new Uint8Array(8 + padded + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(padded), true);
  out.set(new TextEncoder().encode(header), 8);
  let pos = 8 + padded;
  for (const [, t] of entries) {
    if (LITTLE_ENDIAN) out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), pos);
    else {
      const v = new DataView(out.buffer);
      t.data.forEach((x, i) => v.setFloat32(pos + 4 * i, x, true));
    }
    pos += t.data.byteLength;
  }
  return out;
}

/** HF task models prefix the encoder (`bert.`, `roberta.`); old TF-converted BERTs call LayerNorm params gamma/beta. */
export function canonicalName(name: string): string {
  return name
    .replace(/^(bert|roberta|model)\./, '')
    .replace(/LayerNorm\.gamma$/, 'LayerNorm.weight')
    .replace(/LayerNorm\.beta$/, 'LayerNorm.bias');
}

/**
 * All weights of a model folder: model.safetensors, or the shards listed by model.safetensors.index.json,
 * under canonical (prefix-free) names. Refuses (ModelLoadError) a NaN or ±Infinity anywhere — naming the tensor
 * and the first bad index —, a tensor given twice, and an index whose weight_map disagrees with its shards.
 * `origins`, when given, receives canonical name → the file it came from. `views`: see readSafetensors.
 */
export function readModelWeights(
  files: Record<string, Uint8Array>,
  origins?: Map<string, string>,
  views = false,
): Map<string, TensorData> {
  const out = new Map<string, TensorData>();
  const from = new Map<string, string>();
  const add = (file: string): Set<string> => {
    const bytes = files[file];
    if (!bytes)
      throw new ModelLoadError(
        file,
        undefined,
        undefined,
        'the weights file is missing from the model folder',
        'copy every shard named in model.safetensors.index.json into the folder',
      );
    const names = new Set<string>();
    for (const [raw, t] of readSafetensors(bytes, file, true, views).tensors) {
      const name = canonicalName(raw);
      names.add(raw);
      const bad = firstNonFinite(t.data);
      if (bad >= 0) {
        throw new ModelLoadError(
          file,
          `tensor "${raw}"`,
          undefined,
          `holds ${t.data[bad]} at index ${indexIn(t.shape, bad)} (the first non-finite value)`,
          'use a checkpoint from before training diverged (lower the learning rate), or re-export the model',
        );
      }
      const earlier = from.get(name);
      if (earlier !== undefined)
        throw new ModelLoadError(
          file,
          `tensor "${raw}"`,
          undefined,
          `is given twice (also in ${earlier})`,
          'keep one copy of each tensor',
        );
      from.set(name, file);
      out.set(name, t);
    }
    return names;
  };
  if (files['model.safetensors']) add('model.safetensors');
  else if (files['model.safetensors.index.json']) {
    const idx = 'model.safetensors.index.json';
    let index: { weight_map?: unknown };
    try {
      index = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(files[idx])) as { weight_map?: unknown };
    } catch (e) {
      throw new ModelLoadError(idx, undefined, undefined, `not UTF-8 JSON (${(e as Error).message})`, 'download the index again');
    }
    const map = index?.weight_map;
    if (map === null || typeof map !== 'object' || Array.isArray(map))
      throw new ModelLoadError(idx, undefined, 'weight_map', 'missing or not an object', 'download the index again');
    const wm = map as Record<string, unknown>;
    for (const [k, v] of Object.entries(wm)) {
      if (typeof v !== 'string' || !/^[\w.-]+\.safetensors$/.test(v))
        throw new ModelLoadError(
          idx,
          'weight_map',
          k,
          `shard ${JSON.stringify(v)} is not a .safetensors file name in the folder`,
          'name shards like model-00001-of-00002.safetensors',
        );
    }
    for (const shard of [...new Set(Object.values(wm) as string[])].sort()) {
      for (const t of add(shard)) {
        if (wm[t] !== shard && !/position_ids$/.test(t))
          throw new ModelLoadError(
            shard,
            `tensor "${t}"`,
            undefined,
            `is not listed for this shard in ${idx}`,
            'download the index and shards of one revision',
          );
      }
    }
    for (const [t, shard] of Object.entries(wm)) {
      if (!from.has(canonicalName(t)) && !/position_ids$/.test(t))
        throw new ModelLoadError(
          shard as string,
          `tensor "${t}"`,
          undefined,
          `is listed in ${idx} but missing from the shard`,
          'download the index and shards of one revision',
        );
    }
  } else {
    throw new ModelLoadError(
      'model folder',
      undefined,
      undefined,
      'has neither model.safetensors nor model.safetensors.index.json (PyTorch .bin files are not supported)',
      'save the model with safe_serialization=True (the default since transformers 4.35)',
    );
  }
  if (origins) for (const [k, v] of from) origins.set(k, v);
  return out;
}

/**
 * safetensors I/O: [u64 LE header length][JSON header][raw little-endian tensor bytes].
 * Reads F32 / F16 / BF16 / F64 into Float32Array; writes F32 the way the Python `safetensors` library does
 * (keys sorted, data in key order, compact JSON, `__metadata__` last, header padded with spaces to 8 bytes),
 * so a float32 file read and written again comes back byte for byte.
 */

export interface TensorData {
  shape: number[];
  data: Float32Array;
}

export type DType = 'F32' | 'F16' | 'BF16' | 'F64';
const BYTES: Record<DType, number> = { F32: 4, F16: 2, BF16: 2, F64: 8 };

interface HeaderEntry { dtype: string; shape: number[]; data_offsets: [number, number] }

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function f16ToF32(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;                  // subnormal
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

function decode(bytes: Uint8Array, dtype: DType, count: number, name: string): Float32Array {
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
      throw new Error(`safetensors: tensor "${name}" has unsupported dtype ${String(dtype)}`);
  }
}

export interface Safetensors {
  tensors: Map<string, TensorData>;
  metadata: Record<string, string>;
}

/**
 * @param skipNonFloat drop integer/bool tensors instead of failing: old HF checkpoints store buffers such as
 *   `embeddings.position_ids` (I64) next to the weights.
 */
export function readSafetensors(bytes: Uint8Array, fileName = 'model.safetensors', skipNonFloat = false): Safetensors {
  if (bytes.byteLength < 8) throw new Error(`${fileName}: too short to be a safetensors file`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  if (8 + n > bytes.byteLength) throw new Error(`${fileName}: header length ${n} exceeds file size ${bytes.byteLength}`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`${fileName}: header is not JSON (${(e as Error).message})`);
  }
  const body = bytes.subarray(8 + n);
  const tensors = new Map<string, TensorData>();
  let metadata: Record<string, string> = {};
  for (const [name, v] of Object.entries(header)) {
    if (name === '__metadata__') { metadata = (v ?? {}) as Record<string, string>; continue; }
    const e = v as HeaderEntry;
    if (skipNonFloat && /^(I|U|BOOL)/.test(e.dtype)) continue;
    if (!(e.dtype in BYTES)) throw new Error(`${fileName}: tensor "${name}" has unsupported dtype ${e.dtype} (F32, F16, BF16, F64)`);
    const dtype = e.dtype as DType;
    const count = e.shape.reduce((a, b) => a * b, 1);
    const [start, end] = e.data_offsets;
    if (end - start !== count * BYTES[dtype] || end > body.byteLength) {
      throw new Error(`${fileName}: tensor "${name}" offsets [${start}, ${end}] do not match ${dtype}${JSON.stringify(e.shape)} or the file size`);
    }
    tensors.set(name, { shape: e.shape.slice(), data: decode(body.subarray(start, end), dtype, count, name) });
  }
  return { tensors, metadata };
}

export function writeSafetensors(tensors: ReadonlyMap<string, TensorData> | Record<string, TensorData>, metadata: Record<string, string> = { format: 'pt' }): Uint8Array {
  const entries = (tensors instanceof Map ? [...tensors.entries()] : Object.entries(tensors)) as Array<[string, TensorData]>;
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const parts: string[] = [];
  let offset = 0;
  for (const [name, t] of entries) {
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length) throw new Error(`writeSafetensors: "${name}" has ${t.data.length} values for shape ${JSON.stringify(t.shape)}`);
    parts.push(`${JSON.stringify(name)}:{"dtype":"F32","shape":${JSON.stringify(t.shape)},"data_offsets":[${offset},${offset + 4 * count}]}`);
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
    else { const v = new DataView(out.buffer); t.data.forEach((x, i) => v.setFloat32(pos + 4 * i, x, true)); }
    pos += t.data.byteLength;
  }
  return out;
}

/** HF task models prefix the encoder (`bert.`, `roberta.`); old TF-converted BERTs call LayerNorm params gamma/beta. */
export function canonicalName(name: string): string {
  return name.replace(/^(bert|roberta|model)\./, '').replace(/LayerNorm\.gamma$/, 'LayerNorm.weight').replace(/LayerNorm\.beta$/, 'LayerNorm.bias');
}

/**
 * All weights of a model folder: model.safetensors, or the shards listed by model.safetensors.index.json,
 * under canonical (prefix-free) names.
 */
export function readModelWeights(files: Record<string, Uint8Array>): Map<string, TensorData> {
  const out = new Map<string, TensorData>();
  const add = (file: string): void => {
    const bytes = files[file];
    if (!bytes) throw new Error(`weights file ${file} is missing from the model folder`);
    for (const [name, t] of readSafetensors(bytes, file, true).tensors) out.set(canonicalName(name), t);
  };
  if (files['model.safetensors']) add('model.safetensors');
  else if (files['model.safetensors.index.json']) {
    const index = JSON.parse(new TextDecoder().decode(files['model.safetensors.index.json'])) as { weight_map?: Record<string, string> };
    if (!index.weight_map) throw new Error('model.safetensors.index.json has no weight_map');
    for (const shard of [...new Set(Object.values(index.weight_map))].sort()) add(shard);
  } else {
    throw new Error('model folder has neither model.safetensors nor model.safetensors.index.json (PyTorch .bin files are not supported)');
  }
  return out;
}

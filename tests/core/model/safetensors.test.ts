/** safetensors: fixture round-trip byte for byte, dtype decoding, sharded folders, prefixed keys. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalName, readModelWeights, readSafetensors, writeSafetensors } from '../../../src/core/model/safetensors';
import { FIXTURES, fixtureDir, fixtureTitle, hasFixture } from './fixtures';

/** A safetensors file with arbitrary dtypes, written by hand (as Python would, modulo padding). */
function handMade(entries: Array<{ name: string; dtype: string; shape: number[]; bytes: Uint8Array }>): Uint8Array {
  let off = 0;
  const header: Record<string, unknown> = {};
  for (const e of entries) {
    header[e.name] = { dtype: e.dtype, shape: e.shape, data_offsets: [off, off + e.bytes.length] };
    off += e.bytes.length;
  }
  const h = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + h.length + off);
  new DataView(out.buffer).setBigUint64(0, BigInt(h.length), true);
  out.set(h, 8);
  let pos = 8 + h.length;
  for (const e of entries) {
    out.set(e.bytes, pos);
    pos += e.bytes.length;
  }
  return out;
}

for (const name of FIXTURES) {
  describe.skipIf(!hasFixture(name))(fixtureTitle(name, 'safetensors'), () => {
    it('reads the PyTorch file and writes it back byte for byte', () => {
      const bytes = new Uint8Array(readFileSync(join(fixtureDir(name), 'model.safetensors')));
      const { tensors, metadata } = readSafetensors(bytes);
      expect(tensors.get('embeddings.word_embeddings.weight')?.shape).toEqual([224, 32]);
      expect(metadata).toEqual({ format: 'pt' });
      const again = writeSafetensors(tensors, metadata);
      expect(again.byteLength).toBe(bytes.byteLength);
      expect(Buffer.compare(Buffer.from(again), Buffer.from(bytes))).toBe(0);
    });
  });
}

describe('safetensors dtypes and layouts', () => {
  it('decodes F16, BF16 and F64 to float32', () => {
    const f16 = new Uint8Array(new Uint16Array([0x3c00, 0xc000, 0x0001, 0x7c00, 0x3555]).buffer); // 1, −2, 2^-24, +inf, ≈1/3
    const bf16 = new Uint8Array(new Uint16Array([0x3f80, 0xc049]).buffer); // 1, −3.140625
    const f64 = new Uint8Array(new Float64Array([0.1, -1e10]).buffer);
    const { tensors } = readSafetensors(
      handMade([
        { name: 'a', dtype: 'F16', shape: [5], bytes: f16 },
        { name: 'b', dtype: 'BF16', shape: [1, 2], bytes: bf16 },
        { name: 'c', dtype: 'F64', shape: [2], bytes: f64 },
      ]),
    );
    expect(Array.from(tensors.get('a')!.data)).toEqual([1, -2, 2 ** -24, Infinity, Math.fround(0.333251953125)]);
    expect(Array.from(tensors.get('b')!.data)).toEqual([1, -3.140625]);
    expect(tensors.get('b')!.shape).toEqual([1, 2]);
    expect(Array.from(tensors.get('c')!.data)).toEqual([Math.fround(0.1), Math.fround(-1e10)]);
  });

  it('rejects unsupported dtypes and inconsistent offsets with the tensor name', () => {
    expect(() => readSafetensors(handMade([{ name: 'ids', dtype: 'I64', shape: [1], bytes: new Uint8Array(8) }]))).toThrow(
      /"ids".*I64/,
    );
    expect(() => readSafetensors(handMade([{ name: 'w', dtype: 'F32', shape: [3], bytes: new Uint8Array(8) }]))).toThrow(/"w"/);
  });

  it('round-trips float32 values bit-exactly, NaN payloads and −0 included', () => {
    const data = new Float32Array([0, -0, NaN, 1e-45, 3.4028234663852886e38, -Infinity, Math.PI]);
    const back = readSafetensors(writeSafetensors({ x: { shape: [7], data } })).tensors.get('x')!.data;
    expect(Buffer.compare(Buffer.from(back.buffer), Buffer.from(data.buffer))).toBe(0);
  });

  it('reads sharded folders and strips bert./roberta. prefixes and gamma/beta names', () => {
    const t = (v: number) => ({ shape: [1], data: new Float32Array([v]) });
    const files = {
      'model-00001-of-00002.safetensors': writeSafetensors({ 'bert.embeddings.LayerNorm.gamma': t(1) }),
      'model-00002-of-00002.safetensors': writeSafetensors({ 'roberta.pooler.dense.bias': t(2), 'cls.predictions.bias': t(3) }),
      // An old-style I64 buffer beside the weights: skipped, not fatal.
      'model-00003-of-00003.safetensors': handMade([
        { name: 'bert.embeddings.position_ids', dtype: 'I64', shape: [1, 1], bytes: new Uint8Array(8) },
      ]),
      'model.safetensors.index.json': new TextEncoder().encode(
        JSON.stringify({
          metadata: {},
          weight_map: {
            'bert.embeddings.LayerNorm.gamma': 'model-00001-of-00002.safetensors',
            'roberta.pooler.dense.bias': 'model-00002-of-00002.safetensors',
            'cls.predictions.bias': 'model-00002-of-00002.safetensors',
            'bert.embeddings.position_ids': 'model-00003-of-00003.safetensors',
          },
        }),
      ),
    };
    const w = readModelWeights(files);
    expect([...w.keys()].sort()).toEqual(['cls.predictions.bias', 'embeddings.LayerNorm.weight', 'pooler.dense.bias']);
    expect(w.get('pooler.dense.bias')!.data[0]).toBe(2);
    expect(canonicalName('roberta.encoder.layer.0.output.LayerNorm.beta')).toBe('encoder.layer.0.output.LayerNorm.bias');
    expect(() => readModelWeights({ 'model.safetensors.index.json': files['model.safetensors.index.json'] })).toThrow(
      /model-00001-of-00002.safetensors: the weights file is missing/,
    );
  });
});

/**
 * Model loading refuses what it cannot load faithfully, with a ModelLoadError naming file and tensor:
 * non-finite weights (first bad index), tensors config.json does not describe (an extra layer, a wrong shape),
 * an unsupported model_type, and damaged safetensors (header longer than the file, truncated data,
 * overlapping or out-of-range offsets, unsupported dtype).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readModelFolder } from '../../../src/cli/model-io';
import { createEncoder, type ModelFiles } from '../../../src/core/model/checkpoint';
import { ModelLoadError } from '../../../src/core/model/errors';
import { firstNonFinite, indexIn, readSafetensors, writeSafetensors } from '../../../src/core/model/safetensors';
import { DataImportError } from '../../../src/core/data/errors';
import { fixtureDir, hasFixture, useWasm } from './fixtures';

function safetensors(header: Record<string, unknown>, dataBytes: number, declared?: number): Uint8Array {
  const h = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + h.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, BigInt(declared ?? h.length), true);
  out.set(h, 8);
  return out;
}

function refusal(f: () => unknown): ModelLoadError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ModelLoadError);
    expect(e).toBeInstanceOf(DataImportError); // shown as one line wherever import errors are
    expect((e as Error).message).not.toContain('\n');
    return e as ModelLoadError;
  }
  throw new Error('accepted');
}

describe('readSafetensors refuses damaged files', () => {
  const f32 = (shape: number[], offsets: [number, number]) => ({ dtype: 'F32', shape, data_offsets: offsets });
  it('header longer than the file', () => {
    expect(refusal(() => readSafetensors(safetensors({}, 0, 10_000), 'w.safetensors')).message).toMatch(
      /^w\.safetensors: header length 10000 exceeds the file size \d+/,
    );
    const huge = new Uint8Array(16);
    new DataView(huge.buffer).setBigUint64(0, 2n ** 63n, true);
    expect(refusal(() => readSafetensors(huge)).message).toMatch(/header length 9223372036854775808 exceeds/);
  });
  it('truncated data, overlapping and inconsistent offsets, bad shapes', () => {
    expect(refusal(() => readSafetensors(safetensors({ a: f32([4], [0, 16]) }, 8))).message).toMatch(
      /tensor "a": data_offsets \[0, 16\] run past the data section \(8 bytes\): the file is truncated/,
    );
    expect(refusal(() => readSafetensors(safetensors({ a: f32([4], [0, 16]), b: f32([2], [8, 16]) }, 16))).message).toMatch(
      /tensor "b": data_offsets \[8, 16\] overlap those of "a"/,
    );
    expect(refusal(() => readSafetensors(safetensors({ a: f32([3], [0, 16]) }, 16))).message).toMatch(
      /hold 16 bytes, but F32\[3\] needs 12/,
    );
    expect(refusal(() => readSafetensors(safetensors({ a: f32([-1], [0, 0]) }, 0))).message).toMatch(
      /shape \[-1\] is not a list of non-negative integers/,
    );
    expect(refusal(() => readSafetensors(safetensors({ a: f32([1], [8, 4]) }, 8))).message).toMatch(
      /data_offsets \[8,4\] are not \[start, end\]/,
    );
    expect(refusal(() => readSafetensors(safetensors({ a: 7 }, 0))).message).toMatch(
      /tensor "a": the header entry is not an object/,
    );
    const notJson = safetensors({}, 0);
    notJson[8] = 0xff;
    expect(refusal(() => readSafetensors(notJson)).message).toMatch(/header is not UTF-8 JSON/);
  });
  it('unsupported dtypes name the supported ones', () => {
    expect(
      refusal(() => readSafetensors(safetensors({ a: { dtype: 'F8_E4M3', shape: [2], data_offsets: [0, 2] } }, 2))).message,
    ).toMatch(/tensor "a": unsupported dtype F8_E4M3 \(supported: F32, F16, BF16, F64\)/);
    expect(
      refusal(() => readSafetensors(safetensors({ a: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, 8))).message,
    ).toMatch(/unsupported dtype I64/);
    expect(
      readSafetensors(safetensors({ a: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, 8), 'x', true).tensors.size,
    ).toBe(0);
  });
  it('finds the first non-finite value and names it as an index', () => {
    expect(firstNonFinite(new Float32Array([0, 1, -3]))).toBe(-1);
    expect(firstNonFinite(new Float32Array([0, 1, Infinity, NaN]))).toBe(2);
    expect(indexIn([3, 4], 7)).toBe('[1, 3]');
  });
});

describe.skipIf(!hasFixture('tiny-bert'))('createEncoder checks the weights against config.json (tiny-bert)', () => {
  beforeAll(useWasm);
  const base = (): ModelFiles => readModelFolder(fixtureDir('tiny-bert'));
  const withTensors = (
    files: ModelFiles,
    edit: (t: Map<string, { shape: number[]; data: Float32Array }>) => void,
  ): ModelFiles => {
    const t = readSafetensors(files['model.safetensors']).tensors;
    edit(t);
    return { ...files, 'model.safetensors': writeSafetensors(t) };
  };
  const withConfig = (files: ModelFiles, edit: (c: Record<string, unknown>) => void): ModelFiles => {
    const c = JSON.parse(new TextDecoder().decode(files['config.json'])) as Record<string, unknown>;
    edit(c);
    return { ...files, 'config.json': new TextEncoder().encode(JSON.stringify(c)) };
  };

  it('refuses NaN and Infinity, naming the tensor and the first bad index', () => {
    const nan = withTensors(base(), (t) => {
      const w = t.get('encoder.layer.1.output.dense.weight')!;
      w.data[w.shape[1] + 5] = NaN;
      w.data[w.shape[1] + 9] = Infinity;
    });
    expect(refusal(() => createEncoder(nan)).message).toMatch(
      /^model\.safetensors: tensor "encoder\.layer\.1\.output\.dense\.weight": holds NaN at index \[1, 5\] \(the first non-finite value\)\. Fix: /,
    );
    const inf = withTensors(base(), (t) => {
      t.get('embeddings.LayerNorm.bias')!.data[3] = -Infinity;
    });
    expect(refusal(() => createEncoder(inf)).message).toMatch(/"embeddings\.LayerNorm\.bias": holds -Infinity at index \[3\]/);
  });

  it('refuses a tensor for a layer config.json does not have, and one it does not describe', () => {
    const extra = withTensors(base(), (t) => {
      const b = t.get('encoder.layer.0.output.dense.bias')!;
      t.set('encoder.layer.7.output.dense.bias', { shape: b.shape, data: b.data.slice() });
    });
    expect(refusal(() => createEncoder(extra)).message).toMatch(
      /tensor "encoder\.layer\.7\.output\.dense\.bias": is for layer 7, but config\.json has num_hidden_layers 2/,
    );
    const fewer = withConfig(base(), (c) => {
      c.num_hidden_layers = 1;
    });
    expect(refusal(() => createEncoder(fewer)).message).toMatch(
      /"encoder\.layer\.1\.[a-zA-Z.]+": is for layer 1, but config\.json has num_hidden_layers 1/,
    );
    const odd = withTensors(base(), (t) => {
      t.set('encoder.layer.0.attention.self.rotary.weight', { shape: [2], data: new Float32Array(2) });
    });
    expect(refusal(() => createEncoder(odd)).message).toMatch(
      /"encoder\.layer\.0\.attention\.self\.rotary\.weight": is not a parameter of the encoder/,
    );
    // Task heads outside the encoder are not config.json's business: still loads.
    const head = withTensors(base(), (t) => {
      t.set('cls.predictions.bias', { shape: [4], data: new Float32Array(4) });
    });
    expect(() => createEncoder(head).dispose()).not.toThrow();
  });

  it('refuses shape mismatches and missing tensors, naming them', () => {
    const wide = withConfig(base(), (c) => {
      c.intermediate_size = 8;
    });
    expect(refusal(() => createEncoder(wide)).message).toMatch(
      /tensor "encoder\.layer\.0\.intermediate\.dense\.(weight|bias)": has shape \[\d+(, \d+)?\], config\.json implies \[8(, \d+)?\]/,
    );
    const missing = withTensors(base(), (t) => {
      t.delete('embeddings.LayerNorm.weight');
    });
    expect(refusal(() => createEncoder(missing)).message).toMatch(
      /lacks 1 parameter\(s\) config\.json describes: embeddings\.LayerNorm\.weight/,
    );
  });

  it('names the supported model types and refuses invalid sizes', () => {
    expect(
      refusal(() =>
        createEncoder(
          withConfig(base(), (c) => {
            c.model_type = 'gpt2';
          }),
        ),
      ).message,
    ).toMatch(/^config\.json: model_type: "gpt2" is not supported \(supported: bert, xlm-roberta, roberta\)/);
    expect(
      refusal(() =>
        createEncoder(
          withConfig(base(), (c) => {
            c.num_hidden_layers = 1.5;
          }),
        ),
      ).message,
    ).toMatch(/num_hidden_layers: 1\.5 is not a valid positive integer/);
    expect(
      refusal(() =>
        createEncoder(
          withConfig(base(), (c) => {
            c.hidden_size = '32';
          }),
        ),
      ).message,
    ).toMatch(/hidden_size: "32" is not a number/);
    expect(
      refusal(() => createEncoder({ ...base(), 'config.json': new TextEncoder().encode('{"model_type": ') })).message,
    ).toMatch(/^config\.json: not valid UTF-8 JSON/);
  });
});

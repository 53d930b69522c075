/**
 * The lean load path (issue 17): safetensors F32 tensors as views of the file's bytes give the same tensors as the
 * copying reader, the encoder built from them does not keep the file, and ByteSink writes a download of known size
 * into one array (no chunk list + concatenated copy) with the same bytes; releaseWeightFiles frees the file after the build.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ByteSink } from '../../../src/core/model/byte-sink';
import { createEncoder, type ModelFiles } from '../../../src/core/model/checkpoint';
import { releaseWeightFiles } from '../../../src/core/model/release';
import { readModelWeights, readSafetensors } from '../../../src/core/model/safetensors';
import { FIXTURES, fixtureTitle, hasFixture, loadFixture, useWasm } from './fixtures';

beforeAll(useWasm);

for (const name of FIXTURES) {
  describe.skipIf(!hasFixture(name))(fixtureTitle(name, 'lean safetensors decoding'), () => {
    it('views give the same tensors as copies, and share the file buffer', () => {
      const bytes = loadFixture(name).files['model.safetensors'];
      const copies = readSafetensors(bytes, 'model.safetensors', true).tensors;
      const views = readSafetensors(bytes, 'model.safetensors', true, true).tensors;
      expect([...views.keys()]).toEqual([...copies.keys()]);
      for (const [k, c] of copies) {
        const v = views.get(k)!;
        expect(v.shape).toEqual(c.shape);
        expect(v.data).toEqual(c.data); // bit-identical values
        expect(v.data.buffer).toBe(bytes.buffer); // no second copy
        expect(c.data.buffer).not.toBe(bytes.buffer);
      }
    });

    it('an encoder built from views has the weights of one built from copies, and survives the file being zeroed', async () => {
      const { files } = loadFixture(name);
      const ref = readModelWeights(files);
      const own = { ...files, 'model.safetensors': new Uint8Array(files['model.safetensors']) };
      const enc = createEncoder(own);
      // The backend holds its own copy: clobbering the downloaded bytes afterwards changes nothing.
      own['model.safetensors'].fill(0);
      for (const [k, v] of Object.entries(enc.allVariables())) {
        const got = (await v.data()) as Float32Array;
        expect(got, k).toEqual(ref.get(k)!.data);
      }
      enc.dispose();
      expect(tf.getBackend()).toBe('wasm');
    });
  });
}

describe.skipIf(!hasFixture('tiny-xlmr'))('releaseWeightFiles', () => {
  it('detaches the weights after the build (wasm): the encoder embeds as before, other files stay', async () => {
    const { files } = loadFixture('tiny-xlmr');
    const own: ModelFiles = { ...files, 'model.safetensors': new Uint8Array(files['model.safetensors']) };
    const buf = own['model.safetensors'].buffer;
    const enc = createEncoder(own);
    const before = tf.tidy(() => enc.encode(['Der Nil ist der längste Fluss.']));
    const size = buf.byteLength;
    expect(releaseWeightFiles(own)).toBe(size);
    expect(buf.byteLength).toBe(0); // detached: its memory is no longer the model's
    expect(own['model.safetensors']).toBeUndefined();
    expect(own['tokenizer.json']).toBe(files['tokenizer.json']);
    const after = tf.tidy(() => enc.encode(['Der Nil ist der längste Fluss.']));
    expect(await after.data()).toEqual(await before.data());
    tf.dispose([before, after]);
    enc.dispose();
  });
});

describe('ByteSink', () => {
  const chunks = [new Uint8Array([1, 2, 3]), new Uint8Array([4, 5]), new Uint8Array([6, 7, 8, 9])];
  const all = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]);

  it('known size: one array of that size, returned without a copy', () => {
    const s = new ByteSink();
    s.expect(9);
    for (const c of chunks) s.push(c);
    const b = s.bytes();
    expect(b).toEqual(all);
    expect(b.buffer.byteLength).toBe(9);
    expect(s.bytes()).toBe(b);
  });

  it('unknown size: chunks joined once', () => {
    const s = new ByteSink();
    for (const c of chunks) s.push(c);
    expect(s.bytes()).toEqual(all);
    expect(s.n).toBe(9);
  });

  it('a partial, then the size from a resumed answer; more than announced still keeps every byte', () => {
    const s = new ByteSink(new Uint8Array([1, 2, 3]));
    s.expect(9);
    s.push(chunks[1]);
    s.push(chunks[2]);
    expect(s.bytes()).toEqual(all);
    const over = new ByteSink();
    over.expect(4);
    for (const c of chunks) over.push(c);
    expect(over.bytes()).toEqual(all);
    over.clear();
    expect(over.n).toBe(0);
    expect(over.bytes().byteLength).toBe(0);
  });
});

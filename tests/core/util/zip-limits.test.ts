/**
 * readZip against hostile archives: unsafe names, duplicates, limits checked before inflating, a deflate stream
 * that inflates past its declared size (a lying header), overlapping entries — each refused with a ZipError
 * naming the archive and the entry. Archives are built here byte by byte (zipParts' layout, patched).
 */
import { constants, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, readZip, unsafeEntryName, writeZip, ZIP_MAX_ENTRIES, ZIP_MAX_RATIO, ZipError } from '../../../src/core/util/zip';

interface RawEntry {
  name: string;
  data: Uint8Array;
  method?: 0 | 8;
  usize?: number;
  crc?: number;
  size?: number;
}

/** A zip with exactly these entries (names unchecked, sizes and CRC as given, default honest). */
function rawZip(entries: RawEntry[]): Uint8Array {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [],
    central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const nb = enc.encode(e.name);
    const usize = e.usize ?? e.size ?? e.data.length;
    const crc = e.crc ?? 0;
    const local = new Uint8Array(30 + nb.length);
    const l = new DataView(local.buffer);
    l.setUint32(0, 0x04034b50, true);
    l.setUint16(4, 20, true);
    l.setUint16(6, 0x0800, true);
    l.setUint16(8, e.method ?? 0, true);
    l.setUint32(14, crc, true);
    l.setUint32(18, e.data.length, true);
    l.setUint32(22, usize, true);
    l.setUint16(26, nb.length, true);
    local.set(nb, 30);
    const cd = new Uint8Array(46 + nb.length);
    const c = new DataView(cd.buffer);
    c.setUint32(0, 0x02014b50, true);
    c.setUint16(4, 0x0314, true);
    c.setUint16(6, 20, true);
    c.setUint16(8, 0x0800, true);
    c.setUint16(10, e.method ?? 0, true);
    c.setUint32(16, crc, true);
    c.setUint32(20, e.data.length, true);
    c.setUint32(24, usize, true);
    c.setUint16(28, nb.length, true);
    c.setUint32(42, offset, true);
    cd.set(nb, 46);
    parts.push(local, e.data);
    central.push(cd);
    offset += local.length + e.data.length;
  }
  const cdSize = central.reduce((s, x) => s + x.length, 0);
  const end = new Uint8Array(22);
  const d = new DataView(end.buffer);
  d.setUint32(0, 0x06054b50, true);
  d.setUint16(8, entries.length, true);
  d.setUint16(10, entries.length, true);
  d.setUint32(12, cdSize, true);
  d.setUint32(16, offset, true);
  const all = [...parts, ...central, end];
  const out = new Uint8Array(all.reduce((s, x) => s + x.length, 0));
  let pos = 0;
  for (const x of all) {
    out.set(x, pos);
    pos += x.length;
  }
  return out;
}

/** Raw deflate of `mib` MiB of zeros, built from one flushed 1 MiB block repeated (no 1 GiB buffer needed). */
function zerosDeflate(mib: number): Uint8Array {
  const block = deflateRawSync(new Uint8Array(1 << 20), { finishFlush: constants.Z_FULL_FLUSH });
  const out = new Uint8Array(block.length * mib + 2);
  for (let i = 0; i < mib; i++) out.set(block, i * block.length);
  out.set([0x03, 0x00], block.length * mib); // an empty final block
  return out;
}

async function refusal(z: Uint8Array): Promise<ZipError> {
  try {
    await readZip(z, 'evil.zip');
  } catch (e) {
    return e as ZipError;
  }
  throw new Error('readZip accepted the archive');
}

describe('readZip limits and names', () => {
  const one = (name: string) => rawZip([{ name, data: new Uint8Array([1]), crc: crc32(new Uint8Array([1])) }]);

  it('refuses unsafe entry names with one line naming archive and entry', async () => {
    for (const name of ['../evil', 'a/../../evil', '/etc/passwd', 'C:/x', 'c:x', 'a\\..\\b', './a', 'a//b', 'a\u0000b']) {
      const e = await refusal(one(name));
      expect(e).toBeInstanceOf(ZipError);
      expect(e.message).toMatch(/^evil\.zip: entry .*: unsafe entry name/);
      expect(e.message).not.toContain('\n');
    }
    expect(unsafeEntryName('1_Pooling/config.json')).toBeUndefined();
    expect(unsafeEntryName('ü/ß..bin')).toBeUndefined(); // ".." inside a segment is a legal name
  });

  it('refuses duplicate names and a name that is both file and folder', async () => {
    const d = new Uint8Array([7]);
    expect(
      (
        await refusal(
          rawZip([
            { name: 'a.txt', data: d, crc: crc32(d) },
            { name: 'a.txt', data: d, crc: crc32(d) },
          ]),
        )
      ).message,
    ).toMatch(/appears twice/);
    expect(
      (
        await refusal(
          rawZip([
            { name: 'a', data: d, crc: crc32(d) },
            { name: 'a/b', data: d, crc: crc32(d) },
          ]),
        )
      ).message,
    ).toMatch(/both a file and a folder/);
  });

  it('refuses too many entries before reading any', async () => {
    const entries = Array.from({ length: ZIP_MAX_ENTRIES + 1 }, (_, i) => ({ name: `f${i}`, data: new Uint8Array(0) }));
    expect((await refusal(rawZip(entries))).message).toMatch(new RegExp(`${ZIP_MAX_ENTRIES + 1} entries, more than the limit`));
  });

  it('refuses a 1 GiB bomb by its declared ratio, without inflating it', async () => {
    const data = zerosDeflate(1024); // ≈1 MB of deflate → 1 GiB of zeros
    const before = process.memoryUsage().rss;
    const e = await refusal(rawZip([{ name: 'model.safetensors', data, method: 8, usize: 2 ** 30 }]));
    expect(e.message).toMatch(new RegExp(`compression ratio \\d+:1 exceeds the limit of ${ZIP_MAX_RATIO}:1`));
    expect(process.memoryUsage().rss - before).toBeLessThan(256 * 2 ** 20);
  });

  it('stops inflating a stream that produces more than its header declares (a lying bomb)', async () => {
    const data = zerosDeflate(1024);
    const usize = data.length * 100; // a ratio inside the limit: only inflation can tell the lie
    const before = process.memoryUsage().rss;
    const e = await refusal(rawZip([{ name: 'weights.bin', data, method: 8, usize }]));
    expect(e.message).toMatch(/entry "weights.bin": inflates to more than the \d+ bytes its header declares/);
    expect(process.memoryUsage().rss - before).toBeLessThan(512 * 2 ** 20);
  });

  it('refuses overlapping entries, truncated data and stored entries whose sizes disagree', async () => {
    const d = new TextEncoder().encode('hello world');
    const z = rawZip([
      { name: 'a', data: d, crc: crc32(d) },
      { name: 'b', data: d, crc: crc32(d) },
    ]);
    // Point entry "b" at entry "a"'s local header: two names for one data span.
    const v = new DataView(z.buffer);
    const eocd = z.length - 22,
      cd = v.getUint32(eocd + 16, true);
    const second = cd + 46 + 1;
    v.setUint32(second + 42, 0, true);
    expect((await refusal(z)).message).toMatch(/overlaps that of "a"/);
    const t = rawZip([{ name: 'a', data: d, crc: crc32(d) }]);
    new DataView(t.buffer).setUint32(t.length - 22 - 47 + 20, 5000, true); // central csize beyond the file
    new DataView(t.buffer).setUint32(t.length - 22 - 47 + 24, 5000, true);
    expect((await refusal(t)).message).toMatch(/truncated/);
    expect((await refusal(rawZip([{ name: 'a', data: d, usize: 99, crc: crc32(d) }]))).message).toMatch(/stored entry declares/);
  });

  it('still reads honest deflated and stored archives', async () => {
    const text = new TextEncoder().encode('{"a": 1}\n'.repeat(1000));
    const z = rawZip([
      { name: 'dir/x.json', data: deflateRawSync(text), method: 8, usize: text.length, crc: crc32(text) },
      { name: 'y.bin', data: text, crc: crc32(text) },
    ]);
    const files = await readZip(z);
    expect(files['dir/x.json']).toEqual(text);
    expect(files['y.bin']).toEqual(text);
    expect(await readZip(writeZip({ 'a/b.txt': text }))).toEqual({ 'a/b.txt': text });
  });
});

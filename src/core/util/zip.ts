/**
 * A small ZIP writer and reader (PKWARE APPNOTE 6.3), so a model folder can be downloaded from the browser as
 * one file and imported back. Writing is store-only (method 0: safetensors and ONNX do not compress anyway)
 * with CRC-32 and UTF-8 names (flag bit 11); no ZIP64, so at most 65,535 entries and 4 GiB − 1 per file and in
 * total (a clear error beyond). Reading accepts stored and deflated entries (DecompressionStream
 * 'deflate-raw', in Node ≥ 18 and every current browser), so zips made by other tools import too.
 */

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE 802.3, as zip and gzip use it). `crc` continues an earlier value. */
export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

const LIMIT = 0xffffffff;
/** 1980-01-01 00:00 in MS-DOS format: fixed, so the same files always give the same bytes. */
const DOS_TIME = 0, DOS_DATE = (0 << 9) | (1 << 5) | 1;

/** ZIP archive bytes as a list of parts (a Blob can take them without one more copy of a large model). */
export function zipParts(files: Record<string, Uint8Array>): Uint8Array[] {
  const names = Object.keys(files).sort();
  if (names.length > 0xffff) throw new Error(`zip: ${names.length} files; at most 65,535 without ZIP64`);
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const name of names) {
    if (!name || name.startsWith('/') || name.split('/').includes('..')) throw new Error(`zip: unsafe entry name "${name}"`);
    const data = files[name];
    if (data.byteLength > LIMIT || offset > LIMIT) throw new Error(`zip: "${name}" lies beyond 4 GiB; ZIP64 is not supported`);
    const nb = enc.encode(name);
    const crc = crc32(data);
    const local = new Uint8Array(30 + nb.length);
    const l = new DataView(local.buffer);
    l.setUint32(0, 0x04034b50, true);
    l.setUint16(4, 20, true);            // version needed: 2.0
    l.setUint16(6, 0x0800, true);        // UTF-8 names
    l.setUint16(8, 0, true);             // stored
    l.setUint16(10, DOS_TIME, true);
    l.setUint16(12, DOS_DATE, true);
    l.setUint32(14, crc, true);
    l.setUint32(18, data.byteLength, true);
    l.setUint32(22, data.byteLength, true);
    l.setUint16(26, nb.length, true);
    l.setUint16(28, 0, true);
    local.set(nb, 30);
    const cd = new Uint8Array(46 + nb.length);
    const c = new DataView(cd.buffer);
    c.setUint32(0, 0x02014b50, true);
    c.setUint16(4, 0x0314, true);        // made by: Unix, 2.0
    c.setUint16(6, 20, true);
    c.setUint16(8, 0x0800, true);
    c.setUint16(10, 0, true);
    c.setUint16(12, DOS_TIME, true);
    c.setUint16(14, DOS_DATE, true);
    c.setUint32(16, crc, true);
    c.setUint32(20, data.byteLength, true);
    c.setUint32(24, data.byteLength, true);
    c.setUint16(28, nb.length, true);
    c.setUint32(38, (0o100644 << 16) >>> 0, true); // external attributes: regular file rw-r--r--
    c.setUint32(42, offset, true);
    cd.set(nb, 46);
    parts.push(local, data);
    central.push(cd);
    offset += local.length + data.byteLength;
  }
  const cdSize = central.reduce((s, x) => s + x.length, 0);
  if (offset + cdSize > LIMIT) throw new Error('zip: archive exceeds 4 GiB; ZIP64 is not supported');
  const end = new Uint8Array(22);
  const e = new DataView(end.buffer);
  e.setUint32(0, 0x06054b50, true);
  e.setUint16(8, names.length, true);
  e.setUint16(10, names.length, true);
  e.setUint32(12, cdSize, true);
  e.setUint32(16, offset, true);
  return [...parts, ...central, end];
}

/** The archive as one byte array. */
export function writeZip(files: Record<string, Uint8Array>): Uint8Array {
  const parts = zipParts(files);
  const out = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
  let pos = 0;
  for (const p of parts) { out.set(p, pos); pos += p.byteLength; }
  return out;
}

async function inflateRaw(data: Uint8Array): Promise<Uint8Array> {
  if (typeof DecompressionStream === 'undefined') throw new Error('zip: deflated entries need DecompressionStream (Node ≥ 18 or a current browser)');
  const stream = new Blob([data.slice().buffer as ArrayBuffer]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Files of a ZIP archive (directories skipped), read through the central directory. `name` is used in errors.
 * Entries are checked against their CRC-32.
 */
export async function readZip(bytes: Uint8Array, name = 'archive.zip'): Promise<Record<string, Uint8Array>> {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (v.getUint32(i, true) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error(`${name}: not a zip file (no end-of-central-directory record)`);
  const count = v.getUint16(eocd + 10, true);
  let p = v.getUint32(eocd + 16, true);
  if (p === LIMIT) throw new Error(`${name}: ZIP64 archives are not supported`);
  const dec = new TextDecoder();
  const out: Record<string, Uint8Array> = {};
  for (let k = 0; k < count; k++) {
    if (p + 46 > bytes.length || v.getUint32(p, true) !== 0x02014b50) throw new Error(`${name}: central directory entry ${k} is damaged`);
    const flags = v.getUint16(p + 8, true);
    const method = v.getUint16(p + 10, true);
    const crc = v.getUint32(p + 16, true);
    const csize = v.getUint32(p + 20, true);
    const usize = v.getUint32(p + 24, true);
    const nlen = v.getUint16(p + 28, true), xlen = v.getUint16(p + 30, true), clen = v.getUint16(p + 32, true);
    const lho = v.getUint32(p + 42, true);
    const entry = dec.decode(bytes.subarray(p + 46, p + 46 + nlen));
    p += 46 + nlen + xlen + clen;
    if (entry.endsWith('/')) continue;
    if (flags & 1) throw new Error(`${name}: "${entry}" is encrypted`);
    if (lho + 30 > bytes.length || v.getUint32(lho, true) !== 0x04034b50) throw new Error(`${name}: local header of "${entry}" is damaged`);
    const start = lho + 30 + v.getUint16(lho + 26, true) + v.getUint16(lho + 28, true);
    if (start + csize > bytes.length) throw new Error(`${name}: "${entry}" is truncated`);
    const raw = bytes.subarray(start, start + csize);
    let data: Uint8Array;
    if (method === 0) data = raw.slice();
    else if (method === 8) data = await inflateRaw(raw);
    else throw new Error(`${name}: "${entry}" uses compression method ${method} (only stored and deflate are supported)`);
    if (data.byteLength !== usize || crc32(data) !== crc) throw new Error(`${name}: "${entry}" fails its CRC-32 check (corrupt download?)`);
    out[entry] = data;
  }
  return out;
}

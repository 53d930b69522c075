/**
 * A small ZIP writer and reader (PKWARE APPNOTE 6.3), so a model folder can be downloaded from the browser as
 * one file and imported back. Writing is store-only (method 0: safetensors and ONNX do not compress anyway)
 * with CRC-32 and UTF-8 names (flag bit 11); no ZIP64, so at most 65,535 entries and 4 GiB − 1 per file and in
 * total (a clear error beyond). Reading accepts stored and deflated entries (DecompressionStream
 * 'deflate-raw', in Node ≥ 18 and every current browser), so zips made by other tools import too — within the
 * ZIP_MAX_* limits below, with every entry name checked (readZip).
 */
import { DataImportError } from '../data/errors';

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
const DOS_TIME = 0,
  DOS_DATE = (0 << 9) | (1 << 5) | 1;

/** ZIP archive bytes as a list of parts (a Blob can take them without one more copy of a large model). */
export function zipParts(files: Record<string, Uint8Array>): Uint8Array[] {
  const names = Object.keys(files).sort();
  if (names.length > 0xffff) throw new Error(`zip: ${names.length} files; at most 65,535 without ZIP64`);
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const name of names) {
    const unsafe = unsafeEntryName(name);
    if (unsafe) throw new Error(`zip: unsafe entry name "${name}": ${unsafe}`);
    const data = files[name];
    if (data.byteLength > LIMIT || offset > LIMIT) throw new Error(`zip: "${name}" lies beyond 4 GiB; ZIP64 is not supported`);
    const nb = enc.encode(name);
    const crc = crc32(data);
    const local = new Uint8Array(30 + nb.length);
    const l = new DataView(local.buffer);
    l.setUint32(0, 0x04034b50, true);
    l.setUint16(4, 20, true); // version needed: 2.0
    l.setUint16(6, 0x0800, true); // UTF-8 names
    l.setUint16(8, 0, true); // stored
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
    c.setUint16(4, 0x0314, true); // made by: Unix, 2.0
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
  for (const p of parts) {
    out.set(p, pos);
    pos += p.byteLength;
  }
  return out;
}

/**
 * Limits of readZip, checked against the central directory BEFORE anything is inflated (and the sizes again
 * while inflating, so a header that lies about them cannot exceed them). They bound what a hostile archive
 * (a zip bomb, a million tiny entries) can make the reader allocate; real model folders and run bundles are far
 * inside them.
 */
/** Entries (files and folders): a model folder has ~10, a run bundle with a checkpoint ~30. */
export const ZIP_MAX_ENTRIES = 10_000;
/** Sum of the uncompressed sizes: holds an XLM-R-large float32 model (2.24 GB) with its tokenizer; more does not fit a browser tab anyway. */
export const ZIP_MAX_TOTAL_BYTES = 3 * 2 ** 30;
/** Uncompressed ÷ compressed size of one entry: text compresses 3–20×, weights ~1.1×; deflate's own maximum is ~1032×, reached by runs of zeros (bombs). */
export const ZIP_MAX_RATIO = 200;
/** Entries smaller than this are exempt from the ratio check (a small file of repeated bytes is harmless). */
export const ZIP_RATIO_MIN_BYTES = 1 << 20;

/** A zip the reader refuses: file = the archive, record = the entry when one is to blame. */
export class ZipError extends DataImportError {
  override readonly name: string = 'ZipError';
}

/**
 * Inflates at most `cap` bytes: the output is checked chunk by chunk, so a deflate stream that produces more than
 * its entry declares stops after one chunk beyond the cap instead of filling memory.
 */
async function inflateRaw(data: Uint8Array, cap: number, fail: (problem: string) => never): Promise<Uint8Array> {
  if (typeof DecompressionStream === 'undefined')
    throw new Error('zip: deflated entries need DecompressionStream (Node ≥ 18 or a current browser)');
  const stream = new Blob([data.slice().buffer as ArrayBuffer]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      let r: ReadableStreamReadResult<Uint8Array>;
      try {
        r = await reader.read();
      } catch (e) {
        fail(`its deflate data is corrupt (${(e as Error).message})`);
      }
      if (r.done) break;
      total += r.value.byteLength;
      if (total > cap) {
        await reader.cancel().catch(() => undefined);
        fail(`inflates to more than the ${cap} bytes its header declares (a zip bomb or a corrupt archive)`);
      }
      chunks.push(r.value);
    }
  } finally {
    reader.releaseLock();
  }
  const out = new Uint8Array(total);
  let pos = 0;
  for (const c of chunks) {
    out.set(c, pos);
    pos += c.byteLength;
  }
  return out;
}

/**
 * Why an entry name is unsafe, or undefined. Names must be relative, forward-slash paths (APPNOTE 4.4.17):
 * no `..` or `.` segments, no leading `/`, no drive letter, no backslash (a separator on Windows), no empty
 * segment, no control characters — so no name can address anything outside the folder it is unpacked into.
 */
export function unsafeEntryName(entry: string): string | undefined {
  if (entry === '') return 'the name is empty';
  if (/[\u0000-\u001f\u007f]/.test(entry)) return 'the name holds a control character';
  if (entry.includes('\\')) return 'the name holds a backslash (a path separator on Windows)';
  if (entry.startsWith('/')) return 'the name is an absolute path';
  if (/^[A-Za-z]:/.test(entry)) return 'the name starts with a drive letter';
  const segs = entry.replace(/\/$/, '').split('/');
  if (segs.includes('..')) return 'the name climbs out of the archive with ".."';
  if (segs.includes('.') || segs.includes('')) return 'the name has an empty or "." path segment';
  return undefined;
}

interface CentralEntry {
  entry: string;
  method: number;
  crc: number;
  csize: number;
  usize: number;
  lho: number;
  flags: number;
}

/**
 * Files of a ZIP archive (directories skipped), read through the central directory. `name` is used in errors.
 * Every name, size and offset is checked first (unsafeEntryName, duplicates, ZIP_MAX_* limits, overlapping or
 * out-of-range data); then entries are inflated with their declared size as a hard cap and checked against
 * their CRC-32. Any problem throws a ZipError and returns nothing.
 */
export async function readZip(bytes: Uint8Array, name = 'archive.zip'): Promise<Record<string, Uint8Array>> {
  const fail = (record: string | undefined, problem: string, fix: string): never => {
    throw new ZipError(name, record, undefined, problem, fix);
  };
  const remake = 'create the zip again (e.g. `zip -r model.zip model/`) or unpack it with a tool you trust and import the folder';
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (v.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0)
    fail(undefined, 'not a zip file (no end-of-central-directory record)', 'give a .zip archive, or the folder itself');
  const count = v.getUint16(eocd + 10, true);
  const cdSize = v.getUint32(eocd + 12, true);
  const cdStart = v.getUint32(eocd + 16, true);
  let p = cdStart;
  if (p === LIMIT || count === 0xffff) fail(undefined, 'ZIP64 archives are not supported', remake);
  if (count > ZIP_MAX_ENTRIES)
    fail(undefined, `${count} entries, more than the limit of ${ZIP_MAX_ENTRIES}`, 'zip only the model or run folder');
  if (p + cdSize > eocd) fail(undefined, 'the central directory lies outside the archive (truncated download?)', remake);
  const dec = new TextDecoder('utf-8', { fatal: true });
  const entries: CentralEntry[] = [];
  const seen = new Set<string>();
  let total = 0;
  for (let k = 0; k < count; k++) {
    if (p + 46 > eocd || v.getUint32(p, true) !== 0x02014b50)
      fail(`central directory entry ${k}`, 'the entry is damaged', remake);
    const flags = v.getUint16(p + 8, true);
    const method = v.getUint16(p + 10, true);
    const crc = v.getUint32(p + 16, true);
    const csize = v.getUint32(p + 20, true);
    const usize = v.getUint32(p + 24, true);
    const nlen = v.getUint16(p + 28, true),
      xlen = v.getUint16(p + 30, true),
      clen = v.getUint16(p + 32, true);
    const lho = v.getUint32(p + 42, true);
    if (p + 46 + nlen > eocd) fail(`central directory entry ${k}`, 'the entry name runs past the directory', remake);
    let entry = '';
    try {
      entry = dec.decode(bytes.subarray(p + 46, p + 46 + nlen));
    } catch {
      fail(`central directory entry ${k}`, 'the entry name is not valid UTF-8', remake);
    }
    p += 46 + nlen + xlen + clen;
    const unsafe = unsafeEntryName(entry);
    if (unsafe)
      fail(
        `entry ${JSON.stringify(entry)}`,
        `unsafe entry name: ${unsafe}`,
        'only relative names inside the archive are accepted; ' + remake,
      );
    const key = entry.replace(/\/$/, '');
    if (seen.has(key)) fail(`entry ${JSON.stringify(entry)}`, 'the name appears twice in the archive', remake);
    seen.add(key);
    if (entry.endsWith('/')) continue;
    if (flags & 1) fail(`entry ${JSON.stringify(entry)}`, 'the entry is encrypted', 'zip it again without a password');
    if (csize === LIMIT || usize === LIMIT) fail(`entry ${JSON.stringify(entry)}`, 'ZIP64 entries are not supported', remake);
    if (method !== 0 && method !== 8)
      fail(`entry ${JSON.stringify(entry)}`, `compression method ${method} (only stored and deflate are supported)`, remake);
    if (method === 0 && csize !== usize)
      fail(`entry ${JSON.stringify(entry)}`, `a stored entry declares ${csize} bytes stored but ${usize} unpacked`, remake);
    if (usize >= ZIP_RATIO_MIN_BYTES && usize > ZIP_MAX_RATIO * Math.max(csize, 1)) {
      fail(
        `entry ${JSON.stringify(entry)}`,
        `compression ratio ${Math.round(usize / Math.max(csize, 1))}:1 exceeds the limit of ${ZIP_MAX_RATIO}:1 (a zip bomb?)`,
        'import the folder unzipped, or zip it without such redundant files',
      );
    }
    total += usize;
    if (total > ZIP_MAX_TOTAL_BYTES)
      fail(
        `entry ${JSON.stringify(entry)}`,
        `the entries unpack to more than the limit of ${ZIP_MAX_TOTAL_BYTES} bytes`,
        'zip only the model or run folder',
      );
    entries.push({ entry, method, crc, csize, usize, lho, flags });
  }
  // A file named "a" next to entries under "a/" cannot be unpacked to a folder.
  const fileNames = new Set(entries.map((e) => e.entry));
  for (const e of entries) {
    const parts = e.entry.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (fileNames.has(dir)) fail(`entry ${JSON.stringify(e.entry)}`, `"${dir}" is both a file and a folder`, remake);
    }
  }
  // Where each entry's data lies; entries sharing or overlapping data are how the biggest bombs multiply output.
  const spans: Array<{ entry: string; start: number; end: number }> = [];
  for (const e of entries) {
    const rec = `entry ${JSON.stringify(e.entry)}`;
    if (e.lho + 30 > cdStart || v.getUint32(e.lho, true) !== 0x04034b50)
      fail(rec, 'its local header is damaged or out of range', remake);
    const start = e.lho + 30 + v.getUint16(e.lho + 26, true) + v.getUint16(e.lho + 28, true);
    if (start + e.csize > bytes.length)
      fail(rec, 'the entry is truncated (its data runs past the end of the file)', 'download or copy the archive again');
    spans.push({ entry: e.entry, start: e.lho, end: start + e.csize });
  }
  spans.sort((a, b) => a.start - b.start);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i].start < spans[i - 1].end)
      fail(`entry ${JSON.stringify(spans[i].entry)}`, `its data overlaps that of "${spans[i - 1].entry}"`, remake);
  }
  const out: Record<string, Uint8Array> = {};
  for (const e of entries) {
    const rec = `entry ${JSON.stringify(e.entry)}`;
    const start = e.lho + 30 + v.getUint16(e.lho + 26, true) + v.getUint16(e.lho + 28, true);
    const raw = bytes.subarray(start, start + e.csize);
    const data = e.method === 0 ? raw.slice() : await inflateRaw(raw, e.usize, (problem) => fail(rec, problem, remake));
    if (data.byteLength !== e.usize || crc32(data) !== e.crc)
      fail(rec, 'the entry fails its CRC-32 or size check (corrupt download?)', 'download or copy the archive again');
    out[e.entry] = data;
  }
  return out;
}

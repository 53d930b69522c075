/**
 * The one error type importers throw. Its message always names the file, the record and the field,
 * and says how to fix the input, so the CLI and the UI can show it as is (never a stack trace).
 */
export class DataImportError extends Error {
  // `string`, not the literal: subclasses (ZipError, ModelLoadError) name themselves.
  override readonly name: string = 'DataImportError';
  constructor(
    readonly file: string,
    /** Where in the file: a JSON path (`data[0].paragraphs[3].qas[1]`) or `line 17`. */
    readonly record: string | undefined,
    /** The offending field, when one is to blame. */
    readonly field: string | undefined,
    readonly problem: string,
    readonly fix: string,
  ) {
    const where = [file, record, field].filter((s) => s !== undefined && s !== '').join(': ');
    super(`${where}: ${problem}. Fix: ${fix}`);
  }
}

/**
 * Offset of the first byte that is not part of well-formed UTF-8 (RFC 3629: no overlongs, no surrogates,
 * nothing above U+10FFFF), or -1. Only called once decoding failed, to name the place in the message.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let i = 0; i < n; ) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let len: number,
      lo = 0x80,
      hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) len = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      len = 3;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      len = 4;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k < len; k++) {
      const c = i + k < n ? bytes[i + k] : -1;
      if (c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += len;
  }
  return -1;
}

/**
 * Decode bytes as strict UTF-8 (a UTF-8 BOM is dropped), or throw a DataImportError naming the byte offset and
 * line of the first invalid byte — never U+FFFD in place of the user's text. An empty file is an error too.
 */
export function decodeUtf8(file: string, bytes: Uint8Array): string {
  if (bytes.length === 0)
    throw new DataImportError(
      file,
      undefined,
      undefined,
      'the file is empty',
      'export the data again; an empty file holds no records',
    );
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const offset = Math.max(0, firstInvalidUtf8(bytes));
    let line = 1;
    for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
    throw new DataImportError(
      file,
      `byte ${offset} (line ${line})`,
      undefined,
      `the file is not valid UTF-8 (byte 0x${bytes[offset].toString(16).padStart(2, '0')})`,
      're-save it as UTF-8 (e.g. `iconv -f <encoding> -t UTF-8`)',
    );
  }
  text = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (text.trim() === '')
    throw new DataImportError(
      file,
      undefined,
      undefined,
      'the file holds only whitespace',
      'export the data again; the file holds no records',
    );
  return text;
}

/** Parse JSON text, turning a syntax error into a DataImportError with line and column. */
export function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const m = /position (\d+)/.exec(msg);
    let where = 'JSON';
    if (m) {
      const pos = Number(m[1]);
      const before = text.slice(0, pos);
      const line = before.split('\n').length;
      const col = pos - before.lastIndexOf('\n');
      where = `line ${line}, column ${col}`;
    } else if (/Unexpected end/i.test(msg)) {
      where = `end of file (byte ${text.length})`;
    }
    throw new DataImportError(
      file,
      where,
      undefined,
      `invalid JSON (${msg.replace(/^.*?:\s*/, '')}); the file looks truncated or corrupted`,
      'download or export the file again and check it is complete',
    );
  }
}

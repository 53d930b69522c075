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

/** Decode bytes as strict UTF-8, or throw a DataImportError naming the byte offset. */
export function decodeUtf8(file: string, bytes: Uint8Array): string {
  if (bytes.length === 0) throw new DataImportError(file, undefined, undefined, 'the file is empty', 'export the data again; an empty file holds no records');
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    let offset = 0;
    // Find the first invalid byte for the message (cheap: decoders are fast on valid prefixes).
    let lo = 0, hi = bytes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      try { new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid)); lo = mid + 1; } catch { hi = mid; }
    }
    offset = Math.max(0, lo - 1);
    throw new DataImportError(file, `byte ${offset}`, undefined, 'the file is not valid UTF-8', 're-save it as UTF-8 (e.g. `iconv -f <encoding> -t UTF-8`)');
  }
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
    throw new DataImportError(file, where, undefined, `invalid JSON (${msg.replace(/^.*?:\s*/, '')}); the file looks truncated or corrupted`, 'download or export the file again and check it is complete');
  }
}

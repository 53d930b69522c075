/**
 * Lines of a text file, decoded one at a time from its bytes. Line formats (JSONL, TSV) are read through this
 * rather than by decoding the whole file and splitting it: a whole-file string plus an array of every line
 * held, at 10⁶ records, several times the memory of the records an importer keeps. Strictness is the same as
 * decodeUtf8's: invalid UTF-8 is an error naming byte offset and line; a UTF-8 BOM is dropped; `\r\n` and `\n`
 * both end a line (0x0A never occurs inside a UTF-8 sequence, so cutting bytes there is safe).
 */
import { DataImportError, firstInvalidUtf8 } from './errors';
import type { InputFile } from './types';

export interface Line {
  text: string;
  /** 1-based, counting every line. */
  lineNo: number;
}

/** Every line (blank ones too); throws for an empty file, invalid UTF-8, or a file of only whitespace. */
export function* utf8Lines(file: InputFile): Generator<Line> {
  const b = file.bytes;
  if (b.length === 0)
    throw new DataImportError(
      file.name,
      undefined,
      undefined,
      'the file is empty',
      'export the data again; an empty file holds no records',
    );
  const dec = new TextDecoder('utf-8', { fatal: true });
  let start = b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  let lineNo = 0;
  let content = false;
  for (;;) {
    let end = b.indexOf(0x0a, start);
    if (end < 0) end = b.length;
    lineNo++;
    const stop = end > start && b[end - 1] === 0x0d ? end - 1 : end;
    let text: string;
    try {
      text = dec.decode(b.subarray(start, stop));
    } catch {
      const offset = start + Math.max(0, firstInvalidUtf8(b.subarray(start, stop)));
      throw new DataImportError(
        file.name,
        `byte ${offset} (line ${lineNo})`,
        undefined,
        `the file is not valid UTF-8 (byte 0x${b[offset].toString(16).padStart(2, '0')})`,
        're-save it as UTF-8 (e.g. `iconv -f <encoding> -t UTF-8`)',
      );
    }
    if (!content && text.trim() !== '') content = true;
    yield { text, lineNo };
    if (end >= b.length) break;
    start = end + 1;
  }
  if (!content)
    throw new DataImportError(
      file.name,
      undefined,
      undefined,
      'the file holds only whitespace',
      'export the data again; the file holds no records',
    );
}

/**
 * Reading only regular files. A FIFO or device named like an input would block `readFileSync` forever (or
 * stream without end), so a file is opened non-blocking, checked with fstat on the open descriptor (no race
 * between the check and the read), and refused unless it is a regular file. `noFollow` also refuses a symbolic
 * link (O_NOFOLLOW), for files found inside a folder rather than named by the user.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { DataImportError } from '../core/data/errors';

/** What a non-regular file is, in words, from an fstat/lstat result. */
export function fileKind(st: {
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}): string {
  return st.isFIFO()
    ? 'a FIFO (named pipe)'
    : st.isCharacterDevice() || st.isBlockDevice()
      ? 'a device'
      : st.isSocket()
        ? 'a socket'
        : st.isDirectory()
          ? 'a folder'
          : st.isSymbolicLink()
            ? 'a symbolic link'
            : 'not a regular file';
}

export function readRegularFile(path: string, opts: { noFollow?: boolean; error?: typeof DataImportError } = {}): Uint8Array {
  const Err = opts.error ?? DataImportError;
  const flags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (opts.noFollow ? (constants.O_NOFOLLOW ?? 0) : 0);
  let fd: number;
  try {
    fd = openSync(path, flags);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'EMLINK')
      throw new Err(
        path,
        undefined,
        undefined,
        'is a symbolic link, which is not followed here',
        'replace the link by a copy of the file it points to',
      );
    if (code === 'ENOENT') throw new Err(path, undefined, undefined, 'file not found', 'check the path');
    if (code === 'ENXIO')
      throw new Err(
        path,
        undefined,
        undefined,
        'is a socket or FIFO without a writer, not a regular file',
        'give a regular file',
      );
    throw new Err(
      path,
      undefined,
      undefined,
      `cannot be opened (${code ?? (e as Error).message})`,
      'check the path and its permissions',
    );
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new Err(path, undefined, undefined, `is ${fileKind(st)}, not a regular file`, 'give a regular file');
    return new Uint8Array(readFileSync(fd));
  } finally {
    closeSync(fd);
  }
}

import { expect } from 'vitest';
import { DataImportError } from '../../src/core/data/errors';
import type { InputFile } from '../../src/core/data/types';

export const textFile = (name: string, text: string): InputFile => ({ name, bytes: new TextEncoder().encode(text) });
export const jsonl = (...records: unknown[]) => records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n');

/** Runs `fn`, expecting a DataImportError whose message names every part (file, line, field) and a fix. */
export function expectImportError(fn: () => unknown, parts: string[]): DataImportError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(DataImportError);
  const err = caught as DataImportError;
  for (const p of parts) expect(err.message).toContain(p);
  expect(err.message).toContain('Fix:');
  return err;
}

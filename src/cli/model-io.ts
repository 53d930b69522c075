/**
 * Model folders on disk ⇄ the in-memory `Record<filename, bytes>` that core/model reads and writes.
 * Only the files a model needs are read (no onnx/, no reference data), one level of sub-folders for
 * sentence-transformers' `1_Pooling/config.json`. A `shipped:<name>` reference (core/experiment/base-ref.ts)
 * reads the repository's models/<name> folder, wherever the CLI is started from.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DataImportError } from '../core/data/errors';
import { shippedName, shippedRefProblem } from '../core/experiment/base-ref';
import type { ModelFiles } from '../core/model/checkpoint';

/** The repository's shipped models (models/demo-base, …). */
export const SHIPPED_MODELS_DIR = resolve(import.meta.dirname, '../../models');

/** The folder a model reference names: `shipped:<name>` → models/<name>; anything else is a path. */
export function modelDir(ref: string): string {
  const name = shippedName(ref);
  if (name === undefined) return ref;
  const problem = shippedRefProblem(ref);
  if (problem) throw new DataImportError(ref, undefined, undefined, problem, `use a folder name under ${SHIPPED_MODELS_DIR}`);
  const dir = join(SHIPPED_MODELS_DIR, name);
  if (!existsSync(join(dir, 'config.json'))) {
    const known = existsSync(SHIPPED_MODELS_DIR) ? readdirSync(SHIPPED_MODELS_DIR).filter((d) => existsSync(join(SHIPPED_MODELS_DIR, d, 'config.json'))) : [];
    throw new DataImportError(ref, undefined, undefined, `no shipped model "${ref}": ${dir} holds no config.json (shipped: ${known.map((d) => `shipped:${d}`).join(', ') || 'none'})`,
      'use one of those, or rebuild the shipped base with bash scripts/make-models.sh');
  }
  return dir;
}

const WANTED = /^(config\.json|tokenizer\.json|tokenizer_config\.json|special_tokens_map\.json|vocab\.txt|sentencepiece\.bpe\.model|model(-\d+-of-\d+)?\.safetensors|model\.safetensors\.index\.json|1_Pooling\/config\.json|trainer_state\.json|optimizer\.safetensors|lineage\.json)$/;

export function readModelFolder(ref: string): ModelFiles {
  const dir = modelDir(ref);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`model folder not found: ${dir}`);
  const files: ModelFiles = {};
  const visit = (rel: string): void => {
    for (const name of readdirSync(join(dir, rel))) {
      const r = rel ? `${rel}/${name}` : name;
      const abs = join(dir, r);
      if (statSync(abs).isDirectory()) { if (!rel) visit(r); continue; }
      if (WANTED.test(r)) files[r] = new Uint8Array(readFileSync(abs));
    }
  };
  visit('');
  if (!files['config.json']) throw new Error(`${dir} has no config.json: not a Hugging Face model folder`);
  return files;
}

export function writeModelFolder(dir: string, files: ModelFiles): void {
  for (const [name, bytes] of Object.entries(files)) {
    const abs = join(dir, name);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, bytes);
  }
}

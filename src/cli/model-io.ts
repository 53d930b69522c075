/**
 * Model folders on disk ⇄ the in-memory `Record<filename, bytes>` that core/model reads and writes.
 * Only the files a model needs are read (no onnx/, no reference data), one level of sub-folders for
 * sentence-transformers' `1_Pooling/config.json`.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ModelFiles } from '../core/model/checkpoint';

const WANTED = /^(config\.json|tokenizer\.json|tokenizer_config\.json|special_tokens_map\.json|vocab\.txt|sentencepiece\.bpe\.model|model(-\d+-of-\d+)?\.safetensors|model\.safetensors\.index\.json|1_Pooling\/config\.json|trainer_state\.json|optimizer\.safetensors|lineage\.json)$/;

export function readModelFolder(dir: string): ModelFiles {
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

/**
 * Model folders on disk ⇄ the in-memory `Record<filename, bytes>` that core/model reads and writes.
 * Only the files a model needs are read (no onnx/, no reference data), one level of sub-folders for
 * sentence-transformers' `1_Pooling/config.json`. A `shipped:<name>` reference (core/experiment/base-ref.ts)
 * reads the repository's models/<name> folder, wherever the CLI is started from.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DataImportError } from '../core/data/errors';
import { shippedName, shippedRefProblem } from '../core/experiment/base-ref';
import type { ModelFiles } from '../core/model/checkpoint';
import { ModelLoadError } from '../core/model/errors';
import { fileKind, readRegularFile } from './safe-read';

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
    const known = existsSync(SHIPPED_MODELS_DIR)
      ? readdirSync(SHIPPED_MODELS_DIR).filter((d) => existsSync(join(SHIPPED_MODELS_DIR, d, 'config.json')))
      : [];
    throw new DataImportError(
      ref,
      undefined,
      undefined,
      `no shipped model "${ref}": ${dir} holds no config.json (shipped: ${known.map((d) => `shipped:${d}`).join(', ') || 'none'})`,
      'use one of those, or rebuild the shipped base with bash scripts/make-models.sh',
    );
  }
  return dir;
}

const WANTED =
  /^(config\.json|tokenizer\.json|tokenizer_config\.json|special_tokens_map\.json|vocab\.txt|sentencepiece\.bpe\.model|model(-\d+-of-\d+)?\.safetensors|model\.safetensors\.index\.json|1_Pooling\/config\.json|trainer_state\.json|optimizer\.safetensors|lineage\.json)$/;

/** Local file header or end-of-archive signature: the bytes every zip starts with. */
const isZipBytes = (b: Uint8Array): boolean =>
  b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && ((b[2] === 3 && b[3] === 4) || (b[2] === 5 && b[3] === 6));

/**
 * The model files of a folder. Only regular files are read (a FIFO named model.safetensors would block
 * forever) and symbolic links are never followed: a link among the model's files — or a linked 1_Pooling
 * folder — is refused, so a folder shared by someone else cannot make `export` publish a file from outside it.
 * Links and special files under names the model does not use are ignored unread.
 */
export function readModelFolder(ref: string): ModelFiles {
  const dir = modelDir(ref);
  let st: Stats;
  try {
    st = statSync(dir);
  } catch {
    throw new ModelLoadError(
      dir,
      undefined,
      undefined,
      'model folder not found',
      'check the path; a Hugging Face model must be downloaded into a local folder first',
    );
  }
  if (st.isFile()) {
    const head = readRegularFile(dir, { error: ModelLoadError }).subarray(0, 4);
    if (isZipBytes(head) || /\.zip$/i.test(dir)) {
      throw new ModelLoadError(
        dir,
        undefined,
        undefined,
        'is a zip archive, but a model folder is expected here',
        `unzip it (unzip ${dir} -d <folder>) and pass the folder, or import the zip in the browser's Models tab`,
      );
    }
  }
  if (!st.isDirectory())
    throw new ModelLoadError(
      dir,
      undefined,
      undefined,
      `is ${st.isFile() ? 'a file' : fileKind(st)}, not a model folder`,
      'give the folder that holds config.json and model.safetensors',
    );
  const files: ModelFiles = {};
  const visit = (rel: string): void => {
    for (const ent of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${ent.name}` : ent.name;
      const abs = join(dir, r);
      const wanted = WANTED.test(r) || (!rel && ent.isSymbolicLink() && /^1_Pooling$/.test(ent.name));
      if (ent.isSymbolicLink()) {
        if (wanted)
          throw new ModelLoadError(
            abs,
            undefined,
            undefined,
            'is a symbolic link; links are not followed out of a model folder (a shared folder could pass any file of this machine into an export)',
            'replace the link by a copy of what it points to',
          );
        continue;
      }
      if (ent.isDirectory()) {
        if (!rel) visit(r);
        continue;
      }
      if (!wanted) continue;
      if (!ent.isFile())
        throw new ModelLoadError(
          abs,
          undefined,
          undefined,
          `is ${fileKind(lstatSync(abs))}, not a regular file`,
          'replace it by the real file',
        );
      files[r] = readRegularFile(abs, { noFollow: true, error: ModelLoadError });
    }
  };
  visit('');
  if (!files['config.json'])
    throw new ModelLoadError(
      dir,
      undefined,
      undefined,
      'has no config.json: not a Hugging Face model folder',
      'give the folder that holds config.json and model.safetensors',
    );
  return files;
}

export function writeModelFolder(dir: string, files: ModelFiles): void {
  for (const [name, bytes] of Object.entries(files)) {
    const abs = join(dir, name);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, bytes);
  }
}

/**
 * Model folders on disk are read safely: only regular files (a FIFO named model.safetensors is refused at
 * once, never opened for a blocking read), no symbolic link among the model's files (so `export` cannot copy a
 * file from outside the folder), a missing folder and a zip given as a folder are one clear ModelLoadError.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readModelFolder } from '../../src/cli/model-io';
import { ModelLoadError } from '../../src/core/model/errors';
import { writeZip } from '../../src/core/util/zip';
import { HAS_SHARED, sharedPath } from '../helpers/shared';

const ROOT = resolve(import.meta.dirname, '../..');
const cli = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });

/** A copy of the tiny-bert fixture in a fresh temp folder. */
function modelCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hbw-modelio-'));
  const src = sharedPath('fixtures/tiny-bert');
  for (const f of readdirSync(src)) if (f !== 'onnx') copyFileSync(join(src, f), join(dir, f));
  return dir;
}

function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ModelLoadError);
    expect((e as Error).message).not.toContain('\n');
    return (e as Error).message;
  }
  throw new Error('accepted');
}

describe.skipIf(!HAS_SHARED)('readModelFolder: regular files only, no symlinks', () => {
  it('refuses a FIFO named model.safetensors without blocking', () => {
    const dir = modelCopy();
    const st = join(dir, 'model.safetensors');
    execFileSync('rm', [st]);
    execFileSync('mkfifo', [st]);
    expect(refusal(() => readModelFolder(dir))).toMatch(/model\.safetensors: is a FIFO \(named pipe\), not a regular file/);
  });

  it('refuses a symlinked model file or 1_Pooling folder, ignores links the model does not use', () => {
    const secret = join(mkdtempSync(join(tmpdir(), 'hbw-secret-')), 'id_rsa');
    writeFileSync(secret, 'PRIVATE KEY');
    const dir = modelCopy();
    execFileSync('rm', [join(dir, 'vocab.txt')]);
    symlinkSync(secret, join(dir, 'vocab.txt'));
    expect(refusal(() => readModelFolder(dir))).toMatch(
      /vocab\.txt: is a symbolic link; links are not followed out of a model folder/,
    );

    const dir2 = modelCopy();
    const pool = mkdtempSync(join(tmpdir(), 'hbw-pool-'));
    writeFileSync(join(pool, 'config.json'), '{}');
    symlinkSync(pool, join(dir2, '1_Pooling'));
    expect(refusal(() => readModelFolder(dir2))).toMatch(/1_Pooling: is a symbolic link/);

    const dir3 = modelCopy();
    symlinkSync(secret, join(dir3, 'notes.txt'));
    const files = readModelFolder(dir3);
    expect(Object.keys(files)).not.toContain('notes.txt');
    expect(Object.values(files).some((b) => Buffer.from(b).toString().includes('PRIVATE KEY'))).toBe(false);
  });

  it('names a missing folder, a zip given as a folder, and a folder without config.json', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'hbw-modelio-'));
    expect(refusal(() => readModelFolder(join(tmp, 'nope')))).toMatch(/nope: model folder not found\. Fix: check the path/);
    const zip = join(tmp, 'model.zip');
    writeFileSync(zip, writeZip({ 'config.json': new TextEncoder().encode('{}') }));
    expect(refusal(() => readModelFolder(zip))).toMatch(
      /model\.zip: is a zip archive, but a model folder is expected here\. Fix: unzip it/,
    );
    const zipNoExt = join(tmp, 'model.bin');
    copyFileSync(zip, zipNoExt);
    expect(refusal(() => readModelFolder(zipNoExt))).toMatch(/is a zip archive/);
    mkdirSync(join(tmp, 'empty'));
    expect(refusal(() => readModelFolder(join(tmp, 'empty')))).toMatch(/has no config\.json/);
  });

  it('cli export refuses a model folder with a symlinked tokenizer file and writes nothing', () => {
    const dir = modelCopy();
    const secret = join(mkdtempSync(join(tmpdir(), 'hbw-secret-')), 'token');
    writeFileSync(secret, 'hf_SECRET');
    execFileSync('rm', [join(dir, 'tokenizer_config.json')]);
    symlinkSync(secret, join(dir, 'tokenizer_config.json'));
    const out = join(mkdtempSync(join(tmpdir(), 'hbw-out-')), 'st');
    const r = cli(['export', '--model', dir, '--out', out]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/tokenizer_config\.json: is a symbolic link/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(() => readdirSync(out)).toThrow();
  });
});

/**
 * `cli export`: a checkpoint folder (with trainer state, and the run's results.json beside it) → a
 * sentence-transformers folder and a .zip; both re-import to the same embeddings; bad usage is one clear line.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/core/experiment/config';
import { createEncoder } from '../../src/core/model/checkpoint';
import { embedTexts } from '../../src/core/model/encoder';
import { checkpointFiles } from '../../src/core/train/checkpoint';
import { evaluateEncoder } from '../../src/core/train/runner';
import { readZip } from '../../src/core/util/zip';
import { readModelFolder, writeModelFolder } from '../../src/cli/model-io';
import { parallelDataset } from '../core/sampling/fixture';
import { useWasm } from '../core/model/fixtures';
import { HAS_SHARED, sharedPath } from '../helpers/shared';

const ROOT = resolve(import.meta.dirname, '../..');
const cli = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, encoding: 'utf8' });

describe.skipIf(!HAS_SHARED)('cli export', () => {
  it('exports a checkpoint as a sentence-transformers folder and as a zip, both re-importable', async () => {
    await useWasm();
    const dir = mkdtempSync(join(tmpdir(), 'hbw-export-'));
    const enc = createEncoder(readModelFolder(sharedPath('fixtures/tiny-bert')), { maxLength: 32 });
    const config = resolveConfig({ name: 'exp-cli', alpha: 0.5, steps: 3, model: { init: 'path', path: 'fixtures/tiny-bert' } });
    const ckpt = join(dir, 'run', 'checkpoint');
    writeModelFolder(
      ckpt,
      await checkpointFiles(
        {
          runId: 'run-cli',
          step: 3,
          sampler: {} as never,
          optimizer: { step: 3, m: {}, v: {} },
          lineage: ['fixtures/tiny-bert'],
          config,
        },
        enc,
      ),
    );
    const result = await evaluateEncoder(enc, parallelDataset(['de', 'en'], 6), {
      settings: ['monolingual', 'crosslingual', 'multilingual'],
      maxLength: 16,
    });
    writeFileSync(join(dir, 'run', 'results.json'), JSON.stringify({ ...result, step: 3 }));

    const out = join(dir, 'st');
    const r = cli(['export', '--model', ckpt, '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/exported \d+ files .*evaluation from .*results\.json → /);
    for (const f of [
      'modules.json',
      '1_Pooling/config.json',
      'config_sentence_transformers.json',
      'sentence_bert_config.json',
      'README.md',
      'model.safetensors',
    ])
      expect(existsSync(join(out, f)), f).toBe(true);
    expect(existsSync(join(out, 'trainer_state.json'))).toBe(false);
    const card = readFileSync(join(out, 'README.md'), 'utf8');
    expect(card).toContain('# exp-cli');
    expect(card).toMatch(/1\. fixtures\/tiny-bert\n2\. run run-cli @ step 3\n3\. this model/);
    expect(card).toContain('Last evaluation at step 3 on synthetic');

    const zipPath = join(dir, 'out', 'model.zip');
    const z = cli(['export', '--model', ckpt, '--out', zipPath, '--name', 'zipped']);
    expect(z.status, z.stderr).toBe(0);
    const unzipped = await readZip(new Uint8Array(readFileSync(zipPath)));
    expect(new TextDecoder().decode(unzipped['README.md'])).toContain('# zipped');

    const texts = ['What is the capital?', 'Die Stadt wurde gebaut.', '北京是中国的首都'];
    const ref = await embedTexts(enc, texts, 2);
    for (const files of [readModelFolder(out), unzipped]) {
      const back = createEncoder(files);
      expect(await embedTexts(back, texts, 2)).toEqual(ref);
      back.dispose();
    }
    enc.dispose();

    mkdirSync(join(dir, 'full'));
    writeFileSync(join(dir, 'full', 'x'), '');
    const bad = cli(['export', '--model', ckpt, '--out', join(dir, 'full')]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/exists and is not empty\. Fix: choose a new folder, or add --overwrite/);
    // An existing zip is never replaced silently; --overwrite replaces it.
    const again = cli(['export', '--model', ckpt, '--out', zipPath]);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/exists\. Fix: choose another name, or add --overwrite/);
    // --overwrite deletes only an earlier export, never an arbitrary folder.
    const notExport = cli(['export', '--model', ckpt, '--out', join(dir, 'full'), '--overwrite']);
    expect(notExport.status).toBe(1);
    expect(notExport.stderr).toMatch(/not an earlier export \(no modules\.json\)/);
    expect(cli(['export', '--out', out]).stderr).toMatch(/export needs --model and --out/);
  }, 120_000);
});

/** The CLI's dataset reader: a LAReQA folder with an unknown language file is refused (not skipped); a FIFO is refused without blocking. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset, readInput } from '../../src/cli/data-io';

const para = JSON.stringify({
  data: [
    {
      paragraphs: [
        {
          context: 'Goethe wrote Faust.',
          sentences: ['Goethe wrote Faust.'],
          sentence_breaks: [[0, 19]],
          qas: [{ id: 'q1', question: 'Who wrote Faust?', answers: [{ text: 'Goethe', answer_start: 0 }] }],
        },
      ],
    },
  ],
});

describe('loadDataset / readInput', () => {
  it('refuses a language file with an unknown code instead of skipping it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hbw-lareqa-'));
    writeFileSync(join(dir, 'en.json'), para);
    expect((await loadDataset(dir)).langs).toEqual(['en']);
    writeFileSync(join(dir, 'xx.json'), para);
    await expect(loadDataset(dir)).rejects.toThrow(/xx\.json: file name \(language code\): unknown language code "xx"/);
  });
  it('refuses a FIFO without blocking', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hbw-fifo-'));
    execFileSync('mkfifo', [join(dir, 'pairs.jsonl')]);
    expect(() => readInput(join(dir, 'pairs.jsonl'))).toThrow(/pairs\.jsonl: is a FIFO \(named pipe\), not a regular file/);
    await expect(loadDataset(join(dir, 'pairs.jsonl'))).rejects.toThrow(/not a regular file/);
  });
});

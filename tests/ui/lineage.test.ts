import { describe, expect, it } from 'vitest';
import { lineageText, refLabel, startLabel } from '../../src/ui/lineage';

describe('lineage labels', () => {
  const names = { 'idb:bases/b1': 'my-base' };
  it('names each kind of reference', () => {
    expect(refLabel('shipped:demo-base')).toBe('demo-base (shipped)');
    expect(refLabel('idb:bases/b1', names)).toBe('my-base (built here)');
    expect(refLabel('idb:bases/b2', names)).toBe('base b2 (deleted)');
    expect(refLabel('idb:checkpoints/run-7')).toBe('checkpoint of run run-7');
    expect(refLabel('pretrain:demo-lexicon.tsv+en-de.tsv;steps=5;seed=42')).toBe(
      'pre-trained on demo-lexicon.tsv + en-de.tsv (5 steps, seed 42)',
    );
    expect(refLabel('scratch:2x64,vocab=6000,seed=42')).toBe('scratch (2x64,vocab=6000,seed=42)');
    expect(refLabel('bases/x')).toBe('bases/x');
  });

  it('says what a run started from and its whole ancestry', () => {
    const lineage = ['pretrain:demo-lexicon.tsv;steps=1500;seed=42', 'shipped:demo-base'];
    expect(startLabel(lineage)).toBe('demo-base (shipped)');
    expect(lineageText(lineage)).toBe('pre-trained on demo-lexicon.tsv (1500 steps, seed 42) → demo-base (shipped)');
    expect(startLabel([])).toBe('unknown');
    expect(lineageText([])).toBe('no recorded lineage');
  });
});

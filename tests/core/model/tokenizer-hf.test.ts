/**
 * One tokenizer, equal to Hugging Face tokenizers, on the texts of ../shared/data (XQuAD-R + MLQA-R: 50,837
 * queries and candidate sentences) for every tokenizer the project ships or tests: models/demo-base,
 * the tiny-bert and tiny-xlmr fixtures, mBERT's vocabulary (lowercased and cased, as the vocab.txt tests
 * use it) and the synthesized XLM-R-style Unigram tokenizer of the random MiniLM.
 *
 * The reference is transformers.js (it mirrors HF tokenizers) on an input rewritten around its two known
 * departures from the Rust library: it lowercases with JS `toLowerCase` (a word-final Σ becomes ς; Rust's
 * per-character `char::to_lowercase` gives σ), so Σ is given to it as σ when the tokenizer lowercases;
 * and it tests CJK per UTF-16 unit, so CJK outside the BMP gets the spaces HF's normalizer adds.
 * Texts: every one with a Σ, plus an even sample of the rest (all of them take minutes on this box).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AutoTokenizer, env } from '@huggingface/transformers';
import { afterAll, describe, expect, it } from 'vitest';
import { importLareqa } from '../../../src/core/data/lareqa';
import type { ModelFiles } from '../../../src/core/model/checkpoint';
import { MINILM_TINY, randomModelFiles } from '../../../src/core/model/random-model';
import { createTokenizer } from '../../../src/core/model/tokenizer';
import { readModelFolder } from '../../../src/cli/model-io';
import { HAS_SHARED, lareqaFiles, sharedPath } from '../../helpers/shared';

const SAMPLE = 2500;
const enc = (s: string) => new TextEncoder().encode(s);

function allTexts(): string[] {
  return ['xquad-r', 'mlqa-r'].flatMap((f) => {
    const d = importLareqa(lareqaFiles(f), { name: f });
    return [...d.queries.map((q) => q.text), ...d.candidates.map((c) => c.text)];
  });
}

function tokenizers(texts: string[]): Record<string, ModelFiles> {
  const mbert = new Uint8Array(readFileSync(sharedPath('data', 'mbert-vocab', 'mbert_modified_vocab.txt')));
  return {
    'demo-base': readModelFolder('shipped:demo-base'),
    'tiny-bert': readModelFolder(sharedPath('fixtures', 'tiny-bert')),
    'tiny-xlmr': readModelFolder(sharedPath('fixtures', 'tiny-xlmr')),
    'mbert-lowercase': { 'vocab.txt': mbert, 'tokenizer_config.json': enc('{"do_lower_case": true}') },
    'mbert-cased': { 'vocab.txt': mbert, 'tokenizer_config.json': enc('{"do_lower_case": false}') },
    'random-minilm-unigram': randomModelFiles(
      { ...MINILM_TINY, layers: 0 },
      texts.filter((_, i) => i % 10 === 0),
    ),
  };
}

type Cfg = { type?: string; lowercase?: boolean; handle_chinese_chars?: boolean; normalizers?: Cfg[] } | null;
const lowercases = (n: Cfg): boolean =>
  !!n &&
  (n.type === 'Lowercase' || (n.type === 'BertNormalizer' && n.lowercase !== false) || (n.normalizers ?? []).some(lowercases));
const splitsCjk = (n: Cfg): boolean =>
  !!n && ((n.type === 'BertNormalizer' && n.handle_chinese_chars !== false) || (n.normalizers ?? []).some(splitsCjk));
const ASTRAL_CJK = /([\u{20000}-\u{2A6DF}\u{2A700}-\u{2CEAF}\u{2F800}-\u{2FA1F}])/gu;

/** The input for which transformers.js computes what HF tokenizers compute on `text`. */
function hfEquivalent(text: string, normalizer: Cfg): string {
  let t = lowercases(normalizer) ? text.replaceAll('Σ', 'σ') : text;
  if (splitsCjk(normalizer)) t = t.replace(ASTRAL_CJK, ' $1 ');
  return t;
}

describe.skipIf(!HAS_SHARED)('our tokenizer = HF tokenizers on ../shared/data, every shipped or tested tokenizer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hbw-tok-hf-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const texts = HAS_SHARED ? allTexts() : [];
  const step = Math.max(1, Math.floor(texts.length / SAMPLE));
  const extra = [
    'ΟΔΟΣ ΣΟΦΟΣ. Σ ΑΣ',
    'Ο δρόμος της ΟΔΟΥ ΠΑΝΕΠΙΣΤΗΜΙΟΥ ΚΑΙ ΑΘΗΝΑΣ',
    '\u{20000}\u{20001}北京 \u{2A700}x',
    'Ça déjà vu? Straße, İstanbul, ΑΘΗΝΑ',
    'control\u0000chars\u200bzero\ufeffwidth \ufffd',
    'emoji 😀👍🏽 ©®™ ½ ①',
    'a [MASK] <mask> [SEP] <s>',
  ];
  const picked = [...texts.filter((t, i) => i % step === 0 || t.includes('Σ')), ...extra];

  for (const [name, files] of Object.entries(HAS_SHARED ? tokenizers(texts) : {})) {
    it(`${name}: same ids as HF on ${picked.length} texts (every Σ text + a 1-in-${step} sample of ${texts.length})`, async () => {
      const ours = createTokenizer(files);
      const folder = join(dir, name);
      mkdirSync(folder, { recursive: true });
      for (const [k, v] of Object.entries(ours.files())) if (k.endsWith('.json')) writeFileSync(join(folder, k), v);
      env.allowRemoteModels = false;
      env.localModelPath = dir + '/';
      const tjs = await AutoTokenizer.from_pretrained(name);
      const ref = (t: string) =>
        (tjs as unknown as { encode(t: string, o: object): number[] }).encode(t, { add_special_tokens: false });
      const normalizer = (ours.json.normalizer ?? null) as Cfg;
      const bad: string[] = [];
      for (const t of picked) {
        const a = ours.tokenize(t),
          b = ref(hfEquivalent(t, normalizer));
        if (a.join() === b.join()) continue;
        let j = 0;
        while (a[j] === b[j]) j++;
        const show = (ids: number[]) =>
          ids
            .slice(Math.max(0, j - 2), j + 4)
            .map((i) => ours.idToToken(i))
            .join(' ');
        if (bad.push(`${JSON.stringify(t.slice(0, 80))}: ours … ${show(a)} | HF … ${show(b)}`) >= 5) break;
      }
      expect(bad).toEqual([]);
      if (lowercases(normalizer)) {
        // Final sigma: σ as HF, where JS toLowerCase (and so transformers.js on the raw text) gives ς.
        const word = ours
          .tokenize('ΟΔΟΣ')
          .map((i) => ours.idToToken(i))
          .join('');
        expect(word.includes('ς')).toBe(false);
        expect(ours.tokenize('ΟΔΟΣ')).toEqual(ours.tokenize('οδοσ'));
      }
    }, 120_000);
  }
});

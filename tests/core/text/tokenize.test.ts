import { describe, expect, it } from 'vitest';
import { tokenize } from '../../../src/core/text/tokenize';

describe('tokenize', () => {
  it('lower-cases, applies NFKC and splits on anything that is not a letter or number', () => {
    expect(tokenize('The Panthers’ defense gave up 308 points!', 'en')).toEqual([
      'the',
      'panthers',
      'defense',
      'gave',
      'up',
      '308',
      'points',
    ]);
    // Full-width Latin and digits (common in CJK text) become ASCII.
    expect(tokenize('ＮＦＬ ２０１６', 'en')).toEqual(['nfl', '2016']);
    expect(tokenize('', 'en')).toEqual([]);
    expect(tokenize(' — ... ', 'de')).toEqual([]);
  });

  it('keeps combining marks attached (Hindi matras and viramas)', () => {
    expect(tokenize('हिन्दी भाषा में', 'hi')).toEqual(['हिन्दी', 'भाषा', 'में']);
    expect(tokenize('l’été à Paris', 'fr')).toEqual(['l', 'été', 'à', 'paris']);
  });

  it('drops zero-width joiners inside words instead of splitting there', () => {
    expect(tokenize('می\u200cخواهم', 'fa')).toEqual(['میخواهم']);
  });

  it('uses Turkish case folding for Turkish only', () => {
    expect(tokenize('İSTANBUL ISPARTA', 'tr')).toEqual(['istanbul', 'ısparta']);
    expect(tokenize('ISTANBUL', 'en')).toEqual(['istanbul']);
  });

  it('turns Chinese into character unigrams plus bigrams', () => {
    expect(tokenize('中国首都', 'zh')).toEqual(['中', '中国', '国', '国首', '首', '首都', '都']);
    expect(tokenize('是', 'zh')).toEqual(['是']);
  });

  it('handles Latin names and numbers inside Chinese per run', () => {
    expect(tokenize('北京Peking大学1898年', 'zh')).toEqual(['北', '北京', '京', 'peking', '大', '大学', '学', '1898', '年']);
    // The same Chinese string inside an English sentence tokenises the same way.
    expect(tokenize('Peking 大学', 'en')).toEqual(['peking', '大', '大学', '学']);
  });

  it('segments Japanese kanji and kana together', () => {
    expect(tokenize('東京タワー', 'ja')).toEqual(['東', '東京', '京', '京タ', 'タ', 'タワ', 'ワ', 'ワー', 'ー']);
  });

  it('turns Thai runs into overlapping bigrams of grapheme clusters', () => {
    // ส | วั | ส | ดี: the vowel mark ั and the vowel ี stay with their consonants.
    expect(tokenize('สวัสดี', 'th')).toEqual(['สวั', 'วัส', 'สดี']);
    expect(tokenize('ไทย John', 'th')).toEqual(['ไท', 'ทย', 'john']);
    expect(tokenize('ก', 'th')).toEqual(['ก']);
  });

  it('keeps Khmer stacked consonants in one cluster', () => {
    // ខ្មែ is one cluster (ខ + coeng + ម + vowel sign).
    expect(tokenize('ខ្មែរ', 'km')).toEqual(['ខ្មែរ']);
  });

  it('splits Tibetan at the tsheg into syllables', () => {
    expect(tokenize('བོད་ཡིག', 'bo')).toEqual(['བོད', 'ཡིག']);
  });
});

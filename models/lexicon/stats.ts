/**
 * Prints the numbers quoted in README.md: concepts, per-language fill rate and word forms, and the translation
 * pairs the project's importer makes of the lexicon.
 *
 *   npx tsx models/lexicon/stats.ts [models/lexicon/demo-lexicon.tsv]
 */
import { readFileSync } from 'node:fs';
import { importLexicon, tsvRows } from '../../src/core/data/lexicon';

const path = process.argv[2] ?? 'models/lexicon/demo-lexicon.tsv';
const file = { name: path, bytes: new Uint8Array(readFileSync(path)) };
const rows = tsvRows(file);
const langs = rows[0].cells.map((c) => c.trim());
const data = rows.slice(1).map((r) => r.cells.map((c) => c.trim()));
const { pairs } = importLexicon([file]);

console.log(`concepts: ${data.length}`);
console.log(`translation pairs (importLexicon): ${pairs.length}`);
console.log('| language | filled concepts | fill rate | word forms |');
console.log('|---|---|---|---|');
langs.forEach((lang, i) => {
  const filled = data.filter((r) => r[i] !== '').length;
  const forms = new Set(data.flatMap((r) => (r[i] === '' ? [] : r[i].split('|')))).size;
  console.log(`| ${lang} | ${filled} | ${((100 * filled) / data.length).toFixed(1)} % | ${forms} |`);
});
const all = data.reduce((n, r) => n + r.filter((c) => c !== '').length, 0);
console.log(`overall fill rate: ${((100 * all) / (data.length * langs.length)).toFixed(2)} %`);

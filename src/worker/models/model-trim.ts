/**
 * "Trim vocabulary" of the Models panel: a loaded model cut to the pieces the chosen datasets use (plus,
 * optionally, the N most frequent) by core/model/trim-vocab.ts — the same code as `cli trim-vocab` — and added
 * as a new model; the original stays. Every covered text re-tokenizes identically (trimVocab verifies it), so
 * the trimmed model embeds those texts as the original does, with far fewer embedding rows.
 */
import type { Dataset } from '../../core/data/types';
import { coveredTexts, trimVocab } from '../../core/model/trim-vocab';
import { addModel, entry, filesOf, frozenMessage } from './model-entries';
import type { TrimResult } from './model-protocol';
import type { Progress } from '../protocol';

export async function trimModel(
  key: string,
  datasets: Array<{ id: string; data: Dataset }>,
  keepTop: number | undefined,
  onProgress: (p: Progress) => void,
): Promise<TrimResult> {
  const base = entry(key);
  if (base.info.runtime === 'onnx')
    throw new Error(frozenMessage(base.info.name, 'vocabulary trimming (it rewrites the safetensors weights)'));
  if (!datasets.length)
    throw new Error('vocabulary trimming needs at least one dataset: pick the datasets whose texts the trimmed model must cover');
  if (keepTop !== undefined && (!Number.isInteger(keepTop) || keepTop < 0))
    throw new Error(`keep the N most frequent pieces: N must be a whole number ≥ 0, got ${keepTop}`);
  const t0 = performance.now();
  onProgress({ phase: 'tokenizing the datasets', done: 0, total: 1 });
  const files = await filesOf(base);
  const texts = coveredTexts(
    files,
    datasets.flatMap(({ data }) => [...data.queries.map((q) => q.text), ...data.candidates.map((c) => c.text)]),
  );
  const note = `trim-vocab: ${datasets.map((d) => d.data.name || d.id).join(', ')}${keepTop ? ` + top ${keepTop}` : ''}`;
  const r = trimVocab(files, texts, { keepTop: keepTop || undefined, source: base.info.name, lineageNote: note });
  onProgress({ phase: 'building the trimmed encoder', done: 1, total: 1 });
  const trim = { before: r.before, after: r.after, used: r.used, always: r.always, top: r.top, texts: r.texts };
  const model = await addModel({
    name: `${base.info.name}-trim${r.after.rows}`,
    source: 'trim',
    files: r.files,
    runtime: 'tfjs',
    extra: { lineage: [...base.info.lineage, base.info.name, note], trim },
  });
  return { model, ...trim, seconds: (performance.now() - t0) / 1000 };
}

/**
 * Human-readable names for model references and lineage entries (core/experiment/base-ref.ts):
 * `shipped:demo-base` → "demo-base (shipped)", `idb:bases/<id>` → the base's name, `pretrain:a.tsv;steps=…` →
 * "pre-trained on a.tsv (… steps)", `scratch:…` → "scratch (…)".
 */
import { baseIdOfKey, shippedName } from '../core/experiment/base-ref';

/** Names of the bases built in this browser, by key (`idb:bases/<id>` → name). */
export type BaseNames = Record<string, string>;

export function refLabel(ref: string, names: BaseNames = {}): string {
  const shipped = shippedName(ref);
  if (shipped !== undefined) return `${shipped} (shipped)`;
  const baseId = baseIdOfKey(ref);
  if (baseId) return names[ref] ? `${names[ref]} (built here)` : `base ${baseId} (deleted)`;
  const run = /^idb:checkpoints\/(.+)$/.exec(ref);
  if (run) return `checkpoint of run ${run[1]}`;
  const pre = /^pretrain:([^;]*);steps=(\d+);seed=(\d+)$/.exec(ref);
  if (pre) return `pre-trained on ${pre[1].split('+').join(' + ')} (${pre[2]} steps, seed ${pre[3]})`;
  const scratch = /^scratch:(.*)$/.exec(ref);
  if (scratch) return `scratch (${scratch[1]})`;
  return ref;
}

/** What a run started from: the last lineage entry (its direct parent). */
export function startLabel(lineage: string[], names: BaseNames = {}): string {
  const last = lineage.at(-1);
  return last === undefined ? 'unknown' : refLabel(last, names);
}

/** The whole ancestry, oldest first, one arrow between generations. */
export function lineageText(lineage: string[], names: BaseNames = {}): string {
  return lineage.length ? lineage.map((l) => refLabel(l, names)).join(' → ') : 'no recorded lineage';
}

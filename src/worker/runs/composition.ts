/** The batch-composition tally: one rule for the live run (run-controller.ts) and a run rebuilt from its events (bundle import). */
import type { RunEvent } from '../../core/train/events';
import type { CompositionTally } from './run-types';

export function addComposition(c: CompositionTally, ev: Extract<RunEvent, { type: 'composition' }>): void {
  c.batches++;
  if (ev.kind === 'mono') c.mono++;
  for (const [k, n] of Object.entries(ev.pairs)) c.pairs[k] = (c.pairs[k] ?? 0) + n;
}

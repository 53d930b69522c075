/**
 * Where a study stands, for its progress bar: finished runs count 1, the run in progress its share of
 * training steps (its evaluations count as the end of training), and the time left at the pace so far.
 * Pure, so the rules are unit-tested.
 */
import type { StudyRecord } from '../../worker/study/study-protocol';

export interface LiveStep {
  step: number;
  steps: number;
}

/** Fraction of the study done, in [0, 1]. `live`: the current run's step, from its run deltas. */
export function studyFraction(rec: Pick<StudyRecord, 'runs' | 'index'>, live?: LiveStep): number {
  const n = rec.runs.length;
  if (n === 0) return 0;
  let done = rec.runs.filter((r) => r.state === 'done').length;
  const cur = rec.runs[rec.index];
  if (cur && cur.state === 'evaluating') done += 1;
  else if (cur && cur.state === 'training' && live && live.steps > 0) done += Math.min(1, Math.max(0, live.step / live.steps));
  return Math.min(1, done / n);
}

/**
 * Seconds left, at the pace of the study so far: training seconds of the finished runs plus those of the run
 * in progress (RunRecord.seconds, summed over sessions, so a reload does not reset the pace) over the fraction
 * done. Infinity until some progress is seen.
 */
export function studyEta(rec: Pick<StudyRecord, 'runs' | 'index'>, live?: LiveStep & { seconds: number }): number {
  const f = studyFraction(rec, live);
  const cur = rec.runs[rec.index];
  let spent = rec.runs.reduce((s, r) => s + (r.state === 'done' ? (r.seconds ?? 0) : 0), 0);
  if (cur && cur.state !== 'done' && live) spent += live.seconds;
  if (!(f > 0) || !(spent > 0)) return Infinity;
  return (spent * (1 - f)) / f;
}

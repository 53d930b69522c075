/**
 * Linear warm-up then linear decay to 0 — transformers' get_linear_schedule_with_warmup, which
 * sentence-transformers uses ("WarmupLinear"):
 *   factor(s) = s / max(1, W)                       for s < W
 *             = max(0, (T − s) / max(1, T − W))     otherwise
 * `step` is the number of optimiser updates already taken (0-based), as LambdaLR sees it: Hugging Face
 * calls scheduler.step() after optimizer.step(), so the FIRST update runs at lrAt(0) — which is 0 when
 * W > 0 (a known quirk we keep for parity; that update still moves m/v and applies no decay since lr=0).
 * With W = 0 the first update uses the full lr. Past T the rate stays 0.
 */
export interface LinearWarmupSchedule {
  lr: number;
  warmupSteps: number;
  totalSteps: number;
}

export function lrAt(step: number, { lr, warmupSteps: W, totalSteps: T }: LinearWarmupSchedule): number {
  if (!(W >= 0) || !(T >= 0) || !Number.isFinite(lr) || !(step >= 0)) {
    throw new Error(
      `lrAt: need step ≥ 0, warmupSteps ≥ 0, totalSteps ≥ 0 and a finite lr (got step ${step}, W ${W}, T ${T}, lr ${lr})`,
    );
  }
  if (step < W) return lr * (step / Math.max(1, W));
  return lr * Math.max(0, (T - step) / Math.max(1, T - W));
}

import { useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../store';
import { sweepLists } from '../store/runs';

/**
 * The α-sweep's lists: α values × seeds, queued one run at a time by the worker's persisted sweep (the toolbar's
 * α-sweep button starts it). Runs that differ only in seed are replicates: Compare draws them as mean ± 95 %.
 */
export function SweepForm() {
  const { alphas, seeds, setLists, seed } = useApp(
    useShallow((s) => ({ alphas: s.sweepAlphas, seeds: s.sweepSeeds, setLists: s.setSweepLists, seed: s.config.seed })),
  );
  const ids = { a: useId(), s: useId(), plan: useId() };
  let plan: string;
  let bad = false;
  try {
    const p = sweepLists(alphas, seeds);
    const n = p.alphas.length * (p.seeds?.length ?? 1);
    plan = `${p.alphas.length} α × ${p.seeds ? `${p.seeds.length} seed${p.seeds.length > 1 ? 's' : ''}` : `seed ${seed}`} = ${n} run${n > 1 ? 's' : ''}`;
  } catch (e) {
    plan = (e as Error).message;
    bad = true;
  }
  return (
    <fieldset className="sweep-form" data-testid="sweep-form">
      <legend>α-sweep</legend>
      <label htmlFor={ids.a}>α values</label>
      <input
        id={ids.a}
        type="text"
        value={alphas}
        onChange={(e) => setLists({ alphas: e.target.value })}
        aria-describedby={ids.plan}
        aria-invalid={bad || undefined}
      />
      <label htmlFor={ids.s}>Seeds</label>
      <input
        id={ids.s}
        type="text"
        value={seeds}
        placeholder={`${seed} (the experiment's)`}
        onChange={(e) => setLists({ seeds: e.target.value })}
        aria-describedby={ids.plan}
        aria-invalid={bad || undefined}
      />
      <p id={ids.plan} className={bad ? 'alert small' : 'muted small'} data-testid="sweep-plan">
        {plan}
        {bad ? '' : '; one run at a time, kept across reloads. Compare draws the seeds of one α as mean ± 95 % interval.'}
      </p>
    </fieldset>
  );
}

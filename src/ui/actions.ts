/**
 * The one registry of run actions: buttons and keyboard shortcuts both read it, so a label, a shortcut or an
 * enabled rule is defined once. Shortcuts are ignored while focus is in a text field (typing a number must
 * never pause a run) and Space is left to a focused button (its native click).
 */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useApp, type AppState } from './store';
import { isBuilding } from './store/bases';
import { isResumable, isSweepActive, isSweepResumable, runningRun } from './store/runs';
import { isStudyActive } from './store/study';

export type ActionId = 'toggle' | 'resume' | 'new' | 'step' | 'stop' | 'sweep' | 'evalBase';

export interface Action {
  id: ActionId;
  label: string;
  /** Shown to the user (aria-keyshortcuts uses the same text). */
  shortcut?: string;
  /** KeyboardEvent.key values that trigger it. */
  keys: string[];
  enabled: boolean;
  run: () => void;
}

export function actionsFor(s: AppState): Action[] {
  const running = runningRun(s.runs);
  const current = s.currentRunId ? s.runs[s.currentRunId] : undefined;
  const resumable = isResumable(current) ? current : undefined;
  // A base being built (Bases tab) holds the worker's tfjs backend too: one job at a time.
  const building = isBuilding(s.build);
  // While a study drives its queue (Study tab) no other run may start or resume.
  const ready = s.backendStatus === 'ready' && s.demoStatus !== 'loading' && !s.pendingStart && !isStudyActive(s) && !building;
  const sweeping = isSweepActive(s);
  const canStart = ready && !running && !s.configProblem && !sweeping;
  // Resume: a paused or interrupted run of an unfinished α-sweep resumes the sweep (the run, then the rest of it);
  // any other resumable run just itself. A stopped run is not resumable, so Stop ends a sweep for good.
  const sweepToResume = !!resumable && isSweepResumable(s) && s.sweep!.runs.some((r) => r.runId === resumable.id);
  const resume = sweepToResume ? () => void s.resumeSweep() : resumable ? () => void s.resumeRun(resumable.id) : undefined;
  const canResume = ready && !running && !sweeping && !!resume;
  const base = s.config.baseCheckpoint;
  const stoppable = running ?? (current && ['paused', 'interrupted', 'error'].includes(current.status) ? current : undefined);

  const toggle: Action = running
    ? { id: 'toggle', label: 'Pause', shortcut: 'Space', keys: [' '], enabled: running.status === 'running', run: () => void s.pauseRun(running.id) }
    : resume
      ? { id: 'toggle', label: sweepToResume ? 'Resume sweep' : 'Resume', shortcut: 'Space', keys: [' '], enabled: canResume, run: () => resume() }
      : { id: 'toggle', label: 'Start', shortcut: 'Space', keys: [' '], enabled: canStart, run: () => void s.startRun() };
  return [
    toggle,
    // Keyboard only (the toggle button shows Resume): R continues an interrupted run or sweep, never starts or pauses.
    { id: 'resume', label: sweepToResume ? 'Resume sweep' : 'Resume', shortcut: 'R', keys: ['r', 'R'], enabled: canResume, run: () => resume?.() },
    { id: 'new', label: 'New run', shortcut: 'N', keys: ['n', 'N'], enabled: canStart, run: () => void s.startRun() },
    {
      id: 'step', label: 'Step', shortcut: 'S', keys: ['s', 'S'],
      enabled: ready && !running && !sweeping && (!!resumable || !s.configProblem),
      run: () => void (resumable ? s.resumeRun(resumable.id, 1) : s.startRun({ pauseAfter: 1 })),
    },
    { id: 'stop', label: 'Stop', shortcut: 'Esc', keys: ['Escape'], enabled: !!stoppable, run: () => { if (stoppable) void s.stopRun(stoppable.id); } },
    { id: 'sweep', label: `α-sweep (${s.sweepAlphas}${s.sweepSeeds.trim() ? ` × seeds ${s.sweepSeeds}` : ''})`, keys: [], enabled: canStart, run: () => void s.startSweep() },
    // The starting base evaluated without fine-tuning: a 0-step run beside the fine-tuned ones (store/bases.ts).
    { id: 'evalBase', label: 'Evaluate base alone', shortcut: 'B', keys: ['b', 'B'], enabled: canStart && !!base, run: () => { if (base) void s.evaluateBase(base); } },
  ];
}

/** The registry, re-derived when the state it depends on changes. */
export function useActions(): Action[] {
  const s = useApp(useShallow((st) => ({ ...st })));
  return actionsFor(s);
}

const TEXT_INPUT = /^(INPUT|TEXTAREA|SELECT)$/;

/** One keydown handler for every shortcut of the registry. */
export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target as HTMLElement | null;
      if (t && (TEXT_INPUT.test(t.tagName) || t.isContentEditable)) return;
      if (e.key === ' ' && t && /^(BUTTON|A|SUMMARY)$/.test(t.tagName)) return;
      const action = actionsFor(useApp.getState()).find((a) => a.keys.includes(e.key));
      if (!action) return;
      e.preventDefault();
      if (action.enabled) action.run();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

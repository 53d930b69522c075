/**
 * The one registry of user commands: every button of a command, its keyboard shortcut and the shortcuts overlay
 * (`?`) read it, so a label, a shortcut or an enabled rule is declared once. Each action's `enabled` (and a
 * state-dependent `label`) is a selector on the store, so a button re-renders only when its own answer changes.
 * Shortcuts are ignored while focus is in a text field (typing a number must never pause a run), while a modal
 * dialog is open (the tour, the overlay: Escape closes them, it must not stop a run), and Space is left to a
 * focused button (its native click).
 */
import { useEffect } from 'react';
import { useApp, type AppState } from './store';
import { download } from './export';
import { isBuilding } from './store/bases';
import { isFrozen, selectedModelOf } from './store/models';
import { isResumable, isSweepActive, isSweepResumable, runningRun, type RunView } from './store/runs';
import { missingDataset } from './store/experiment';
import { isStudyActive } from './store/study';
import { TABS, type TabId } from './store/ui';

export type ActionId =
  | `tab.${TabId}`
  | 'toggle'
  | 'resume'
  | 'new'
  | 'step'
  | 'stop'
  | 'sweep'
  | 'evalBase'
  | 'eval.run'
  | 'eval.cancel'
  | 'study.cancel'
  | 'study.resume'
  | 'base.cancelBuild'
  | 'models.checkSize'
  | 'models.loadHub'
  | 'models.evaluate'
  | 'models.finetune'
  | 'models.export'
  | 'models.compare'
  | 'models.cancel'
  | 'tour'
  | 'help';

export type ActionGroup = 'Views' | 'Run' | 'Evaluation' | 'Study' | 'Bases' | 'Models' | 'Help';

export interface Action {
  id: ActionId;
  group: ActionGroup;
  /** A fixed label, or a selector when it follows the state (Start / Pause / Resume). */
  label: string | ((s: AppState) => string);
  /** Shown to the user (aria-keyshortcuts uses the same text, Esc as Escape). */
  shortcut?: string;
  /** KeyboardEvent.key values that trigger it. */
  keys: string[];
  enabled: (s: AppState) => boolean;
  perform: (s: AppState) => void;
}

/** Where the run queue stands, derived once per selector call from the runs, sweep, study and base slices. */
function runFacts(s: AppState) {
  const running = runningRun(s.runs);
  const current: RunView | undefined = s.currentRunId ? s.runs[s.currentRunId] : undefined;
  const resumable = isResumable(current) ? current : undefined;
  // A base being built (Bases tab) holds the worker's tfjs backend too: one job at a time.
  // While a study drives its queue (Study tab) no other run may start or resume.
  const ready =
    s.backendStatus === 'ready' && s.demoStatus !== 'loading' && !s.pendingStart && !isStudyActive(s) && !isBuilding(s.build);
  const sweeping = isSweepActive(s);
  // A config naming a dataset this browser lacks (a link from elsewhere) is said in the form (missingDataset), not at Start.
  const canStart =
    ready && !running && !s.configProblem && !sweeping && !(s.datasets.length > 0 && missingDataset(s.config, s.datasets));
  // Resume: a paused or interrupted run of an unfinished α-sweep resumes the sweep (the run, then the rest of it);
  // any other resumable run just itself. A stopped run is not resumable, so Stop ends a sweep for good.
  const sweepToResume = !!resumable && isSweepResumable(s) && s.sweep!.runs.some((r) => r.runId === resumable.id);
  const canResume = ready && !running && !sweeping && !!resumable;
  const stoppable =
    running ??
    (current && !current.imported && ['paused', 'interrupted', 'error'].includes(current.status) ? current : undefined);
  return { running, resumable, ready, sweeping, canStart, sweepToResume, canResume, stoppable };
}

function resume(s: AppState): void {
  const f = runFacts(s);
  if (f.sweepToResume) void s.resumeSweep();
  else if (f.resumable) void s.resumeRun(f.resumable.id);
}

const resumeLabel = (s: AppState) => (runFacts(s).sweepToResume ? 'Resume sweep' : 'Resume');
const studyActive = (s: AppState) => s.study?.status === 'running' || s.study?.status === 'stopping';
const studyResumable = (s: AppState) => !!s.study && ['stopped', 'interrupted', 'error'].includes(s.study.status);
const always = () => true;
/** The Models tab: a model selected and no model request in flight. */
const modelIdle = (s: AppState) => !!selectedModelOf(s) && !s.modelJob;
const hubReady = (s: AppState) => !s.modelJob && !!s.loaderForm.hubId.trim();
const modelTrainable = (s: AppState) => modelIdle(s) && !isFrozen(selectedModelOf(s));

const tabActions: Action[] = TABS.map((t, i) => ({
  id: `tab.${t.id}`,
  group: 'Views',
  label: `${t.label} tab`,
  shortcut: String(i + 1),
  keys: [String(i + 1)],
  enabled: always,
  perform: (s) => s.setTab(t.id),
}));

export const ACTIONS: readonly Action[] = [
  ...tabActions,
  {
    id: 'toggle',
    group: 'Run',
    shortcut: 'Space',
    keys: [' '],
    label: (s) => {
      const f = runFacts(s);
      return f.running ? 'Pause' : f.resumable ? resumeLabel(s) : 'Start';
    },
    enabled: (s) => {
      const f = runFacts(s);
      return f.running ? f.running.status === 'running' : f.resumable ? f.canResume : f.canStart;
    },
    perform: (s) => {
      const f = runFacts(s);
      if (f.running) void s.pauseRun(f.running.id);
      else if (f.resumable) resume(s);
      else void s.startRun();
    },
  },
  // Keyboard only (the toggle button shows Resume): R continues an interrupted run or sweep, never starts or pauses.
  {
    id: 'resume',
    group: 'Run',
    label: resumeLabel,
    shortcut: 'R',
    keys: ['r', 'R'],
    enabled: (s) => runFacts(s).canResume,
    perform: resume,
  },
  {
    id: 'new',
    group: 'Run',
    label: 'New run',
    shortcut: 'N',
    keys: ['n', 'N'],
    enabled: (s) => runFacts(s).canStart,
    perform: (s) => void s.startRun(),
  },
  {
    id: 'step',
    group: 'Run',
    label: 'Step',
    shortcut: 'S',
    keys: ['s', 'S'],
    enabled: (s) => {
      const f = runFacts(s);
      return f.ready && !f.running && !f.sweeping && (!!f.resumable || !s.configProblem);
    },
    perform: (s) => {
      const r = runFacts(s).resumable;
      void (r ? s.resumeRun(r.id, 1) : s.startRun({ pauseAfter: 1 }));
    },
  },
  {
    id: 'stop',
    group: 'Run',
    label: 'Stop',
    shortcut: 'Esc',
    keys: ['Escape'],
    enabled: (s) => !!runFacts(s).stoppable,
    perform: (s) => {
      const r = runFacts(s).stoppable;
      if (r) void s.stopRun(r.id);
    },
  },
  {
    id: 'sweep',
    group: 'Run',
    label: (s) => `α-sweep (${s.sweepAlphas}${s.sweepSeeds.trim() ? ` × seeds ${s.sweepSeeds}` : ''})`,
    keys: [],
    enabled: (s) => runFacts(s).canStart,
    perform: (s) => void s.startSweep(),
  },
  // The starting base evaluated without fine-tuning: a 0-step run beside the fine-tuned ones (store/bases.ts).
  {
    id: 'evalBase',
    group: 'Run',
    label: 'Evaluate base alone',
    shortcut: 'B',
    keys: ['b', 'B'],
    enabled: (s) => runFacts(s).canStart && !!s.config.baseCheckpoint,
    perform: (s) => {
      const base = s.config.baseCheckpoint;
      if (base) void s.evaluateBase(base);
    },
  },
  // The Evaluation tab's form; from the keyboard it also opens the tab, where the progress and results show.
  {
    id: 'eval.run',
    group: 'Evaluation',
    label: 'Run evaluation',
    shortcut: 'E',
    keys: ['e', 'E'],
    // A model as retriever embeds with the worker's tfjs backend: not before the backend self-test has picked one.
    enabled: (s) =>
      !s.running && !!s.evalDatasetId && s.settings.length > 0 && (s.retriever === 'bm25' || s.backendStatus === 'ready'),
    perform: (s) => {
      s.setTab('evaluation');
      void s.runEval();
    },
  },
  {
    id: 'eval.cancel',
    group: 'Evaluation',
    label: 'Cancel',
    keys: [],
    enabled: (s) => s.running && !!s.cancelEval,
    perform: (s) => s.cancelEval?.(),
  },
  {
    id: 'study.cancel',
    group: 'Study',
    label: 'Cancel study',
    keys: [],
    enabled: (s) => studyActive(s) && s.study!.status !== 'stopping' && !s.studyPending,
    perform: (s) => void s.cancelStudy(),
  },
  {
    id: 'study.resume',
    group: 'Study',
    label: 'Resume study',
    keys: [],
    enabled: (s) => studyResumable(s) && !s.studyPending && s.backendStatus === 'ready',
    perform: (s) => void s.resumeStudy(),
  },
  {
    id: 'base.cancelBuild',
    group: 'Bases',
    label: 'Cancel build',
    keys: [],
    enabled: (s) => isBuilding(s.build),
    perform: (s) => void s.cancelBuild(),
  },
  // The Models tab's "Load a model" card (its fields in store/models.ts), then the selected model;
  // the worker's job manager may still refuse (shown as the error).
  {
    id: 'models.checkSize',
    group: 'Models',
    label: 'Check size',
    keys: [],
    enabled: hubReady,
    perform: (s) => void s.checkHubSize(),
  },
  {
    id: 'models.loadHub',
    group: 'Models',
    label: 'Download and load',
    keys: [],
    enabled: hubReady,
    perform: (s) => void s.loadHubModel(),
  },
  // The selected model.
  {
    id: 'models.evaluate',
    group: 'Models',
    label: 'Evaluate',
    keys: [],
    enabled: modelIdle,
    perform: (s) => void s.evaluateModel(),
  },
  {
    id: 'models.finetune',
    group: 'Models',
    label: 'Fine-tune',
    keys: [],
    enabled: modelTrainable,
    perform: (s) => void s.finetuneModel(),
  },
  {
    id: 'models.export',
    group: 'Models',
    label: 'Export sentence-transformers zip',
    keys: [],
    enabled: modelTrainable,
    perform: (s) =>
      void s.exportModel().then((r) => {
        if (r) download(r.fileName, new Blob([r.zip], { type: 'application/zip' }), 10_000);
      }),
  },
  {
    id: 'models.compare',
    group: 'Models',
    label: 'Compare',
    keys: [],
    enabled: (s) => modelIdle(s) && !!s.modelForm.compareWith,
    perform: (s) => void s.compareModels(),
  },
  {
    id: 'models.cancel',
    group: 'Models',
    label: 'Cancel',
    keys: [],
    enabled: (s) => !!s.modelJob,
    perform: (s) => s.cancelModelJob(),
  },
  {
    id: 'tour',
    group: 'Help',
    label: 'What am I looking at? (tour)',
    shortcut: 'T',
    keys: ['t', 'T'],
    enabled: always,
    perform: (s) => {
      s.setTab('experiment');
      s.setTourStep(0);
    },
  },
  {
    id: 'help',
    group: 'Help',
    label: 'Keyboard shortcuts',
    shortcut: '?',
    keys: ['?'],
    enabled: always,
    perform: (s) => s.setHelpOpen(true),
  },
];

const BY_ID = new Map(ACTIONS.map((a) => [a.id, a]));

export function actionById(id: ActionId): Action {
  const a = BY_ID.get(id);
  if (!a) throw new Error(`unknown action "${id}": declare it in ACTIONS (ui/actions.ts)`);
  return a;
}

export const labelOf = (a: Action, s: AppState): string => (typeof a.label === 'string' ? a.label : a.label(s));

/** The action's state for a button: its own selectors only. */
export function useAction(id: ActionId): { label: string; enabled: boolean; shortcut?: string; perform: () => void } {
  const a = actionById(id);
  const label = useApp((s) => labelOf(a, s));
  const enabled = useApp(a.enabled);
  return {
    label,
    enabled,
    shortcut: a.shortcut,
    perform: () => {
      const s = useApp.getState();
      if (a.enabled(s)) a.perform(s);
    },
  };
}

/** Whether an action is enabled now (a view's own button for a variant of it, e.g. a base row's Evaluate). */
export const useActionEnabled = (id: ActionId): boolean => useApp(actionById(id).enabled);

/** Runs an action now if it is enabled (a form's submit, a test). */
export function performAction(id: ActionId): void {
  const a = actionById(id);
  const s = useApp.getState();
  if (a.enabled(s)) a.perform(s);
}

/** What aria-keyshortcuts says for a shortcut as shown. */
export const ariaShortcut = (shortcut: string | undefined): string | undefined => (shortcut === 'Esc' ? 'Escape' : shortcut);

const TEXT_INPUT = /^(INPUT|TEXTAREA|SELECT)$/;

/** One keydown handler for every shortcut of the registry. */
export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target as HTMLElement | null;
      if (t && (TEXT_INPUT.test(t.tagName) || t.isContentEditable)) return;
      if (e.key === ' ' && t && /^(BUTTON|A|SUMMARY)$/.test(t.tagName)) return;
      if (document.querySelector('dialog[open]')) return; // the open dialog owns the keyboard (Escape closes it)
      const action = ACTIONS.find((a) => a.keys.includes(e.key));
      if (!action) return;
      e.preventDefault();
      performAction(action.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/**
 * The Study view's state: the study config being edited (the CLI's study.json shape, validated by core's
 * resolveStudyConfig) and the worker's study record (from requests and its broadcasts). A study
 * interrupted by a reload is resumed once the datasets and the backend are ready (App calls
 * loadStudy({ autoResume: true })).
 */
import { ConfigError, resolveConfig, type ExperimentConfig } from '../../core/experiment/config';
import {
  DEFAULT_STRATEGIES,
  DEMO_STUDY_RAW,
  resolveStudyConfig,
  StudyConfigError,
  type StudyConfig,
  type StudyStrategy,
} from '../../core/experiment/study';
import { engine } from '../../worker/client';
import type { StudyRecord } from '../../worker/study/study-protocol';
import type { ConfigProblem } from './experiment';
import { errorMessage, type Slice } from './types';

/** A study config while it is edited: caps and seeds may hold what was typed until it validates. */
export interface StudyDraft {
  name: string;
  base: ExperimentConfig;
  lowResourceLangs: string[];
  caps: Array<number | string>;
  strategies: StudyStrategy[];
  seeds: Array<number | string>;
}

export interface StudySlice {
  studyDraft: StudyDraft;
  studyProblem?: ConfigProblem;
  /** The worker's study (undefined until asked, null when there is none). */
  study?: StudyRecord | null;
  studyError?: string;
  studyPending: boolean;
  setStudyDraft: (patch: Partial<StudyDraft>) => void;
  setStudyBase: (patch: Partial<ExperimentConfig>) => void;
  /** Take the Experiment tab's config (model, schedule, data) as the base of every run. */
  studyBaseFromExperiment: () => void;
  loadStudy: (opts?: { autoResume?: boolean }) => Promise<void>;
  startStudy: () => Promise<void>;
  resumeStudy: () => Promise<void>;
  cancelStudy: () => Promise<void>;
  applyStudy: (rec: StudyRecord) => void;
}

/** The form's draft of a study config (raw JSON or resolved); missing fields get resolveStudyConfig's defaults. */
export function draftOf(c: Record<string, unknown> | StudyConfig | typeof DEMO_STUDY_RAW): StudyDraft {
  const raw = JSON.parse(JSON.stringify(c)) as Partial<StudyDraft> & { base?: Record<string, unknown> };
  const base = resolveConfig(raw.base ?? {});
  return {
    name: raw.name ?? base.name,
    base,
    lowResourceLangs: raw.lowResourceLangs ?? [],
    caps: raw.caps ?? [0, 50, 'full'],
    strategies: raw.strategies ?? DEFAULT_STRATEGIES,
    seeds: raw.seeds ?? [base.seed],
  };
}

export function checkStudy(d: StudyDraft): ConfigProblem | undefined {
  try {
    resolveStudyConfig(d as unknown as Record<string, unknown>);
    return undefined;
  } catch (e) {
    if (e instanceof StudyConfigError) return { field: e.field, message: errorMessage(e) };
    if (e instanceof ConfigError) return { field: `base.${e.field}`, message: `base experiment: ${errorMessage(e)}` };
    return { field: 'study', message: errorMessage(e) };
  }
}

export const isStudyActive = (s: { study?: StudyRecord | null }): boolean =>
  s.study?.status === 'running' || s.study?.status === 'stopping';

export const createStudySlice: Slice<StudySlice> = (set, get) => {
  const initial = draftOf(DEMO_STUDY_RAW);
  const call = async (f: () => Promise<StudyRecord | null>) => {
    set({ studyPending: true, studyError: undefined });
    try {
      const rec = await f();
      if (rec) get().applyStudy(rec);
      else set({ study: null });
    } catch (e) {
      set({ studyError: errorMessage(e) });
    } finally {
      set({ studyPending: false });
    }
  };
  return {
    studyDraft: initial,
    studyProblem: checkStudy(initial),
    studyPending: false,

    setStudyDraft(patch) {
      const studyDraft = { ...get().studyDraft, ...patch };
      set({ studyDraft, studyProblem: checkStudy(studyDraft) });
    },
    setStudyBase(patch) {
      get().setStudyDraft({ base: { ...get().studyDraft.base, ...patch } });
    },
    studyBaseFromExperiment() {
      get().setStudyDraft({ base: { ...get().config, name: get().studyDraft.name } });
    },

    async loadStudy(opts = {}) {
      await call(() => engine().request({ type: 'studyGet' }));
      const rec = get().study;
      if (rec) set({ studyDraft: draftOf(rec.config), studyProblem: undefined });
      if (opts.autoResume && rec?.status === 'interrupted') await get().resumeStudy();
    },
    async startStudy() {
      const d = get().studyDraft;
      if (checkStudy(d)) return;
      await call(() =>
        engine().request({
          type: 'studyStart',
          config: { ...d, base: { ...d.base, name: d.name } } as unknown as Record<string, unknown>,
        }),
      );
    },
    resumeStudy: () => call(() => engine().request({ type: 'studyResume' })),
    cancelStudy: () => call(() => engine().request({ type: 'studyCancel' })),

    applyStudy(rec) {
      const s = get();
      const known = rec.runs.every((r) => !r.runId || s.runs[r.runId]);
      set({ study: rec });
      if (!known) void get().loadRuns(); // a run the worker started: list it so its deltas apply here too
    },
  };
};

import type { StateCreator } from 'zustand';
import type { BackendSlice } from './backend';
import type { BasesSlice } from './bases';
import type { DatasetsSlice } from './datasets';
import type { EvalSlice } from './evaluation';
import type { ExperimentSlice } from './experiment';
import type { InspectorSlice } from './inspector';
import type { ModelsSlice } from './models';
import type { RunsSlice } from './runs';
import type { RunBundlesSlice } from './run-bundles';
import type { StudySlice } from './study';
import type { UiSlice } from './ui';

export type AppState = DatasetsSlice &
  EvalSlice &
  BackendSlice &
  ExperimentSlice &
  RunsSlice &
  RunBundlesSlice &
  InspectorSlice &
  UiSlice &
  StudySlice &
  BasesSlice &
  ModelsSlice;
export type Slice<T> = StateCreator<AppState, [], [], T>;

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

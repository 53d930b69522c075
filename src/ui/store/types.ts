import type { StateCreator } from 'zustand';
import type { BackendSlice } from './backend';
import type { DatasetsSlice } from './datasets';
import type { EvalSlice } from './evaluation';
import type { ExperimentSlice } from './experiment';
import type { InspectorSlice } from './inspector';
import type { RunsSlice } from './runs';
import type { UiSlice } from './ui';

export type AppState = DatasetsSlice & EvalSlice & BackendSlice & ExperimentSlice & RunsSlice & InspectorSlice & UiSlice;
export type Slice<T> = StateCreator<AppState, [], [], T>;

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

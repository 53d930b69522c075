import type { StateCreator } from 'zustand';
import type { BackendSlice } from './backend';
import type { DatasetsSlice } from './datasets';
import type { EvalSlice } from './evaluation';

export type AppState = DatasetsSlice & EvalSlice & BackendSlice;
export type Slice<T> = StateCreator<AppState, [], [], T>;

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

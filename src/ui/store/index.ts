import { create } from 'zustand';
import { createBackendSlice } from './backend';
import { createDatasetsSlice } from './datasets';
import { createEvalSlice } from './evaluation';
import type { AppState } from './types';

export const useApp = create<AppState>()((...a) => ({
  ...createDatasetsSlice(...a),
  ...createEvalSlice(...a),
  ...createBackendSlice(...a),
}));

export type { AppState } from './types';

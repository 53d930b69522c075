import { create } from 'zustand';
import { createBackendSlice } from './backend';
import { createBasesSlice } from './bases';
import { createDatasetsSlice } from './datasets';
import { createEvalSlice } from './evaluation';
import { createExperimentSlice } from './experiment';
import { createInspectorSlice } from './inspector';
import { createModelsSlice } from './models';
import { createRunsSlice } from './runs';
import { createRunBundlesSlice } from './run-bundles';
import { createStudySlice } from './study';
import type { AppState } from './types';
import { createUiSlice } from './ui';

export const useApp = create<AppState>()((...a) => ({
  ...createDatasetsSlice(...a),
  ...createEvalSlice(...a),
  ...createBackendSlice(...a),
  ...createExperimentSlice(...a),
  ...createRunsSlice(...a),
  ...createRunBundlesSlice(...a),
  ...createInspectorSlice(...a),
  ...createUiSlice(...a),
  ...createStudySlice(...a),
  ...createBasesSlice(...a),
  ...createModelsSlice(...a),
}));

export type { AppState } from './types';

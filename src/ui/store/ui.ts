/** Which view is open; in the store so a chart click can open the inspector. */
import type { Slice } from './types';

export const TABS = [
  { id: 'data', label: 'Data' },
  { id: 'evaluation', label: 'Evaluation' },
  { id: 'experiment', label: 'Experiment' },
  { id: 'compare', label: 'Compare' },
  { id: 'inspector', label: 'Inspector' },
  { id: 'embedding', label: 'Embedding map' },
  { id: 'models', label: 'Models' },
  { id: 'study', label: 'Study' },
  { id: 'bases', label: 'Bases' },
] as const;
export type TabId = (typeof TABS)[number]['id'];

export interface UiSlice {
  tab: TabId;
  setTab: (t: TabId) => void;
}

export const createUiSlice: Slice<UiSlice> = (set) => ({
  tab: 'experiment',
  setTab: (tab) => set({ tab }),
});

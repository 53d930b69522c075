/** Which view is open; in the store so a chart click can open the inspector. Also the two overlays (tour, shortcuts). */
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
  /** The Experiment view's tour: the step shown, null while closed (in the store so an action can open it). */
  tourStep: number | null;
  setTourStep: (step: number | null) => void;
  /** The keyboard-shortcuts overlay (`?`). */
  helpOpen: boolean;
  setHelpOpen: (open: boolean) => void;
}

export const createUiSlice: Slice<UiSlice> = (set) => ({
  tab: 'experiment',
  setTab: (tab) => set({ tab }),
  tourStep: null,
  setTourStep: (tourStep) => set({ tourStep }),
  helpOpen: false,
  setHelpOpen: (helpOpen) => set({ helpOpen }),
});

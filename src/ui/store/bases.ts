/**
 * Cross-lingual bases (Bases tab): the shipped ones and those built here (from the worker), the live state of
 * a build (BaseDeltas), which base the experiment starts from, and "evaluate base alone" (a 0-step run, so
 * the result sits beside fine-tuned runs in the run list, results, compare view and inspector).
 */
import { baseAloneConfig } from '../../core/experiment/base-alone';
import { engine } from '../../worker/client';
import type { BaseDelta, BasesList, BuildBaseParams } from '../../worker/bases/base-types';
import { refLabel, type BaseNames } from '../lineage';
import { errorMessage, type Slice } from './types';

export interface BasesSlice {
  bases?: BasesList;
  basesError?: string;
  /** The build in progress, or the last one (kept to show its result). */
  build?: BaseDelta;
  buildError?: string;
  pendingBuild: boolean;
  loadBases: () => Promise<void>;
  buildBase: (p: BuildBaseParams, transfer: ArrayBuffer[]) => Promise<void>;
  cancelBuild: () => Promise<void>;
  deleteBase: (id: string) => Promise<void>;
  applyBaseDelta: (d: BaseDelta) => void;
  /** Set the experiment's starting model (null = scratch / the model field). */
  useBase: (ref: string | null) => void;
  /** Evaluate `ref` without fine-tuning on the experiment's eval set; the run is added to the comparison. */
  evaluateBase: (ref: string) => Promise<void>;
}

export const isBuilding = (b: BaseDelta | undefined): boolean =>
  !!b && (b.status === 'preparing' || b.status === 'running' || b.status === 'saving');

export function baseNames(list: BasesList | undefined): BaseNames {
  return Object.fromEntries((list?.built ?? []).map((b) => [b.key, b.name]));
}

export const createBasesSlice: Slice<BasesSlice> = (set, get) => ({
  pendingBuild: false,

  async loadBases() {
    try {
      set({ bases: await engine().request({ type: 'baseList' }), basesError: undefined });
    } catch (e) {
      set({ basesError: `could not list the bases: ${errorMessage(e)}` });
    }
  },

  async buildBase(p, transfer) {
    if (get().pendingBuild || isBuilding(get().build)) return;
    set({ pendingBuild: true, buildError: undefined });
    try {
      await engine().request({ type: 'baseBuild', params: p }, undefined, transfer);
    } catch (e) {
      set({ buildError: errorMessage(e) });
    } finally {
      set({ pendingBuild: false });
    }
  },

  async cancelBuild() {
    const b = get().build;
    if (b && isBuilding(b)) await engine().request({ type: 'baseCancel', buildId: b.buildId });
  },

  async deleteBase(id) {
    try {
      const bases = await engine().request({ type: 'baseDelete', id });
      set({ bases });
      const key = `idb:bases/${id}`;
      if (get().config.baseCheckpoint === key) get().setConfig({ baseCheckpoint: bases.shipped[0]?.key ?? null });
    } catch (e) {
      set({ basesError: errorMessage(e) });
    }
  },

  applyBaseDelta(d) {
    set({ build: d });
    if (d.status === 'done') void get().loadBases();
    if (!isBuilding(d)) void get().refreshMemory(); // the header's tf.memory() after the build
  },

  useBase(ref) {
    get().setConfig({ baseCheckpoint: ref });
  },

  async evaluateBase(ref) {
    const name = `base alone · ${refLabel(ref, baseNames(get().bases))}`;
    const id = await get().startRun({ config: baseAloneConfig(get().config, ref, name) });
    if (id) get().addToCompare(id);
  },
});

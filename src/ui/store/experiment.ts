/**
 * The experiment being edited. The whole config lives in the URL hash (`#cfg=`, configToUrlParam), so a
 * copied link reproduces the experiment; an unreadable or invalid link shows its ConfigError.
 */
import {
  ConfigError,
  DEFAULT_CONFIG,
  configFromUrlParam,
  configToUrlParam,
  resolveConfig,
  type ExperimentConfig,
} from '../../core/experiment/config';
import type { DatasetSummary } from '../../worker/protocol';
import { errorMessage, type Slice } from './types';

export interface ConfigProblem {
  field: string;
  message: string;
}

export interface ExperimentSlice {
  config: ExperimentConfig;
  /** Why the config in the form cannot run (field + fix); undefined when valid. */
  configProblem?: ConfigProblem;
  /** The link's config could not be read (shown until the form is edited). */
  linkError?: string;
  setConfig: (patch: Partial<ExperimentConfig>) => void;
  loadConfigFromHash: () => void;
}

function check(cfg: ExperimentConfig): ConfigProblem | undefined {
  try {
    resolveConfig(cfg);
    return undefined;
  } catch (e) {
    return { field: e instanceof ConfigError ? e.field : 'config', message: errorMessage(e) };
  }
}

function writeHash(cfg: ExperimentConfig): void {
  const hash = `#cfg=${configToUrlParam(cfg)}`;
  if (location.hash !== hash) history.replaceState(null, '', `${location.pathname}${location.search}${hash}`);
}

export const createExperimentSlice: Slice<ExperimentSlice> = (set, get) => ({
  config: DEFAULT_CONFIG,
  setConfig(patch) {
    const config = { ...get().config, ...patch };
    const configProblem = check(config);
    set({ config, configProblem, linkError: undefined });
    if (!configProblem) writeHash(resolveConfig(config));
  },
  loadConfigFromHash() {
    const m = /(?:^#|&)cfg=([^&]*)/.exec(location.hash);
    if (!m) return;
    let param = m[1];
    try {
      param = decodeURIComponent(param);
    } catch {
      /* not percent-encoded: base64url as is */
    }
    try {
      set({ config: configFromUrlParam(param), configProblem: undefined, linkError: undefined });
    } catch (e) {
      set({ linkError: `This link's experiment config is invalid — ${errorMessage(e)}` });
    }
  },
});

/**
 * A config (from a link, typically) naming a dataset this browser does not hold — an import or download made in
 * another browser: said as soon as the dataset list is known, with the fix, instead of failing at Start.
 */
export function missingDataset(cfg: ExperimentConfig, datasets: DatasetSummary[]): string | undefined {
  for (const [role, ref] of [
    ['training data', cfg.train],
    ['evaluation data', cfg.eval],
  ] as const) {
    if (ref.source !== 'path' || datasets.some((d) => d.id === ref.path)) continue;
    const how = ref.path.startsWith('download:')
      ? 'download it again on the Data tab (Sources)'
      : 'import the same files on the Data tab';
    return `This experiment's ${role} is "${ref.path}", a dataset this browser does not have (imported or downloaded in another browser). Fix: ${how}, then pick it as ${role === 'training data' ? 'Training data' : 'Evaluation data'} here.`;
  }
  return undefined;
}

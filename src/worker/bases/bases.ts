/** The Bases tab's engine side: shipped and built bases listed together; build / cancel / delete. */
import { SHIPPED_PREFIX } from '../../core/experiment/base-ref';
import { DEFAULT_PRETRAIN, type PretrainConfig } from '../../core/train/pretrain';
import { resolvePretrainConfig } from '../../core/train/pretrain-config';
import { buildSettled, cancelBaseBuild, isBuildingBase, startBaseBuild, type BaseSink } from './base-builder';
import type { BaseRequest } from './base-protocol';
import type { HandlerTable } from '../protocol';
import type { BasesList } from './base-types';
import * as store from './bases-store';
import { activeRunId } from '../runs/runs';
import { shippedManifest } from '../models/shipped';

let sink: BaseSink = () => undefined;
export function setBaseSink(s: BaseSink): void {
  sink = s;
}

/** The recipe of a shipped base (its pretrain.json, pre-training fields only), or the defaults. */
function recipeOf(pretrain: Record<string, unknown> | undefined): PretrainConfig {
  const known = Object.fromEntries(Object.entries(pretrain ?? {}).filter(([k]) => k in DEFAULT_PRETRAIN));
  try {
    return resolvePretrainConfig(known);
  } catch {
    return DEFAULT_PRETRAIN;
  }
}

async function shippedBases(): Promise<Omit<BasesList, 'built'>> {
  const m = await shippedManifest();
  return {
    recipe: recipeOf(m.models[0]?.pretrain),
    shipped: m.models.map((x) => ({
      key: `${SHIPPED_PREFIX}${x.name}`,
      name: x.name,
      lineage: x.lineage,
      pretrain: x.pretrain,
      bytes: x.files.reduce((s, f) => s + f.bytes, 0),
      evals: x.translationRanking ?? [],
    })),
    sources: m.sources,
  };
}

async function list(): Promise<BasesList> {
  return { ...(await shippedBases()), built: await store.listBases() };
}

/** Refuses while a build runs (one job at a time; its encoder lives on the current backend). */
export function ensureNoBuild(action: string): void {
  if (isBuildingBase()) throw new Error(`a base is being built; wait for it or cancel it (Bases tab) to ${action}`);
}

/** The Bases tab's handlers; a build holds its job (jobs.ts) until it ends, and cancelling the job cancels it. */
export const baseHandlers: HandlerTable<BaseRequest> = {
  baseList: () => list(),
  baseBuild: async (req, job) => {
    const started = await startBaseBuild(req.params, sink, () => activeRunId() !== undefined);
    job.hold(buildSettled(), () => cancelBaseBuild(started.buildId));
    return started;
  },
  baseCancel: (req) => cancelBaseBuild(req.buildId),
  baseDelete: async (req) => {
    await store.deleteBase(req.id);
    return list();
  },
};

/**
 * Worker messages of the Bases tab (cross-lingual bases: list, build, cancel, delete). Joined into protocol.ts'
 * Request and Responses; handled by bases.ts. Build progress is broadcast as `{ kind: 'base', delta }`.
 */
import type { BasesList, BuildBaseParams } from './base-types';

export type BaseRequest =
  | { type: 'baseList' }
  | { type: 'baseBuild'; params: BuildBaseParams }
  | { type: 'baseCancel'; buildId: string }
  | { type: 'baseDelete'; id: string };

export interface BaseResponses {
  baseList: BasesList;
  baseBuild: { buildId: string };
  baseCancel: null;
  baseDelete: BasesList;
}

export const BASE_REQUESTS: ReadonlySet<string> = new Set(['baseList', 'baseBuild', 'baseCancel', 'baseDelete']);

export function isBaseRequest(r: { type: string }): r is BaseRequest {
  return BASE_REQUESTS.has(r.type);
}

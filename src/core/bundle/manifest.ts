/**
 * `run.json`: building one and checking one strictly. Every refusal is one line naming the bundle, the field
 * and the fix, so a broken or foreign bundle is rejected before anything is imported.
 */
import {
  BUNDLE_FORMAT,
  BUNDLE_STATUSES,
  BUNDLE_TOOLS,
  BUNDLE_VERSION,
  MANIFEST_FILE,
  OPTIONAL_FILES,
  REQUIRED_FILES,
  type BundleEnvironment,
  type BundleFiles,
  type BundleOrigin,
  type BundleStatus,
  type RunManifest,
} from './types';

export class BundleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BundleError';
  }
}

export interface ManifestInput {
  id: string;
  name: string;
  status: BundleStatus;
  origin: BundleOrigin;
  /** Default: experiment.json and results.json only. */
  files?: Partial<BundleFiles>;
  createdAt?: Date | string;
  lineage?: string[];
  environment?: BundleEnvironment;
}

export function buildManifest(m: ManifestInput): RunManifest {
  const files: BundleFiles = { experiment: 'experiment.json', results: 'results.json' };
  for (const [k, v] of Object.entries(m.files ?? {})) if (v !== undefined) (files as unknown as Record<string, string>)[k] = v;
  const createdAt =
    m.createdAt === undefined
      ? new Date().toISOString()
      : typeof m.createdAt === 'string'
        ? m.createdAt
        : m.createdAt.toISOString();
  const out: RunManifest = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    id: m.id,
    name: m.name,
    createdAt,
    status: m.status,
    origin: m.origin,
    files,
  };
  if (m.lineage) out.lineage = m.lineage;
  if (m.environment) out.environment = m.environment;
  return validateManifest(JSON.parse(JSON.stringify(out)), 'run.json (built)');
}

const TOP_FIELDS = new Set([
  'format',
  'version',
  'id',
  'name',
  'createdAt',
  'status',
  'origin',
  'files',
  'lineage',
  'environment',
]);
const FILE_ROLES = new Set<string>([...REQUIRED_FILES, ...OPTIONAL_FILES]);

/** Checks a parsed run.json; `where` names the bundle in messages. Returns it typed, or throws BundleError. */
export function validateManifest(raw: unknown, where: string): RunManifest {
  const fail = (field: string, msg: string): never => {
    throw new BundleError(`${where}: ${MANIFEST_FILE} ${field} ${msg}`);
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new BundleError(
      `${where}: ${MANIFEST_FILE} is not a JSON object; a run bundle's manifest is {"format": "${BUNDLE_FORMAT}", "version": ${BUNDLE_VERSION}, …}`,
    );
  const m = raw as Record<string, unknown>;
  if (m.format !== BUNDLE_FORMAT)
    fail('"format"', `is ${JSON.stringify(m.format)}, not "${BUNDLE_FORMAT}": this is not a Hybrid Batch Workbench run bundle`);
  if (typeof m.version !== 'number' || !Number.isInteger(m.version) || m.version < 1)
    fail('"version"', `must be a positive integer (got ${JSON.stringify(m.version)})`);
  if ((m.version as number) > BUNDLE_VERSION)
    fail('"version"', `is ${m.version}, newer than this workbench reads (≤ ${BUNDLE_VERSION}); update the workbench to open it`);
  for (const k of Object.keys(m))
    if (!TOP_FIELDS.has(k))
      fail(`field "${k}"`, `is not part of version ${BUNDLE_VERSION}; remove it (known: ${[...TOP_FIELDS].join(', ')})`);
  for (const k of ['id', 'name', 'createdAt'] as const)
    if (typeof m[k] !== 'string' || (k !== 'name' && !m[k])) fail(`"${k}"`, 'must be a non-empty string');
  if (Number.isNaN(Date.parse(m.createdAt as string))) fail('"createdAt"', `is not an ISO-8601 time (got "${m.createdAt}")`);
  if (!BUNDLE_STATUSES.includes(m.status as BundleStatus))
    fail('"status"', `must be one of ${BUNDLE_STATUSES.join(', ')} (got ${JSON.stringify(m.status)})`);
  const o = m.origin as Record<string, unknown> | undefined;
  if (typeof o !== 'object' || o === null) fail('"origin"', 'must be an object {tool, version, host?}');
  if (!BUNDLE_TOOLS.includes(o!.tool as never))
    fail('"origin.tool"', `must be one of ${BUNDLE_TOOLS.join(', ')} (got ${JSON.stringify(o!.tool)})`);
  if (typeof o!.version !== 'string') fail('"origin.version"', 'must be a string');
  if (o!.host !== undefined && typeof o!.host !== 'string') fail('"origin.host"', 'must be a string when present');
  const f = m.files as Record<string, unknown> | undefined;
  if (typeof f !== 'object' || f === null || Array.isArray(f))
    fail('"files"', 'must be an object naming experiment, results and any optional files');
  for (const [k, v] of Object.entries(f!)) {
    if (!FILE_ROLES.has(k))
      fail(`"files.${k}"`, `is not a file role of version ${BUNDLE_VERSION} (known: ${[...FILE_ROLES].join(', ')})`);
    if (typeof v !== 'string' || !v || v.startsWith('/') || v.split('/').includes('..'))
      fail(`"files.${k}"`, `must be a relative path inside the bundle (got ${JSON.stringify(v)})`);
  }
  for (const k of REQUIRED_FILES) if (f![k] === undefined) fail(`"files.${k}"`, 'is missing; it is required');
  if (m.lineage !== undefined && (!Array.isArray(m.lineage) || m.lineage.some((x) => typeof x !== 'string')))
    fail('"lineage"', 'must be an array of strings');
  const e = m.environment as Record<string, unknown> | undefined;
  if (e !== undefined) {
    if (typeof e !== 'object' || e === null || typeof e.backend !== 'string')
      fail('"environment"', 'must be {backend: string, versions: {...}, machine: {...}}');
    for (const k of ['versions', 'machine'] as const)
      if (typeof e![k] !== 'object' || e![k] === null || Array.isArray(e![k])) fail(`"environment.${k}"`, 'must be an object');
  }
  return m as unknown as RunManifest;
}

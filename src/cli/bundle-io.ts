/** Run bundles on disk: a run folder or a `.zip` of one → RunBundle; run.json for CLI run folders. */
import { lstatSync, readdirSync, readFileSync, writeFileSync, type Stats } from 'node:fs';
import { cpus, hostname, platform, arch, totalmem } from 'node:os';
import { join, relative, sep } from 'node:path';
import { readBundle, readBundleZip } from '../core/bundle/files';
import { BundleError, buildManifest, type ManifestInput } from '../core/bundle/manifest';
import { captureEnvironment } from '../core/bundle/environment';
import { MANIFEST_FILE, type BundleEnvironment, type FileMap, type RunBundle } from '../core/bundle/types';
import { describeNodeBackend, type NodeBackendInfo } from '../node/backend';

/** Every regular file under `dir` (symlinks and other special files are skipped), '/'-separated paths. */
export function readFolderFiles(dir: string): FileMap {
  const out: FileMap = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = lstatSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) out[relative(dir, p).split(sep).join('/')] = new Uint8Array(readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

/** A run folder or a bundle .zip, checked. */
export async function readBundleFrom(path: string): Promise<RunBundle> {
  let st: Stats;
  try {
    st = lstatSync(path);
  } catch {
    throw new BundleError(`${path}: no such run folder or bundle .zip`);
  }
  if (st.isDirectory()) return readBundle(readFolderFiles(path), path);
  if (path.toLowerCase().endsWith('.zip')) return readBundleZip(new Uint8Array(readFileSync(path)), path);
  throw new BundleError(`${path}: not a run folder or a .zip; pass a CLI --out folder or an exported bundle`);
}

/** Backend, versions and machine of this Node process. */
export function nodeEnvironment(info: NodeBackendInfo): BundleEnvironment {
  const cpu = cpus();
  return captureEnvironment(describeNodeBackend(info), {
    versions: { node: process.version, ...(info.blas ? { openblas: info.blas.config } : {}) },
    machine: { platform: platform(), arch: arch(), cpu: cpu[0]?.model ?? 'unknown', cores: cpu.length, memoryBytes: totalmem() },
  });
}

/** Writes `<dir>/run.json` (replacing any earlier one: a run's status changes as it goes; createdAt is kept). */
export function writeManifest(dir: string, m: ManifestInput): void {
  if (m.createdAt === undefined) {
    try {
      m = { ...m, createdAt: (JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as { createdAt: string }).createdAt };
    } catch {
      /* a new run */
    }
  }
  writeFileSync(
    join(dir, MANIFEST_FILE),
    JSON.stringify(buildManifest({ ...m, origin: { ...m.origin, host: m.origin.host ?? hostname() } }), null, 2) + '\n',
  );
}

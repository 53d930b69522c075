/**
 * The app's shipped models and pre-training sources (the repository's models/ folder, served under
 * <BASE_URL>models/ by scripts/vite-models.ts), fetched once per worker and kept in memory.
 */
import type { ModelFiles } from '../../core/model/checkpoint';
import { fetchModelsManifest, fetchShippedModel, fetchShippedSource, type ModelsManifest } from '../../core/model/shipped';

export function shippedRoot(): string {
  return new URL(`${import.meta.env.BASE_URL}models/`, self.location.origin).href;
}

let manifest: Promise<ModelsManifest> | undefined;
const models = new Map<string, Promise<ModelFiles>>();

/** Cached; a failed fetch is forgotten so the next call tries again. */
function cached<T>(get: () => Promise<T>, forget: () => void): Promise<T> {
  const p = get();
  p.catch(forget);
  return p;
}

export function shippedManifest(): Promise<ModelsManifest> {
  return (manifest ??= cached(
    () => fetchModelsManifest(shippedRoot()),
    () => {
      manifest = undefined;
    },
  ));
}

export async function shippedModelFiles(name: string): Promise<ModelFiles> {
  let p = models.get(name);
  if (!p) {
    p = cached(
      async () => fetchShippedModel(shippedRoot(), await shippedManifest(), name),
      () => models.delete(name),
    );
    models.set(name, p);
  }
  return p;
}

export async function shippedSource(path: string): Promise<Uint8Array> {
  return fetchShippedSource(shippedRoot(), await shippedManifest(), path);
}

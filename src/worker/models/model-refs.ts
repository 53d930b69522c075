/**
 * A model reference (an experiment's baseCheckpoint, see core/experiment/base-ref.ts) → its files, in the
 * browser: shipped models over HTTP, bases built here and run checkpoints from IndexedDB.
 */
import { baseIdOfKey, shippedName, shippedRefProblem } from '../../core/experiment/base-ref';
import type { ModelFiles } from '../../core/model/checkpoint';
import { loadBaseFiles } from '../bases/bases-store';
import { loadCheckpoint, runIdOfKey } from '../runs/runs-store';
import { shippedModelFiles } from './shipped';

export async function modelFilesOf(ref: string): Promise<ModelFiles> {
  const shipped = shippedName(ref);
  if (shipped !== undefined) {
    const problem = shippedRefProblem(ref);
    if (problem) throw new Error(`baseCheckpoint ${problem}. Fix: use e.g. "shipped:demo-base"`);
    return shippedModelFiles(shipped);
  }
  const baseId = baseIdOfKey(ref);
  if (baseId) {
    const files = await loadBaseFiles(baseId);
    if (!files)
      throw new Error(
        `baseCheckpoint "${ref}": no such base in this browser (deleted, or built in another browser). Fix: pick a base from the list under "Start from", or build it again (Bases tab)`,
      );
    return files;
  }
  const runId = runIdOfKey(ref);
  if (runId) {
    const ckpt = await loadCheckpoint(runId);
    if (!ckpt)
      throw new Error(
        `baseCheckpoint "${ref}": run ${runId} has no saved checkpoint in this browser. Fix: pick another starting model`,
      );
    return ckpt.files;
  }
  throw new Error(
    `baseCheckpoint "${ref}" is not available in the browser (folder paths work only in the CLI). Fix: use "shipped:demo-base", a base built in the Bases tab (idb:bases/<id>) or a run checkpoint (idb:checkpoints/<run id>)`,
  );
}

/**
 * Runs in and out as run bundles (worker/runs/run-import.ts): import picked or dropped .zip files and folders into the
 * run list, download one run or a selection as one .zip, and "Evaluate a run file" (a TREC run on a loaded
 * dataset, kept as a run: worker/runs/run-file-eval.ts). Messages are one line and name the file.
 */
import type { SettingName } from '../../core/eval/types';
import { engine } from '../../worker/client';
import { download, safeName } from '../export';
import { errorMessage, type Slice } from './types';

export interface RunBundlesSlice {
  importingRuns: boolean;
  /** What the last run import did (imported, skipped as already listed). */
  runImportNotice?: string;
  /** Why the last run import was refused (nothing was imported). */
  runImportError?: string;
  importRuns: (files: File[]) => Promise<void>;
  exportRuns: (ids: string[], label?: string) => Promise<void>;
  evaluatingRunFile: boolean;
  runFileError?: string;
  runFileNotice?: string;
  /** Score a TREC run file on a loaded dataset; the result becomes a run (selected, shown on the Evaluation tab). */
  evaluateRunFile: (file: File, datasetId: string, settings?: SettingName[]) => Promise<void>;
}

const pathOf = (f: File): string => (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name;

/** Each .zip is one source; the other files (a picked or dropped folder) one source named by their top folder. */
async function sources(files: File[]) {
  const zips = files.filter((f) => f.name.toLowerCase().endsWith('.zip'));
  const rest = files.filter((f) => !zips.includes(f));
  const out: Array<{ name: string; files: Array<{ path: string; bytes: ArrayBuffer }> }> = [];
  for (const z of zips) out.push({ name: pathOf(z), files: [{ path: pathOf(z), bytes: await z.arrayBuffer() }] });
  if (rest.length) {
    const tops = new Set(rest.map((f) => pathOf(f).split('/')[0]));
    const loose =
      rest
        .slice(0, 3)
        .map((f) => f.name)
        .join(', ') + (rest.length > 3 ? ` and ${rest.length - 3} more` : '');
    const name = tops.size === 1 && rest.some((f) => pathOf(f).includes('/')) ? [...tops][0] : loose;
    out.push({ name, files: await Promise.all(rest.map(async (f) => ({ path: pathOf(f), bytes: await f.arrayBuffer() }))) });
  }
  return out;
}

export const createRunBundlesSlice: Slice<RunBundlesSlice> = (set, get) => ({
  importingRuns: false,
  evaluatingRunFile: false,

  async importRuns(files) {
    if (files.length === 0) return;
    set({ importingRuns: true, runImportError: undefined, runImportNotice: undefined });
    try {
      const src = await sources(files);
      const r = await engine().request(
        { type: 'importRuns', sources: src },
        undefined,
        src.flatMap((s) => s.files.map((f) => f.bytes)),
      );
      await get().loadRuns();
      const names = r.imported.map((x) => `“${x.config.name}”`).join(', ');
      const notice = [
        r.imported.length
          ? `Imported ${r.imported.length} run${r.imported.length > 1 ? 's' : ''}: ${names}.`
          : 'Nothing imported.',
        ...r.skipped,
      ].join(' ');
      set({ runImportNotice: notice, ...(r.imported.length ? { currentRunId: r.imported.at(-1)!.id } : {}) });
    } catch (e) {
      set({ runImportError: errorMessage(e) });
    } finally {
      set({ importingRuns: false });
    }
  },

  async exportRuns(ids, label) {
    try {
      const bytes = await engine().request({ type: 'exportRuns', runIds: ids });
      const name = safeName(label ?? (ids.length === 1 ? (get().runs[ids[0]]?.config.name ?? ids[0]) : `${ids.length}-runs`));
      download(`${name}.zip`, new Blob([bytes as BlobPart], { type: 'application/zip' }));
    } catch (e) {
      set({ runsError: errorMessage(e) });
    }
  },

  async evaluateRunFile(file, datasetId, settings) {
    set({ evaluatingRunFile: true, runFileError: undefined, runFileNotice: undefined });
    try {
      const rec = await engine().request({
        type: 'evaluateRunFile',
        params: { datasetId, fileName: file.name, text: await file.text(), settings },
      });
      await get().loadRuns();
      // Shown on the Evaluation tab like any evaluation, and kept as a run (run list, Compare, Report, Bundle).
      set({
        currentRunId: rec.id,
        result: rec.metrics.at(-1)?.result,
        evalError: undefined,
        runFileNotice: `Kept as run “${rec.config.name}” in the run list (Experiment tab), with Compare, Report and Bundle like any run.`,
      });
    } catch (e) {
      set({ runFileError: errorMessage(e) });
    } finally {
      set({ evaluatingRunFile: false });
    }
  },
});

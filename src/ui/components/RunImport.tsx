import { useState, type DragEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../store';
import { FilePicker } from './FilePicker';
import { droppedFiles } from './ImportBox';

/**
 * Runs made elsewhere into the run list: a bundle .zip (one run, or an exported selection / zipped sweep), a CLI
 * run folder (`train --out`, a `sweep` folder) or a dropped one. Imported runs are read-only and marked with their
 * origin; importing a run already listed changes nothing and says so.
 */
export function RunImport() {
  const s = useApp(
    useShallow((st) => ({
      importRuns: st.importRuns,
      busy: st.importingRuns,
      notice: st.runImportNotice,
      error: st.runImportError,
    })),
  );
  const [over, setOver] = useState(false);
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void droppedFiles(e).then(s.importRuns);
  };
  return (
    <section
      aria-label="Import runs"
      className={`run-import dropzone${over ? ' dropzone-over' : ''}`}
      data-testid="run-dropzone"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <FilePicker
        label="Import bundle (.zip)…"
        labelClass="button-like small"
        accept=".zip,application/zip"
        testId="run-zip-input"
        disabled={s.busy}
        onFiles={(files) => void s.importRuns(files)}
      />
      <FilePicker
        label="Import run folder…"
        labelClass="button-like small"
        folder
        testId="run-folder-input"
        disabled={s.busy}
        onFiles={(files) => void s.importRuns(files)}
      />
      <span className="muted small">
        {' '}
        or drop them here (CLI <code>--out</code> folders and exported bundles)
      </span>
      {s.busy ? (
        <p className="muted small" aria-live="polite">
          Importing runs…
        </p>
      ) : null}
      {s.error ? (
        <p className="alert small" role="alert" data-testid="run-import-error">
          Run import refused: {s.error}
        </p>
      ) : null}
      {s.notice && !s.error ? (
        <p className="notice small" role="status" data-testid="run-import-notice">
          {s.notice}
        </p>
      ) : null}
    </section>
  );
}

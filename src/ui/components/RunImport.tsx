import { useId, useState, type DragEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../store';
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
  const zipId = useId(),
    folderId = useId();
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
      <label htmlFor={zipId} className="button-like small">
        Import bundle (.zip)…
      </label>
      <input
        id={zipId}
        type="file"
        accept=".zip,application/zip"
        multiple
        className="visually-hidden-input"
        data-testid="run-zip-input"
        disabled={s.busy}
        onChange={(e) => {
          void s.importRuns([...(e.target.files ?? [])]);
          e.target.value = '';
        }}
      />
      <label htmlFor={folderId} className="button-like small">
        Import run folder…
      </label>
      <input
        id={folderId}
        type="file"
        multiple
        className="visually-hidden-input"
        data-testid="run-folder-input"
        disabled={s.busy}
        ref={(el) => {
          el?.setAttribute('webkitdirectory', '');
        }}
        onChange={(e) => {
          void s.importRuns([...(e.target.files ?? [])]);
          e.target.value = '';
        }}
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

import { useId, useState, type DragEvent } from 'react';
import { useApp } from '../store';

/** File picker + drop zone for LAReQA `<lang>.json` files; errors go to an alert region. */
export function ImportBox() {
  const { importFiles, importing, importError, importNotice, dismissImportError } = useApp();
  const [over, setOver] = useState(false);
  const inputId = useId();

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void importFiles([...e.dataTransfer.files]);
  };

  return (
    <div className="import">
      <div
        className={`dropzone${over ? ' dropzone-over' : ''}`}
        data-testid="dropzone"
        onDragOver={(e) => { e.preventDefault(); setOver(true); }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <label htmlFor={inputId} className="button-like">Import LAReQA files…</label>
        <input
          id={inputId}
          type="file"
          accept=".json,application/json"
          multiple
          className="visually-hidden-input"
          data-testid="file-input"
          disabled={importing}
          onChange={(e) => { void importFiles([...(e.target.files ?? [])]); e.target.value = ''; }}
        />
        <span className="muted">or drop <code>&lt;lang&gt;.json</code> files here (select several languages at once to build one parallel dataset)</span>
      </div>
      {importing ? <p className="muted" aria-live="polite">Importing…</p> : null}
      <div role="alert" className={importError ? 'alert' : 'alert-empty'} data-testid="import-error">
        {importError ? (
          <>
            <strong>Import failed.</strong> <span>{importError}</span>{' '}
            <button type="button" className="link" onClick={dismissImportError}>Dismiss</button>
          </>
        ) : null}
      </div>
      {importNotice && !importError ? <p className="notice" role="status">{importNotice}</p> : null}
    </div>
  );
}

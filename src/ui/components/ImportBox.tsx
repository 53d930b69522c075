import { useShallow } from 'zustand/react/shallow';
import { useId, useState, type DragEvent } from 'react';
import { useApp } from '../store';
import { FilePicker } from './FilePicker';

/** Files of a dropped folder, each named by its path inside the drop (as the folder picker names them). */
export async function droppedFiles(e: DragEvent): Promise<File[]> {
  const entries = [...e.dataTransfer.items].map((i) => i.webkitGetAsEntry?.()).filter((x): x is FileSystemEntry => !!x);
  if (entries.length === 0 || entries.every((x) => x.isFile)) return [...e.dataTransfer.files];
  const out: File[] = [];
  const walk = async (entry: FileSystemEntry, prefix: string): Promise<void> => {
    if (entry.isFile) {
      const f = await new Promise<File>((res, rej) => (entry as FileSystemFileEntry).file(res, rej));
      out.push(new File([f], f.name, { type: f.type }));
      Object.defineProperty(out[out.length - 1], 'webkitRelativePath', { value: prefix + f.name });
      return;
    }
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((res, rej) => reader.readEntries(res, rej));
      if (batch.length === 0) break;
      for (const child of batch) await walk(child, `${prefix}${entry.name}/`);
    }
  };
  for (const entry of entries) await walk(entry, '');
  return out;
}

/**
 * File picker, folder picker and drop zone for every supported format (LAReQA, BEIR, JSONL pairs, MIRACL,
 * DuReader, C-MTEB parquet); the worker detects the format. Errors go to an alert region.
 */
export function ImportBox() {
  const { importFiles, importing, importError, importNotice, dismissImportError, importLang, setImportLang } = useApp(
    useShallow((s) => ({
      importFiles: s.importFiles,
      importing: s.importing,
      importError: s.importError,
      importNotice: s.importNotice,
      dismissImportError: s.dismissImportError,
      importLang: s.importLang,
      setImportLang: s.setImportLang,
    })),
  );
  const [over, setOver] = useState(false);
  const langId = useId();

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void droppedFiles(e).then(importFiles);
  };

  return (
    <div className="import">
      <div
        className={`dropzone${over ? ' dropzone-over' : ''}`}
        data-testid="dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <FilePicker label="Import files…" testId="file-input" disabled={importing} onFiles={(files) => void importFiles(files)} />
        <FilePicker
          label="Import a folder…"
          folder
          testId="folder-input"
          disabled={importing}
          onFiles={(files) => void importFiles(files)}
        />
        <span className="muted">
          or drop files or a folder here. Formats: LAReQA <code>&lt;lang&gt;.json</code> (several languages = one parallel
          dataset), BEIR, JSONL pairs, MIRACL, DuReader_retrieval, C-MTEB parquet (corpus, queries, qrels).
        </span>
        <label htmlFor={langId} className="inline-field">
          Language (only for files without one, e.g. parquet):{' '}
          <input
            id={langId}
            data-testid="import-lang"
            size={4}
            placeholder="zh"
            value={importLang}
            onChange={(e) => setImportLang(e.target.value)}
          />
        </label>
      </div>
      {importing ? (
        <p className="muted" aria-live="polite">
          Importing…
        </p>
      ) : null}
      <div role="alert" className={importError ? 'alert' : 'alert-empty'} data-testid="import-error">
        {importError ? (
          <>
            <strong>Import failed.</strong> <span>{importError}</span>{' '}
            <button type="button" className="link" onClick={dismissImportError}>
              Dismiss
            </button>
          </>
        ) : null}
      </div>
      {importNotice && !importError ? (
        <p className="notice" role="status" data-testid="import-notice">
          {importNotice}
        </p>
      ) : null}
    </div>
  );
}

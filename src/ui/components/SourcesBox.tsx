import { useShallow } from 'zustand/react/shallow';
import { useState } from 'react';
import type { SourceInfo } from '../../worker/protocol';
import { useApp } from '../store';

const mb = (n: number) => `${(n / 1e6).toFixed(n < 1e7 ? 1 : 0)} MB`;

/**
 * "Datasets in one click": one button per registered source (src/core/data/sources.ts). The licence and the
 * attribution are shown, and must be accepted, before anything is downloaded; then a progress bar with Cancel;
 * a cancelled download offers Resume (the worker keeps what arrived).
 */
export function SourcesBox() {
  const { sources, download, getSource, cancelDownload, dataMirror, setDataMirror } = useApp(
    useShallow((s) => ({
      sources: s.sources,
      download: s.download,
      getSource: s.getSource,
      cancelDownload: s.cancelDownload,
      dataMirror: s.dataMirror,
      setDataMirror: s.setDataMirror,
    })),
  );
  const [asked, setAsked] = useState<string>();
  const busy = download?.status === 'downloading';
  const ask = sources.find((s) => s.id === asked);
  return (
    <section className="sources" aria-label="Get a benchmark dataset" data-testid="sources">
      <h3>Get a benchmark dataset</h3>
      <div className="card-actions">
        {sources.map((s) => (
          <button key={s.id} type="button" disabled={busy} onClick={() => setAsked(s.id)} data-testid={`get-${s.id}`}>
            {s.partialBytes > 0 ? `Resume ${s.title}` : `Get ${s.title}`}{' '}
            <span className="on-accent-muted">(~{mb(s.approxBytes)})</span>
          </button>
        ))}
      </div>
      {ask && !busy ? (
        <LicencePanel
          source={ask}
          onAccept={() => {
            setAsked(undefined);
            void getSource(ask.id);
          }}
          onClose={() => setAsked(undefined)}
        />
      ) : null}
      {download ? <DownloadStatus /> : null}
      <details>
        <summary>Download from a mirror</summary>
        <label>
          Base URL (replaces raw.githubusercontent.com / huggingface.co):{' '}
          <input
            data-testid="data-mirror"
            value={dataMirror}
            placeholder="https://…"
            onChange={(e) => setDataMirror(e.target.value)}
          />
        </label>
      </details>
      {busy ? (
        <p className="muted">
          {`Downloading; `}
          <button type="button" onClick={cancelDownload} data-testid="cancel-download">
            Cancel
          </button>
        </p>
      ) : null}
    </section>
  );
}

function LicencePanel({ source: s, onAccept, onClose }: { source: SourceInfo; onAccept: () => void; onClose: () => void }) {
  return (
    <div className="card" role="dialog" aria-label={`${s.title}: licence and attribution`} data-testid="licence-panel">
      <p>{s.description}</p>
      <p>
        <strong>Licence:</strong>{' '}
        <a href={s.licence.url} target="_blank" rel="noreferrer">
          {s.licence.name}
        </a>
      </p>
      <p>
        <strong>Attribution:</strong> {s.attribution}
      </p>
      {s.note ? <p className="muted">{s.note}</p> : null}
      <div className="card-actions">
        <button type="button" onClick={onAccept} data-testid="accept-download">
          Accept and download
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          Not now
        </button>
      </div>
    </div>
  );
}

function DownloadStatus() {
  const { download: d, sources } = useApp(useShallow((s) => ({ download: s.download, sources: s.sources })));
  if (!d) return null;
  const title = sources.find((s) => s.id === d.id)?.title ?? d.id;
  const frac = d.total > 0 ? Math.min(1, d.done / d.total) : 0;
  return (
    <div className="progress" data-testid="download-progress" data-status={d.status}>
      <div className="progress-text" aria-live="polite">
        {d.status === 'downloading' ? `${title}: ${d.phase} — ${mb(d.done)} of ${mb(d.total)}` : null}
        {d.status === 'cancelled' ? `${title}: cancelled after ${mb(d.done)}; "Resume ${title}" continues` : null}
        {d.status === 'done' ? `${title}: downloaded, checksums verified, imported and stored` : null}
        {d.status === 'failed' ? `${title}: failed — ${d.error}` : null}
      </div>
      {d.status === 'downloading' || d.status === 'cancelled' ? (
        <div
          className="progress-track"
          role="progressbar"
          aria-label={`Download ${title}`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(frac * 100)}
        >
          <div className="progress-fill" style={{ width: `${(frac * 100).toFixed(1)}%` }} />
        </div>
      ) : null}
      {d.notes?.length ? (
        <ul className="muted" data-testid="download-notes">
          {d.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

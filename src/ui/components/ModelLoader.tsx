/**
 * The Models panel's "Load a model" card: a Hub id (size first, then download) or a picked folder / zip, run
 * either by our tfjs encoder (trainable) or — frozen — as onnx/model.onnx through transformers.js (ONNX Runtime
 * Web on WASM or WebGPU; its WASM files come from this app's /ort-wasm/, never a CDN).
 */
import { useId, type ChangeEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ModelRuntime } from '../../worker/models/model-protocol';
import type { OnnxDevicePref } from '../../worker/models/onnx-device';
import { fmtBytes } from '../format';
import { useApp } from '../store';
import { ActionButton } from './ActionButton';

const bytes = (n: number | undefined): string => (n === undefined ? 'unknown size' : fmtBytes(n));

export function ModelLoader() {
  const { busy, size, form, setForm, loadModelFiles } = useApp(
    useShallow((s) => ({
      busy: !!s.modelJob,
      size: s.hubSize,
      form: s.loaderForm,
      setForm: s.setLoaderForm,
      loadModelFiles: s.loadModelFiles,
    })),
  );
  const ids = { hub: useId(), base: useId(), runtime: useId(), device: useId(), note: useId() };
  const { hubId, baseUrl, runtime, device } = form;

  const pick = async (e: ChangeEvent<HTMLInputElement>, kind: 'folder' | 'zip') => {
    const list = Array.from(e.target.files ?? []);
    e.target.value = '';
    if (list.length === 0) return;
    const files = await Promise.all(
      list.map(async (f) => ({
        name: (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name,
        bytes: await f.arrayBuffer(),
      })),
    );
    const name = kind === 'zip' ? list[0].name.replace(/\.zip$/i, '') : files[0].name.split('/')[0] || 'folder';
    await loadModelFiles(name, files);
  };

  return (
    <section className="card" aria-label="Load a model">
      <div className="field">
        <label htmlFor={ids.runtime}>Runtime</label>
        <select
          id={ids.runtime}
          value={runtime}
          onChange={(e) => setForm({ runtime: e.target.value as ModelRuntime })}
          disabled={busy}
          aria-describedby={ids.note}
        >
          <option value="tfjs">tfjs (trainable: evaluate, fine-tune, export)</option>
          <option value="onnx">ONNX (frozen, transformers.js)</option>
        </select>
      </div>
      {runtime === 'onnx' ? (
        <div className="field">
          <label htmlFor={ids.device}>ONNX device</label>
          <select
            id={ids.device}
            value={device}
            onChange={(e) => setForm({ device: e.target.value as OnnxDevicePref })}
            disabled={busy}
          >
            <option value="auto">auto (WebGPU on a hardware GPU, else WASM)</option>
            <option value="wasm">WASM</option>
            <option value="webgpu">WebGPU</option>
          </select>
        </div>
      ) : null}
      <p className="muted" id={ids.note}>
        {runtime === 'onnx'
          ? 'Needs onnx/model.onnx (plus config.json and tokenizer.json); the Hub download fetches it instead of the safetensors. Frozen: it evaluates and embeds, but cannot be fine-tuned or exported.'
          : 'Needs model.safetensors (or its shards), config.json and tokenizer.json / vocab.txt.'}
      </p>
      <h3>Load from the Hub</h3>
      <div className="field">
        <label htmlFor={ids.hub}>Model id</label>
        <input
          id={ids.hub}
          value={hubId}
          onChange={(e) => setForm({ hubId: e.target.value })}
          placeholder="owner/name"
          disabled={busy}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.base}>Base URL</label>
        <input id={ids.base} value={baseUrl} onChange={(e) => setForm({ baseUrl: e.target.value })} disabled={busy} />
      </div>
      <div className="card-actions">
        <ActionButton id="models.checkSize" className="secondary" />
        <ActionButton id="models.loadHub" />
      </div>
      {size && size.id === hubId.trim() && size.runtime === runtime ? (
        <p data-testid="hub-size" data-bytes={size.bytes ?? ''}>
          {size.files.length} files, {bytes(size.bytes)}: {size.files.map((f) => `${f.file} (${bytes(f.size)})`).join(', ')}
        </p>
      ) : null}
      <h3>Load from disk</h3>
      <div className="card-actions">
        <label className="button-like secondary">
          Pick a model folder…
          <input
            type="file"
            className="visually-hidden-input"
            data-testid="model-folder-input"
            multiple
            onChange={(e) => void pick(e, 'folder')}
            disabled={busy}
            {...{ webkitdirectory: '', directory: '' }}
          />
        </label>
        <label className="button-like secondary">
          Import a .zip…
          <input
            type="file"
            className="visually-hidden-input"
            data-testid="model-zip-input"
            accept=".zip,application/zip"
            onChange={(e) => void pick(e, 'zip')}
            disabled={busy}
          />
        </label>
      </div>
    </section>
  );
}

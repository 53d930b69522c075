/**
 * Models: bring a pre-trained encoder (BERT / XLM-R family) in (ModelLoader: Hub or folder / zip, tfjs or the
 * frozen ONNX runtime), evaluate it on a dataset, fine-tune it a few steps in the worker, export it as a
 * sentence-transformers zip, re-import, and compare two models' embeddings. The models live in the worker
 * (models.ts) and in IndexedDB; this tab's state and requests in the models slice (store/models.ts): the list is
 * read back from the worker when the panel mounts (after a reload too).
 */
import { useEffect } from 'react';
import { engine } from '../../worker/client';
import type { Request } from '../../worker/protocol';
import { useApp } from '../store';
import { ModelJobStatus } from './ModelJobStatus';
import { ModelList } from './ModelList';
import { ModelLoader } from './ModelLoader';
import { ModelResults } from './ModelResults';
import { ModelSelected } from './ModelSelected';

/**
 * Automation hook (Playwright e2e, console): the worker's request API, e.g.
 * `await hbwModels.request({ type: 'modelForward', key, texts })`.
 */
(globalThis as { hbwModels?: unknown }).hbwModels = { request: <R extends Request>(r: R) => engine().request(r) };

export function ModelsPanel() {
  const listModels = useApp((s) => s.listModels);
  // The worker lists the models saved in IndexedDB (from before a reload) and those loaded since.
  useEffect(() => {
    void listModels();
  }, [listModels]);
  return (
    <div className="panel" data-testid="models-panel">
      <div className="panel-intro">
        <h2>Models</h2>
        <p>
          Pre-trained multilingual encoders (BERT / XLM-R family, safetensors): load, evaluate, fine-tune a few steps, export as a
          sentence-transformers zip.
        </p>
      </div>
      <ModelLoader />
      <ModelJobStatus />
      <ModelList />
      <ModelSelected />
      <ModelResults />
    </div>
  );
}

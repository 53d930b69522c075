/**
 * Real-size step page: the driver (bench/real-size-browser.ts) calls window.__realSizeStep(request); the worker
 * downloads the model from the local Hub imitation, builds the encoder and runs one fine-tuning step, and the
 * result lands in window.__realSizeResult (the driver polls for it: the step takes minutes).
 */
import type { RealSizeStepRequest, RealSizeStepResult, RealSizeWorkerMessage } from './real-size-protocol';

const logEl = document.getElementById('log')!;
const log = (s: string) => {
  logEl.textContent += s + '\n';
  console.log(s);
};
const w = window as unknown as { __realSizeStep: (r: RealSizeStepRequest) => void; __realSizeResult?: RealSizeStepResult };

w.__realSizeStep = (req) => {
  const worker = new Worker(new URL('./real-size.worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (e: MessageEvent<RealSizeWorkerMessage>) => {
    if (e.data.type === 'log') log(e.data.text);
    else {
      w.__realSizeResult = e.data.result;
      worker.terminate();
    }
  };
  worker.onerror = (e) => {
    w.__realSizeResult = { error: `worker error: ${e.message}` };
  };
  worker.postMessage(req);
};
log('ready');

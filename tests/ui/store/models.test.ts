/**
 * The models slice (ui/store/models.ts) against the real EngineClient and a scripted worker: what each Models-tab
 * command asks the worker, the one request in flight (label, progress, cancel), a refusal shown as the error, and
 * what the answers change (list, selection, evaluation, fine-tuned model, comparison).
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EvalResult } from '../../../src/core/eval/types';
import type { AppState } from '../../../src/ui/store';
import type { ModelInfo } from '../../../src/worker/models/model-protocol';
import type { Request, ToWorker } from '../../../src/worker/protocol';
import { ScriptedWorker, settle } from './scripted-worker';

let useApp: { getState: () => AppState; setState: (p: Partial<AppState>) => void };
let w: ScriptedWorker;
let initial: AppState;

beforeAll(async () => {
  (globalThis as { Worker: unknown }).Worker = ScriptedWorker;
  ({ useApp } = await import('../../../src/ui/store'));
  initial = useApp.getState();
  useApp.getState().listModels(); // creates the client (and its worker) for every test below
  w = ScriptedWorker.last;
  w.answer('modelList', []);
  await settle();
});
beforeEach(() =>
  useApp.setState({
    models: initial.models,
    selectedModel: null,
    modelJob: null,
    modelError: null,
    modelForm: initial.modelForm,
    modelEval: null,
    modelFinetuned: null,
    modelComparison: null,
    hubSize: null,
    loaderForm: initial.loaderForm,
  }),
);

const info = (key: string, over: Partial<ModelInfo> = {}): ModelInfo => ({
  key,
  name: key,
  source: 'zip',
  bytes: 1,
  files: [],
  modelType: 'bert',
  layers: 2,
  hidden: 8,
  vocab: 10,
  pooling: 'mean',
  normalize: false,
  maxLength: 128,
  lineage: [],
  runtime: 'tfjs',
  saved: true,
  ...over,
});
const result = { dataset: 'demo:eval' } as unknown as EvalResult;
const lastReq = (type: Request['type']) =>
  ([...w.posted].reverse().find((p) => 'req' in p && p.req.type === type) as { id: number; req: Request }).req;
const st = () => useApp.getState();

describe('models slice', () => {
  it('lists the saved models and selects the last; keeps a selection that is still listed', async () => {
    const listing = st().listModels();
    w.answer('modelList', [info('a'), info('b')]);
    await listing;
    expect(st().models.map((m) => m.key)).toEqual(['a', 'b']);
    expect(st().selectedModel).toBe('b');
    st().selectModel('a');
    const again = st().listModels();
    w.answer('modelList', [info('a'), info('b'), info('c')]);
    await again;
    expect(st().selectedModel).toBe('a');
  });

  it('a listing that fails says so in the error', async () => {
    const listing = st().listModels();
    w.fail('modelList', 'Error', 'IndexedDB is blocked');
    await listing;
    expect(st().modelError).toBe('could not list the saved models: IndexedDB is blocked');
  });

  it("Evaluate asks with the form's dataset and cap, shows its progress, then the result with the runtime as listed after it", async () => {
    useApp.setState({ models: [info('onnx-1', { runtime: 'onnx', devicePref: 'auto' })], selectedModel: 'onnx-1' });
    st().setModelForm({ evalDs: 'demo:train', maxQ: 5 });
    const done = st().evaluateModel();
    expect(lastReq('modelEvaluate')).toEqual({
      type: 'modelEvaluate',
      key: 'onnx-1',
      datasetId: 'demo:train',
      maxQueriesPerLang: 5,
    });
    expect(st().modelJob).toMatchObject({ label: 'evaluate', progress: null });
    w.send({ id: w.asked('modelEvaluate'), kind: 'progress', progress: { phase: 'embed', done: 3, total: 9 } });
    expect(st().modelJob?.progress).toEqual({ phase: 'embed', done: 3, total: 9 });
    w.answer('modelEvaluate', result);
    await settle();
    // The ONNX session started on first use: the list read after the evaluation names its device.
    w.answer('modelList', [info('onnx-1', { runtime: 'onnx', device: 'wasm' })]);
    await done;
    expect(st().modelJob).toBeNull();
    expect(st().modelEval).toEqual({ key: 'onnx-1', runtime: 'ONNX (frozen) on wasm', result });
  });

  it('a fine-tune the worker refuses shows the reason and clears the busy state; the next request clears the error', async () => {
    useApp.setState({ models: [info('m')], selectedModel: 'm' });
    const refused = st().finetuneModel();
    w.fail('modelFinetune', 'BusyError', 'training run "x" is running; pause or stop it');
    await refused;
    expect(st().modelError).toBe('training run "x" is running; pause or stop it');
    expect(st().modelJob).toBeNull();
    expect(st().modelFinetuned).toBeNull();
    const evaluating = st().evaluateModel();
    expect(st().modelError).toBeNull();
    w.fail('modelEvaluate', 'AbortError', 'cancelled');
    await evaluating;
  });

  it('Fine-tune sends the form (top-k trainable, sequence cap 64) and lists, selects and compares with the new model', async () => {
    useApp.setState({ models: [info('m', { maxLength: 512 })], selectedModel: 'm' });
    st().setFinetuneForm({ steps: 3, mode: 'top-k', k: 1 });
    const done = st().finetuneModel();
    const req = lastReq('modelFinetune') as Extract<Request, { type: 'modelFinetune' }>;
    expect(req.params).toMatchObject({
      trainId: 'demo:train',
      evalId: 'demo:eval',
      steps: 3,
      batchSize: 8,
      alpha: 0.5,
      maxLength: 64,
      trainable: { mode: 'top-k', k: 1 },
      evalMaxQueriesPerLang: 20,
    });
    w.answer('modelFinetune', {
      model: info('m-ft', { source: 'finetune' }),
      losses: [1, 0.9, 0.8],
      backend: 'wasm',
      seconds: 1,
    });
    await done;
    expect(st().models.map((m) => m.key)).toEqual(['m', 'm-ft']);
    expect(st().selectedModel).toBe('m-ft');
    expect(st().modelForm.compareWith).toBe('m');
    expect(st().modelFinetuned?.losses).toEqual([1, 0.9, 0.8]);
  });

  it('Cancel cancels the request in flight by its id', async () => {
    useApp.setState({ models: [info('a'), info('b')], selectedModel: 'a' });
    st().setModelForm({ compareWith: 'b' });
    const done = st().compareModels();
    const id = w.asked('modelCompare');
    st().cancelModelJob();
    expect(w.posted.at(-1)).toEqual({ id, cancel: true } satisfies ToWorker);
    w.fail('modelCompare', 'AbortError', 'The operation was aborted');
    await done;
    expect(st().modelComparison).toBeNull();
    expect(st().modelJob).toBeNull();
  });

  it("Remove lists what the worker keeps, reselects, and drops the removed model's evaluation", async () => {
    useApp.setState({ models: [info('a'), info('b')], selectedModel: 'b', modelEval: { key: 'b', runtime: 'tfjs', result } });
    const done = st().removeModel('b');
    w.answer('modelRemove', [info('a')]);
    await done;
    expect(st().models.map((m) => m.key)).toEqual(['a']);
    expect(st().selectedModel).toBe('a');
    expect(st().modelEval).toBeNull();
  });

  it('the loader form: Check size asks for its Hub id and runtime; a new id forgets the size; a folder loads with the ONNX device', async () => {
    st().setLoaderForm({ hubId: ' org/tiny ', baseUrl: 'http://127.0.0.1:9', runtime: 'onnx', device: 'wasm' });
    const sized = st().checkHubSize();
    expect(lastReq('modelHubSize')).toEqual({
      type: 'modelHubSize',
      source: { id: 'org/tiny', baseUrl: 'http://127.0.0.1:9' },
      runtime: 'onnx',
    });
    w.answer('modelHubSize', { files: [{ file: 'onnx/model.onnx', size: 10 }], bytes: 10 });
    await sized;
    expect(st().hubSize).toMatchObject({ id: 'org/tiny', runtime: 'onnx', bytes: 10 });
    st().setLoaderForm({ device: 'webgpu' });
    expect(st().hubSize).not.toBeNull(); // the device does not change which files the Hub has
    st().setLoaderForm({ hubId: 'org/other' });
    expect(st().hubSize).toBeNull();
    const bytes = new ArrayBuffer(4);
    const loading = st().loadModelFiles('tiny', [{ name: 'tiny/config.json', bytes }]);
    expect(lastReq('modelLoadFiles')).toEqual({
      type: 'modelLoadFiles',
      name: 'tiny',
      files: [{ name: 'tiny/config.json', bytes }],
      runtime: 'onnx',
      device: 'webgpu',
    });
    w.answer('modelLoadFiles', info('tiny', { runtime: 'onnx' }));
    await loading;
    expect(st().selectedModel).toBe('tiny');
  });
});

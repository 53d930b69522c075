/**
 * A frozen encoder that runs a model folder's `onnx/model.onnx` through @huggingface/transformers
 * (AutoModel, ONNX Runtime: onnxruntime-node in Node, onnxruntime-web in browsers), fed with the ids of OUR
 * tokenizer (tokenizer.ts — the one the tfjs encoder uses, equal to Hugging Face tokenizers; transformers.js'
 * own tokenizer lowercases a word-final Σ to ς and does not split CJK outside the BMP), and pools like our
 * tfjs encoder (mean over the attention mask / first token, optional L2 normalisation, E5 prefixes
 * from config.json's `hbw` options or a sentence-transformers `1_Pooling/config.json`).
 *
 * Local files only: the folder's bytes are handed over in memory (`ModelFiles`, e.g. from a folder picker, the
 * Hub downloader or disk) and served to transformers.js under `env.localModelPath` through a custom cache and
 * fetch; `env.allowRemoteModels = false`, so nothing is ever fetched from the network. In a browser, pass
 * `wasmPaths` (e.g. `${origin}/ort-wasm/`, which vite.config.ts serves from node_modules) — never a CDN.
 *
 * It is "Encoder-like" (same config, dim, async batch embedding) but not an `Encoder`: ONNX Runtime returns
 * plain arrays asynchronously, nothing is differentiable, so it evaluates and embeds but does not train.
 */
import type { EncoderConfig, EncoderOptions } from './config';
import { maxSequenceLength, parseBertConfig, parseEncoderOptions, stSettings } from './config';
import { embedInBatches, type EncodeOptions } from './encoder';
import type { ModelFiles } from './checkpoint';
import { createTokenizer, parseJsonFile, type Tokenizer } from './tokenizer';

type Transformers = typeof import('@huggingface/transformers');

export interface OnnxEncoderOptions extends Partial<EncoderOptions> {
  /** ONNX file inside the folder; default 'onnx/model.onnx' (transformers.js' fp32 name). */
  onnxFile?: string;
  /** ONNX Runtime device: Node 'cpu' (default there); browsers 'wasm' (default) or 'webgpu'. */
  device?: 'cpu' | 'wasm' | 'webgpu';
  /** Browsers: URL prefix of the ort-wasm-simd-threaded*.{mjs,wasm} files (ending in '/'). */
  wasmPaths?: string;
}

/** The virtual folder under which in-memory models are served to transformers.js. */
export const ONNX_MEMORY_ROOT = '/hbw-onnx-models/';
const ID_PREFIX = 'hbw-mem-';
const folders = new Map<string, ModelFiles>();
let nextId = 0;
let installed: Promise<Transformers> | undefined;

const isNode = typeof process !== 'undefined' && process.release?.name === 'node';

/** `…/hbw-mem-3/onnx/model.onnx` or `…/hbw-mem-3/resolve/main/onnx/model.onnx` → [id, file] of a registered folder. */
function lookup(url: string): { id: string; file: string } | undefined {
  const m = /(hbw-mem-\d+)\/(?:resolve\/[^/]+\/)?(.+)$/.exec(url);
  return m && folders.has(m[1]) ? { id: m[1], file: decodeURIComponent(m[2]) } : undefined;
}

function response(bytes: Uint8Array): Response {
  return new Response(bytes.slice().buffer as ArrayBuffer, {
    status: 200,
    headers: { 'content-length': String(bytes.byteLength) },
  });
}

/** Loads transformers.js once and points it at the in-memory folders (remote models off). */
function transformers(wasmPaths?: string): Promise<Transformers> {
  installed ??= import('@huggingface/transformers').then((t) => {
    const env = t.env;
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = ONNX_MEMORY_ROOT;
    env.useBrowserCache = false;
    env.useFSCache = false;
    // Hits: served from memory (Node asks for the ONNX file "by path" and then reads it back from the cache).
    env.useCustomCache = true;
    env.customCache = {
      match: async (req: string | Request) => {
        const hit = lookup(typeof req === 'string' ? req : req.url);
        const bytes = hit && folders.get(hit.id)![hit.file];
        return bytes ? response(bytes) : undefined;
      },
      put: async () => undefined,
    };
    // Misses under our root (optional files such as special_tokens_map.json) answer 404 without any network.
    const inner = env.fetch;
    env.fetch = (input: string | URL, init?: unknown) => {
      const url = String(input);
      if (url.includes(ONNX_MEMORY_ROOT) || lookup(url)) {
        const hit = lookup(url);
        const bytes = hit && folders.get(hit.id)![hit.file];
        return Promise.resolve(bytes ? response(bytes) : new Response(null, { status: 404 }));
      }
      return inner(input, init);
    };
    return t;
  });
  return installed.then((t) => {
    const wasm = t.env.backends.onnx.wasm;
    if (wasmPaths && wasm) wasm.wasmPaths = wasmPaths;
    return t;
  });
}

interface OrtTensor {
  dims: number[];
  data: Float32Array | BigInt64Array | number[];
  dispose?: () => void;
}
type Model = ((inputs: Record<string, unknown>) => Promise<Record<string, OrtTensor>>) & { dispose(): Promise<unknown> };

export class OnnxEncoder {
  readonly dim: number;
  private disposed = false;

  private constructor(
    readonly config: EncoderConfig,
    private readonly id: string,
    private readonly model: Model,
    /** The same tokenizer class as the tfjs encoder's, from the same files. */
    readonly tokenizer: Tokenizer,
    private readonly inputNames: string[],
    private readonly t: Transformers,
  ) {
    this.dim = config.model.hiddenSize;
  }

  /** Loads `onnx/model.onnx` + tokenizer of an in-memory model folder (config.json, tokenizer.json, …). */
  static async create(files: ModelFiles, opts: OnnxEncoderOptions = {}): Promise<OnnxEncoder> {
    const onnxFile = opts.onnxFile ?? 'onnx/model.onnx';
    if (!files[onnxFile])
      throw new Error(`model folder has no ${onnxFile}: export the model to ONNX first (e.g. optimum-cli export onnx)`);
    const raw = parseJsonFile(files, 'config.json');
    if (!raw) throw new Error('model folder has no config.json');
    const model = parseBertConfig(raw);
    const { onnxFile: _f, device, wasmPaths, ...over } = opts;
    const tokenizer = createTokenizer(files);
    const options = {
      ...parseEncoderOptions(raw, model, parseJsonFile(files, '1_Pooling/config.json'), stSettings(files)),
      ...over,
    };
    options.maxLength = Math.min(options.maxLength, maxSequenceLength(model));
    const t = await transformers(wasmPaths);
    const id = `${ID_PREFIX}${++nextId}`;
    // transformers.js resolves `onnx/<name>.onnx` from subfolder + file name; keep our copy under that name.
    const sub = onnxFile.includes('/') ? onnxFile.slice(0, onnxFile.lastIndexOf('/')) : '';
    folders.set(id, { ...files, [`${sub ? sub + '/' : ''}model.onnx`]: files[onnxFile] });
    try {
      const m = await t.AutoModel.from_pretrained(id, {
        local_files_only: true,
        dtype: 'fp32',
        subfolder: sub,
        device: device ?? (isNode ? 'cpu' : 'wasm'),
      } as Parameters<typeof t.AutoModel.from_pretrained>[1]);
      const sessions = (m as unknown as { sessions?: Record<string, { inputNames?: string[] }> }).sessions ?? {};
      const inputNames = Object.values(sessions)[0]?.inputNames ?? ['input_ids', 'attention_mask', 'token_type_ids'];
      return new OnnxEncoder({ model, ...options }, id, m as unknown as Model, tokenizer, inputNames, t);
    } catch (e) {
      folders.delete(id);
      throw e;
    }
  }

  /** Embeddings of `texts`, row-major [texts.length, dim] (pooled and normalised as config says). */
  async embed(texts: string[], opts: EncodeOptions = {}): Promise<Float32Array> {
    if (this.disposed) throw new Error('OnnxEncoder: disposed');
    if (texts.length === 0) return new Float32Array(0);
    const pre = this.config.prefixes && opts.role ? this.config.prefixes[opts.role] : '';
    const maxLength = Math.min(opts.maxLength ?? this.config.maxLength, maxSequenceLength(this.config.model));
    const b = this.tokenizer.encodeBatch(pre ? texts.map((x) => pre + x) : texts, maxLength);
    const int64 = (a: Int32Array) =>
      new this.t.Tensor(
        'int64',
        BigInt64Array.from(a, (x) => BigInt(x)),
        b.shape,
      ) as unknown as OrtTensor;
    const inputs: Record<string, OrtTensor> = {
      input_ids: int64(b.inputIds),
      attention_mask: int64(b.attentionMask),
      token_type_ids: int64(new Int32Array(b.inputIds.length)),
    };
    const feeds: Record<string, unknown> = {};
    for (const k of this.inputNames) if (inputs[k]) feeds[k] = inputs[k];
    let out: Record<string, OrtTensor> = {};
    try {
      out = await this.model(feeds);
      return this.pool(out, b.attentionMask);
    } finally {
      // Outputs and inputs (ONNX Runtime memory on GPU devices) are released on every path.
      for (const x of [...Object.values(out), ...Object.values(inputs)]) x.dispose?.();
    }
  }

  /** Pooling (mean over the mask / first token / pooler_output) and optional L2 normalisation, [n, dim]. */
  private pool(out: Record<string, OrtTensor>, mask: Int32Array): Float32Array {
    const H = this.dim;
    const hidden = out.last_hidden_state ?? Object.values(out)[0];
    const [n, L] = hidden.dims;
    if (hidden.dims[2] !== H) throw new Error(`ONNX output has width ${hidden.dims[2]}, config.json says hidden_size ${H}`);
    const h = hidden.data as Float32Array;
    const v = new Float32Array(n * H);
    for (let i = 0; i < n; i++) {
      const row = v.subarray(i * H, (i + 1) * H);
      if (this.config.pooling === 'mean') {
        let count = 0;
        for (let j = 0; j < L; j++) {
          if (mask[i * L + j] === 0) continue;
          count++;
          const off = (i * L + j) * H;
          for (let d = 0; d < H; d++) row[d] += h[off + d];
        }
        const c = Math.max(count, 1e-9);
        for (let d = 0; d < H; d++) row[d] /= c;
      } else if (this.config.pooling === 'cls') {
        row.set(h.subarray(i * L * H, i * L * H + H));
      } else {
        const pooled = out.pooler_output;
        if (!pooled) throw new Error('pooling "pooler": the ONNX model has no pooler_output');
        row.set((pooled.data as Float32Array).subarray(i * H, (i + 1) * H));
      }
      if (this.config.normalize) {
        let s = 0;
        for (let d = 0; d < H; d++) s += row[d] * row[d];
        const r = 1 / Math.max(Math.sqrt(s), 1e-12);
        for (let d = 0; d < H; d++) row[d] *= r;
      }
    }
    return v;
  }

  /** Like embedTexts for the tfjs encoder: many texts in batches (sorted by length), input order kept. */
  embedAll(
    texts: readonly string[],
    batchSize: number,
    onProgress?: (done: number, total: number) => void | Promise<void>,
    opts: EncodeOptions = {},
  ): Promise<Float32Array> {
    return embedInBatches(texts, this.dim, batchSize, (batch) => this.embed(batch, opts), onProgress);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    folders.delete(this.id);
    await this.model.dispose();
  }
}

/** Loads an ONNX encoder from an in-memory model folder (see OnnxEncoder). */
export function createOnnxEncoder(files: ModelFiles, opts: OnnxEncoderOptions = {}): Promise<OnnxEncoder> {
  return OnnxEncoder.create(files, opts);
}

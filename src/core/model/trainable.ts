/**
 * Partial fine-tuning: which parameters of a BERT / XLM-R encoder the optimiser trains. Frozen parameters
 * are left out of `Encoder.trainableVariables()`, so the gradient tape never builds a gradient for them and
 * AdamW never allocates moments for them (no gradient memory, no optimiser memory).
 *
 * Modes (`ExperimentConfig.trainable`, default 'all'):
 * - 'all'                 every parameter (the pooler only when it pools), except a big word-embedding matrix
 * - 'all-but-embeddings'  the transformer layers (+ pooler when it pools); every `embeddings.*` frozen
 * - {mode:'top-k', k}     only the top k transformer layers (+ pooler when it pools); k = 0 … num layers
 * - 'pooling-only'        only the pooler dense layer; needs pooling 'pooler' (mean/CLS pooling has no weights)
 *
 * Big vocabularies (> 50,000 rows, e.g. XLM-R's 250,002 × 768 = 768 MB in float32): the word-embedding matrix
 * is ALWAYS frozen, in every mode. A dense gradient for it would be as large as the matrix itself on every
 * step (tfjs has no sparse gradients: our lookup's backward is a dense ScatterNd), and AdamW would add two more
 * matrices of moments — 3 × 768 MB on top of the weights, for rows of which one batch touches a few hundred.
 * We chose freezing over a sparse row update: it is what memory-bound fine-tuning of multilingual encoders
 * commonly does, it keeps the optimiser exact (torch AdamW semantics, shared step counter) and checkpoints
 * unchanged; position / token-type embeddings and the embedding LayerNorm stay trainable under 'all'.
 */
export const BIG_VOCAB_ROWS = 50_000;

export type TrainableMode = 'all' | 'all-but-embeddings' | 'top-k' | 'pooling-only';
export interface TrainableSpec {
  mode: TrainableMode /** Number of top layers for 'top-k'. */;
  k?: number;
}
/** JSON form in experiment configs: a mode name, or `{"mode": "top-k", "k": 2}`. */
export type TrainableSetting = Exclude<TrainableMode, 'top-k'> | TrainableSpec;

const MODES: readonly TrainableMode[] = ['all', 'all-but-embeddings', 'top-k', 'pooling-only'];

export const WORD_EMBEDDINGS = 'embeddings.word_embeddings.weight';

/** A setting as {mode, k}; throws an Error naming the problem and the fix. */
export function parseTrainable(v: unknown): TrainableSpec {
  if (typeof v === 'string') {
    if (v === 'top-k') throw new Error('"top-k" needs k: write {"mode": "top-k", "k": 2}');
    if (!MODES.includes(v as TrainableMode))
      throw new Error(`unknown mode "${v}": use "all", "all-but-embeddings", "pooling-only" or {"mode": "top-k", "k": N}`);
    return { mode: v as TrainableMode };
  }
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as { mode?: unknown; k?: unknown };
    if (typeof o.mode !== 'string' || !MODES.includes(o.mode as TrainableMode))
      throw new Error(`unknown mode ${JSON.stringify(o.mode)}: use "all", "all-but-embeddings", "pooling-only" or "top-k"`);
    if (o.mode === 'top-k') {
      if (typeof o.k !== 'number' || !Number.isInteger(o.k) || o.k < 0)
        throw new Error(`top-k needs a whole number k ≥ 0, got ${JSON.stringify(o.k)}`);
      return { mode: 'top-k', k: o.k };
    }
    return { mode: o.mode as TrainableMode };
  }
  throw new Error(`expected a mode name or {"mode": "top-k", "k": N}, got ${JSON.stringify(v)}`);
}

export function describeTrainable(s: TrainableSetting): string {
  const t = parseTrainable(s);
  return t.mode === 'top-k' ? `top-${t.k}` : t.mode;
}

/** What the selection needs to know about a model. */
export interface TrainableModelInfo {
  numHiddenLayers: number;
  vocabSize: number;
  /** True when the encoder pools with pooler.dense (so the pooler can get a gradient). */
  poolerPools: boolean;
}

/**
 * Whether the parameter `name` (Hugging Face state-dict name) is trained under `spec`. Throws when the spec
 * cannot apply to this model (k above the layer count; pooling-only without a pooler that pools).
 */
export function trainableFilter(spec: TrainableSetting, m: TrainableModelInfo): (name: string) => boolean {
  const s = parseTrainable(spec);
  if (s.mode === 'top-k' && s.k! > m.numHiddenLayers)
    throw new Error(`trainable top-k: k = ${s.k} but the model has only ${m.numHiddenLayers} layers`);
  if (s.mode === 'pooling-only' && !m.poolerPools) {
    throw new Error(
      'trainable "pooling-only": this encoder pools by mean/CLS, which has no weights; use a model with pooling "pooler", or "top-k"',
    );
  }
  const bigVocab = m.vocabSize > BIG_VOCAB_ROWS;
  const firstTrained = s.mode === 'top-k' ? m.numHiddenLayers - s.k! : 0;
  return (name) => {
    if (name.startsWith('pooler.')) return m.poolerPools; // no gradient unless it pools: never listed then
    if (name === WORD_EMBEDDINGS && bigVocab) return false;
    switch (s.mode) {
      case 'all':
        return true;
      case 'all-but-embeddings':
        return !name.startsWith('embeddings.');
      case 'pooling-only':
        return false;
      case 'top-k': {
        const layer = /^encoder\.layer\.(\d+)\./.exec(name);
        return layer !== null && Number(layer[1]) >= firstTrained;
      }
    }
  };
}

/**
 * Export a (fine-tuned) encoder as a sentence-transformers folder — bytes only, no disk: the CLI writes it to a
 * folder, the browser zips it (core/util/zip.ts) for download. Layout, as `SentenceTransformer(path)` loads it:
 *
 *   config.json, model.safetensors, tokenizer files     module 0: models.Transformer (path "")
 *   sentence_bert_config.json                           its max_seq_length / do_lower_case
 *   1_Pooling/config.json                               module 1: models.Pooling (mean or CLS)
 *   2_Dense/{config.json, model.safetensors}            only for pooling "pooler": tanh(dense(CLS)), HF's pooler
 *   modules.json                                        the module list; models.Normalize last when normalised
 *   config_sentence_transformers.json                   prompts (our E5 prefixes), similarity "cosine"
 *   README.md                                           model card: training config, α, data, per-language
 *                                                       results and bias of the last evaluation, lineage
 *   lineage.json                                        the same lineage, machine-readable (+ this model's name)
 *
 * config.json keeps our options under `hbw`, so createEncoder on the exported files gives the same embeddings.
 * Normalize has no files (a hub repo cannot hold an empty folder either; sentence-transformers does not need it).
 */
import type { EvalResult, SettingName } from '../eval/types';
import type { ExperimentConfig } from '../experiment/config';
import type { ModelFiles } from './checkpoint';
import { parseBertConfig, parseEncoderOptions, stSettings } from './config';
import { readModelWeights, writeSafetensors } from './safetensors';
import { parseJsonFile } from './tokenizer';
import { describeTrainable } from './trainable';

export interface ModelCardInfo {
  /** Model name (card title). */
  name?: string;
  /** The experiment config the model was trained with. */
  config?: ExperimentConfig;
  /** Ancestry, oldest first (bases, pre-trainings, checkpoints). */
  lineage?: string[];
  /** The last evaluation and the step it was taken at. */
  evaluation?: { step?: number; result: EvalResult };
  /** Steps actually trained (may differ from config.steps for a paused run). */
  trainedSteps?: number;
  /** tfjs backend that trained it. */
  backend?: string;
  /** ISO date for the card; default now. */
  date?: string;
}

/** Files a training checkpoint has that a published model does not. */
const DROP = new Set([
  'trainer_state.json',
  'optimizer.safetensors',
  'lineage.json',
  'modules.json',
  'sentence_bert_config.json',
  'config_sentence_transformers.json',
  'README.md',
]);
const ST_VERSION = '3.0.0';

const json = (v: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(v, null, 2) + '\n');

export const ST_MODULE = {
  transformer: 'sentence_transformers.models.Transformer',
  pooling: 'sentence_transformers.models.Pooling',
  dense: 'sentence_transformers.models.Dense',
  normalize: 'sentence_transformers.models.Normalize',
} as const;

/**
 * The sentence-transformers folder for a model folder in our HF layout (saveEncoder / a checkpoint). The
 * weights are taken over byte for byte; training-only files (trainer state, optimiser moments) are dropped.
 */
export function sentenceTransformersFiles(model: ModelFiles, info: ModelCardInfo = {}): ModelFiles {
  const raw = parseJsonFile(model, 'config.json');
  if (!raw) throw new Error('export: the model folder has no config.json');
  if (!model['model.safetensors'] && !model['model.safetensors.index.json'])
    throw new Error('export: the model folder has no model.safetensors');
  const bert = parseBertConfig(raw);
  const opts = parseEncoderOptions(raw, bert, parseJsonFile(model, '1_Pooling/config.json'), stSettings(model));
  const H = bert.hiddenSize;
  const out: ModelFiles = {};
  for (const [k, v] of Object.entries(model)) if (!DROP.has(k) && !/^\d+_[A-Za-z]+\//.test(k)) out[k] = v;

  const modules: Array<{ idx: number; name: string; path: string; type: string }> = [
    { idx: 0, name: '0', path: '', type: ST_MODULE.transformer },
  ];
  const add = (folder: string, type: string) =>
    modules.push({ idx: modules.length, name: String(modules.length), path: `${modules.length}_${folder}`, type });
  const cls = opts.pooling !== 'mean';
  out['sentence_bert_config.json'] = json({ max_seq_length: opts.maxLength, do_lower_case: false });
  add('Pooling', ST_MODULE.pooling);
  out[`1_Pooling/config.json`] = json({
    word_embedding_dimension: H,
    pooling_mode_cls_token: cls,
    pooling_mode_mean_tokens: !cls,
    pooling_mode_max_tokens: false,
    pooling_mode_mean_sqrt_len_tokens: false,
    pooling_mode_weightedmean_tokens: false,
    pooling_mode_lasttoken: false,
    include_prompt: true,
  });
  if (opts.pooling === 'pooler') {
    // HF's pooler = tanh(dense(CLS)): sentence-transformers' Dense module with a Tanh activation.
    const w = readModelWeights(model);
    const weight = w.get('pooler.dense.weight'),
      bias = w.get('pooler.dense.bias');
    if (!weight || !bias) throw new Error('export: pooling "pooler" but the weights have no pooler.dense');
    add('Dense', ST_MODULE.dense);
    const dir = `${modules.length - 1}_Dense`;
    out[`${dir}/config.json`] = json({
      in_features: H,
      out_features: H,
      bias: true,
      activation_function: 'torch.nn.modules.activation.Tanh',
    });
    out[`${dir}/model.safetensors`] = writeSafetensors(
      new Map([
        ['linear.weight', weight],
        ['linear.bias', bias],
      ]),
    );
  }
  if (opts.normalize) add('Normalize', ST_MODULE.normalize);
  out['modules.json'] = json(modules);
  out['config_sentence_transformers.json'] = json({
    __version__: { sentence_transformers: ST_VERSION },
    model_type: 'SentenceTransformer',
    prompts: opts.prefixes ? { query: opts.prefixes.query, passage: opts.prefixes.passage } : {},
    default_prompt_name: null,
    similarity_fn_name: 'cosine',
  });
  // Machine-readable ancestry for whoever loads this folder (readLineage): the ancestors, then this model.
  const self = info.name ?? info.config?.name;
  if (info.lineage?.length || self) out['lineage.json'] = json({ lineage: [...(info.lineage ?? []), ...(self ? [self] : [])] });
  out['README.md'] = new TextEncoder().encode(
    modelCard(
      { ...info },
      {
        pooling: opts.pooling,
        normalize: opts.normalize,
        maxLength: opts.maxLength,
        prefixes: opts.prefixes,
        modelType: bert.modelType,
        hidden: H,
        layers: bert.numHiddenLayers,
        vocab: bert.vocabSize,
      },
    ),
  );
  return out;
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
const f4 = (x: number | undefined): string => (x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(4));
const f1 = (x: number | undefined): string => (x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(1));

interface Arch {
  pooling: string;
  normalize: boolean;
  maxLength: number;
  prefixes: { query: string; passage: string } | null;
  modelType: string;
  hidden: number;
  layers: number;
  vocab: number;
}

/** README.md in the Hugging Face model-card format (YAML front matter + markdown). */
export function modelCard(info: ModelCardInfo, a: Arch): string {
  const c = info.config;
  const r = info.evaluation?.result;
  const name = info.name ?? c?.name ?? 'hbw-model';
  const langs = [...new Set([...(r?.langs ?? []), ...(c?.langs ?? [])])].filter((l) => /^[a-z]{2,3}$/.test(l)).sort();
  const lines: string[] = [
    '---',
    'library_name: sentence-transformers',
    'pipeline_tag: sentence-similarity',
    'tags:',
    '- sentence-transformers',
    '- sentence-similarity',
    '- feature-extraction',
    '- dense-retrieval',
    '- hybrid-batch-workbench',
  ];
  if (langs.length) lines.push('language:', ...langs.map((l) => `- ${l}`));
  lines.push('---', '', `# ${name}`, '');
  lines.push(
    `A ${a.modelType} text encoder (${a.layers} layers, hidden ${a.hidden}, vocabulary ${a.vocab}) fine-tuned for multilingual dense retrieval with **hybrid batches** in Hybrid Batch Workbench: each batch is monolingual with probability α, cross-lingual otherwise.`,
    '',
  );
  lines.push(
    `Embeddings: ${a.pooling === 'pooler' ? 'tanh(dense(CLS)) (the BERT pooler)' : a.pooling === 'cls' ? 'the first token (CLS)' : 'mean over tokens'}${a.normalize ? ', L2-normalised' : ''}; at most ${a.maxLength} tokens; cosine similarity.`,
    '',
  );
  lines.push(
    '## Usage',
    '',
    '```python',
    'from sentence_transformers import SentenceTransformer',
    '',
    'model = SentenceTransformer("path/to/this/folder")',
  );
  if (a.prefixes)
    lines.push('queries = model.encode(["..."], prompt_name="query")', 'passages = model.encode(["..."], prompt_name="passage")');
  else lines.push('queries = model.encode(["..."])', 'passages = model.encode(["..."])');
  lines.push('scores = model.similarity(queries, passages)', '```', '');

  lines.push('## Training', '');
  if (c) {
    const data = (d: ExperimentConfig['train']) =>
      d.source === 'demo' ? `embedded demo (${d.split} split)` : `${d.path}${d.split ? ` (${d.split})` : ''}`;
    const rows: Array<[string, string]> = [
      ['α (probability of a monolingual batch)', String(c.alpha)],
      ['training data', data(c.train)],
      ['evaluation data', data(c.eval)],
      ['training languages', c.langs.length ? c.langs.join(', ') : 'all of the training set'],
      ['held-out (zero-shot) languages', c.heldOutLangs.length ? c.heldOutLangs.join(', ') : 'none'],
      [
        'per-language caps',
        Object.keys(c.caps).length
          ? Object.entries(c.caps)
              .map(([l, n]) => `${l}: ${n}`)
              .join(', ')
          : 'none',
      ],
      [
        'steps',
        info.trainedSteps !== undefined && info.trainedSteps !== c.steps ? `${info.trainedSteps} of ${c.steps}` : String(c.steps),
      ],
      ['batch size', String(c.batchSize)],
      ['loss', `InfoNCE (${c.lossVariant}), temperature ${c.temperature}, hard negatives: ${c.hardNegatives}`],
      [
        'optimiser',
        `AdamW, lr ${c.lr}, weight decay ${c.weightDecay}, ${c.warmupSteps} warm-up steps then linear decay, gradient clip ${c.gradClip || 'off'}`,
      ],
      ['trainable parameters', describeTrainable(c.trainable ?? 'all')],
      ['max tokens', String(c.maxLength)],
      ['seed', String(c.seed)],
    ];
    if (info.backend) rows.push(['tfjs backend', info.backend]);
    lines.push('| setting | value |', '|---|---|', ...rows.map(([k, v]) => `| ${cell(k)} | ${cell(v)} |`), '');
    lines.push(
      '<details><summary>experiment config (JSON)</summary>',
      '',
      '```json',
      JSON.stringify(c, null, 2),
      '```',
      '',
      '</details>',
      '',
    );
  } else lines.push('No training configuration was recorded with this model.', '');

  lines.push('## Evaluation', '');
  if (r) {
    lines.push(
      `Last evaluation${info.evaluation?.step !== undefined ? ` at step ${info.evaluation.step}` : ''} on ${cell(r.dataset)} (${r.counts.queries} queries, ${r.counts.candidates} candidates; LAReQA protocol).`,
      '',
    );
    const settings = (['monolingual', 'crosslingual', 'multilingual'] as SettingName[]).filter((s) => r.settings[s]);
    lines.push('| setting | mAP | recall@1 | recall@10 | mrr@10 | ndcg@10 | queries |', '|---|---|---|---|---|---|---|');
    for (const s of settings) {
      const m = r.settings[s]!;
      lines.push(
        `| ${s} | ${f4(m.map)} | ${f4(m['recall@1'])} | ${f4(m['recall@10'])} | ${f4(m['mrr@10'])} | ${f4(m['ndcg@10'])} | ${m.queries} |`,
      );
    }
    lines.push('');
    const b = r.languageBias;
    if (b)
      lines.push(
        `Language bias (mean max-rank distance of a query's relevant translations in the multilingual pool; lower is better): **${f1(b.meanMaxRankDistance)}**; share of top-10 results in the query's own language: ${(100 * b.sameLanguageTop10).toFixed(1)} %.`,
        '',
      );
    lines.push(
      'Per query language (mAP):',
      '',
      `| language | ${settings.join(' | ')} | bias | same-language top-10 |`,
      `|---|${settings.map(() => '---|').join('')}---|---|`,
    );
    for (const l of r.langs) {
      const ms = settings.map((s) => f4(r.settings[s]!.byQueryLang[l]?.map));
      lines.push(
        `| ${cell(l)} | ${ms.join(' | ')} | ${f1(b?.byQueryLang[l])} | ${b?.sameLanguageTop10ByQueryLang[l] === undefined ? '–' : (100 * b.sameLanguageTop10ByQueryLang[l]).toFixed(1) + ' %'} |`,
      );
    }
    lines.push('');
  } else lines.push('No evaluation was recorded with this model.', '');

  lines.push('## Lineage', '');
  const lineage = info.lineage ?? [];
  if (lineage.length)
    lines.push('Oldest first:', '', ...lineage.map((l, i) => `${i + 1}. ${cell(l)}`), `${lineage.length + 1}. this model`, '');
  else lines.push('No recorded ancestry.', '');
  lines.push(`Exported by Hybrid Batch Workbench on ${(info.date ?? new Date().toISOString()).slice(0, 10)}.`, '');
  return lines.join('\n');
}

/** A zip's files under one top-level folder (how most tools zip a folder) → the files relative to it. */
export function stripCommonRoot(files: ModelFiles): ModelFiles {
  const names = Object.keys(files);
  if (names.length === 0 || names.some((n) => !n.includes('/'))) return files;
  const root = names[0].slice(0, names[0].indexOf('/') + 1);
  if (!names.every((n) => n.startsWith(root))) return files;
  return Object.fromEntries(names.map((n) => [n.slice(root.length), files[n]]));
}

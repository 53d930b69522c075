/**
 * `cli recipe`: one experiment as a self-contained Python project for sentence-transformers on PyTorch DDP
 * (torchrun / accelerate / Slurm). The Python files are real files under recipe-templates/ (the host reads
 * them); this module adds the experiment's own parts — README with the exact commands and the field-by-field
 * mapping, pinned requirements, the config, the data — and refuses what the recipe cannot reproduce.
 */
import type { Dataset } from '../data/types';
import { ConfigError, type ExperimentConfig } from '../experiment/config';
import { evalDatasetJson, trainPairsJsonl } from './export-data';

/** The Python files of every recipe, in recipe-templates/. */
export const RECIPE_TEMPLATE_FILES = [
  'hybrid_sampler.py',
  'train.py',
  'evaluate.py',
  'retrieval_metrics.py',
  'ddp_check.py',
] as const;

/**
 * Pinned versions: sentence-transformers 5.1.2 (≥ 5.1 for MultipleNegativesRankingLoss(gather_across_devices=True),
 * ≥ 5.0 for a custom multi_dataset_batch_sampler) and releases of the same weeks that it supports
 * (transformers < 5). Import name → pip requirement; the tests check every import of the scripts against it.
 */
export const RECIPE_REQUIREMENTS: ReadonlyArray<{ module: string; requirement: string }> = [
  { module: 'sentence_transformers', requirement: 'sentence-transformers==5.1.2' },
  { module: 'transformers', requirement: 'transformers==4.57.1' },
  { module: 'torch', requirement: 'torch==2.8.0' },
  { module: 'accelerate', requirement: 'accelerate==1.10.1' },
  { module: 'datasets', requirement: 'datasets==4.0.0' },
  { module: 'numpy', requirement: 'numpy==2.2.6' },
];

export interface RecipeModel {
  /** What train.py starts from by default: 'base-model' (exported here), a Hub id, or null (must be given). */
  default: string | null;
  /** How it came about, for the README. */
  note: string;
}

export interface RecipeInputs {
  config: ExperimentConfig;
  train: Dataset;
  eval: Dataset;
  /** File name → text of each RECIPE_TEMPLATE_FILES entry. */
  templates: Record<string, string>;
  model: RecipeModel;
  toolVersion: string;
}

/** Everything the recipe folder holds except an exported base model: relative path → text. */
export function buildRecipe(inp: RecipeInputs): Record<string, string> {
  const cfg = inp.config;
  if (cfg.hardNegatives !== 'none') {
    throw new ConfigError(
      'hardNegatives',
      `"${cfg.hardNegatives}" has no sentence-transformers equivalent in the recipe (the workbench draws a new negative at every use)`,
      'set "hardNegatives": "none" for the recipe',
    );
  }
  const files: Record<string, string> = {};
  for (const name of RECIPE_TEMPLATE_FILES) {
    const text = inp.templates[name];
    if (text === undefined) throw new Error(`recipe template ${name} is missing`);
    files[name] = text;
  }
  files['experiment.json'] = JSON.stringify(cfg, null, 2) + '\n';
  files['recipe.json'] =
    JSON.stringify(
      {
        format: 'hbw-recipe',
        version: 1,
        tool: inp.toolVersion,
        model: inp.model.default,
        train: inp.train.name,
        eval: inp.eval.name,
      },
      null,
      2,
    ) + '\n';
  files['requirements.txt'] =
    [
      '# Pinned for the recipe (sentence-transformers >= 5.1 API; see README.md).',
      ...RECIPE_REQUIREMENTS.map((r) => r.requirement),
    ].join('\n') + '\n';
  files['data/train.jsonl'] = trainPairsJsonl(inp.train);
  files['data/eval.json'] = evalDatasetJson(inp.eval);
  files['train.sbatch'] = sbatchScript(inp);
  files['README.md'] = recipeReadme(inp);
  return files;
}

function trainableNote(t: ExperimentConfig['trainable']): string {
  if (typeof t === 'string') return `\`${t}\``;
  return `\`{"mode": "top-k", "k": ${t.k}}\``;
}

function recipeReadme({ config: c, train, eval: ev, model }: RecipeInputs): string {
  const world = [2, 4, 8].find((w) => c.batchSize % w === 0) ?? 1;
  const modelArg = model.default ? '' : ' --model <hub id or sentence-transformers folder>';
  const rows: Array<[string, string, string]> = [
    ['name', JSON.stringify(c.name), 'run name in `run.json` / `results.json`'],
    ['train', JSON.stringify(c.train), `exported to \`data/train.jsonl\` (${train.queries.length} queries of "${train.name}")`],
    [
      'eval',
      JSON.stringify(c.eval),
      `exported to \`data/eval.json\` (${ev.queries.length} queries, ${ev.candidates.length} candidates of "${ev.name}"), used by \`evaluate.py\``,
    ],
    [
      'langs / heldOutLangs / caps',
      `${JSON.stringify(c.langs)} / ${JSON.stringify(c.heldOutLangs)} / ${JSON.stringify(c.caps)}`,
      'honoured by `hybrid_sampler.py` exactly as by the workbench (same capped subsets)',
    ],
    ['alpha', String(c.alpha), '`hybrid_sampler.py`: mono batch with probability α, same PRNG and draw order'],
    [
      'batchSize',
      String(c.batchSize),
      '**global** batch: `per_device_train_batch_size = batchSize / W`; the W chunks are gathered back into one batch by the loss',
    ],
    ['steps', String(c.steps), '`max_steps`'],
    ['lr', String(c.lr), '`learning_rate` (torch AdamW, betas 0.9/0.999, eps 1e-8 as the workbench)'],
    [
      'warmupSteps',
      String(c.warmupSteps),
      '`warmup_steps`, `lr_scheduler_type="linear"` (decay to 0 at `max_steps`, the same schedule)',
    ],
    [
      'weightDecay',
      String(c.weightDecay),
      'torch AdamW `weight_decay` on **every** trainable parameter (the workbench decays all; the HF default would skip biases and LayerNorm)',
    ],
    ['gradClip', String(c.gradClip), '`max_grad_norm` (0 disables clipping in both)'],
    [
      'temperature',
      String(c.temperature),
      `\`MultipleNegativesRankingLoss(scale=1/τ = ${+(1 / c.temperature).toPrecision(6)}, gather_across_devices=True)\``,
    ],
    [
      'lossVariant',
      JSON.stringify(c.lossVariant),
      'without hard negatives "mnrl" and "paper" are the same loss: MultipleNegativesRankingLoss',
    ],
    [
      'hardNegatives',
      JSON.stringify(c.hardNegatives),
      'only "none": the workbench draws a fresh negative at each use, which a fixed dataset column cannot express (the recipe refuses other modes)',
    ],
    [
      'seed',
      String(c.seed),
      "the sampler's seed (same batches) and `seed` of the trainer; the model init is not comparable (different framework)",
    ],
    [
      'evalEvery / evalSettings / evalMaxQueriesPerLang',
      `${c.evalEvery} / ${JSON.stringify(c.evalSettings)} / ${c.evalMaxQueriesPerLang}`,
      '**no equivalent during training**; `evaluate.py --settings` runs the final (full) evaluation of the chosen settings',
    ],
    [
      'probeEvery / probeQueriesPerLang',
      `${c.probeEvery} / ${c.probeQueriesPerLang}`,
      '**no equivalent**: the probe set only watches training; it never changes the batches or the weights',
    ],
    ['checkpointEvery', String(c.checkpointEvery), '`save_steps` (0 = only the final model)'],
    [
      'checkpointEverySeconds',
      String(c.checkpointEverySeconds),
      '**no equivalent**: the trainer saves by steps (`save_steps`); a preempted cluster job resumes from its last step checkpoint',
    ],
    ['maxLength', String(c.maxLength), '`model.max_seq_length` (training and evaluation)'],
    ['model / baseCheckpoint', `${JSON.stringify(c.model)} / ${JSON.stringify(c.baseCheckpoint)}`, model.note],
    [
      'trainable',
      trainableNote(c.trainable),
      '`train.py` freezes the same parameter groups of the Transformer module (`embeddings.*`, all but the top k layers); a word-embedding matrix of > 50,000 rows is frozen in every mode as in the workbench (`--train-big-embeddings` lifts that); "pooling-only" needs a model whose pooling has weights',
    ],
  ];
  return `# ${c.name}: the workbench experiment on PyTorch DDP (sentence-transformers)

Generated by \`npm run cli -- recipe\` of the Hybrid Batch Workbench. Same sampler (\`hybrid_sampler.py\`: the
workbench's HybridBatchSampler, same PRNG and draw order, so the same seed gives the same batches), same loss
(InfoNCE = MultipleNegativesRankingLoss with τ as 1/scale), same evaluation (\`evaluate.py\`: the zero-shot
protocol, every metric, language bias, FNV-1a tie-break) — on as many GPUs as you have.

## Install

\`\`\`bash
python3 -m venv .venv && . .venv/bin/activate
pip install -r requirements.txt          # pinned; sentence-transformers 5.1.2 (needs >= 5.1)
\`\`\`

## Train

One process per GPU. \`batchSize\` (${c.batchSize}) is the global batch: with W processes each gets ${c.batchSize} / W pairs,
so W must divide it (${c.batchSize}: W ∈ {${[1, 2, 3, 4, 5, 6, 7, 8].filter((w) => c.batchSize % w === 0).join(', ')}} up to 8).

\`\`\`bash
# one machine, ${world} GPUs
torchrun --nproc_per_node=${world} train.py${modelArg} --output-dir output

# the same with accelerate
accelerate launch --multi_gpu --num_processes=${world} train.py${modelArg} --output-dir output

# one GPU or CPU
python train.py${modelArg} --output-dir output
\`\`\`

Several nodes with Slurm: \`sbatch train.sbatch\` (${slurmNote(c.batchSize)}):

\`\`\`bash
${sbatchScript({ config: c, model }).trimEnd()}
\`\`\`

\`train.py\` saves the model as a sentence-transformers folder in \`output/model\` (the workbench loads it: Models tab
or \`--model\`). Check the distributed pieces first, without sentence-transformers: \`torchrun --nproc_per_node=2
ddp_check.py\` (the sampler under rank sharding, and the gathered loss against the combined batch to 1e-6).

## Evaluate and bring the results back

\`\`\`bash
python evaluate.py --model output/model --out output/run     # one process is enough
\`\`\`

\`output/run\` is a workbench run bundle: \`run.json\` (origin "python-recipe"), \`experiment.json\`, \`results.json\`
(the CLI \`eval\` schema: mono / cross / multi, map, recall@1/5/10/100, mrr@10, ndcg@10 per language and macro,
language bias, same-language top 10) and \`run.trec\` (top 1000 per query; \`--run-depth 0\` for every candidate).
Open the folder (or a zip of it) in the workbench beside the browser runs.

## Batches: the same as the workbench's

\`\`\`bash
python3 hybrid_sampler.py --steps 1000 --world-size ${world} --out batches.jsonl
# in the workbench: npm run cli -- batches --config experiment.json --steps 1000 --world-size ${world} --out batches.jsonl
\`\`\`

Both write one line per (step, rank) — \`{"step","rank","kind","lang","langs","size","pairs"}\`, pairs as
\`<queryLang>><passageLang>:<id>\` — byte-identical. Step s, rank r is entry \`s·W + r\` of the batch sampler's
sequence; accelerate hands rank r the entries r, r + W, r + 2W, …, so rank r trains on pairs
\`[r·B/W, (r+1)·B/W)\` of the workbench's batch s, and all W chunks of a step are of one kind (all monolingual in one
language, or all cross-lingual). The gathered in-batch negatives are therefore exactly the workbench batch's.
A batch the sampler cannot fill (a capped language with fewer questions than the batch) cannot be cut into equal
chunks: \`train.py\` checks every step before training and refuses with W > 1.

## Config field → trainer

| field | value | in the recipe |
|---|---|---|
${rows.map(([f, v, m]) => `| \`${f}\` | \`${v.replace(/\|/g, '\\|')}\` | ${m} |`).join('\n')}

Not reproduced: the workbench's tfjs numerics (float32 kernels, its init); in-training evaluations and their
events; the browser's run queue. Data: \`data/train.jsonl\` is the workbench's JSONL pairs format (one line per
question and language; lines sharing \`id\` are translations), importable back with \`--data data/train.jsonl\`.
`;
}

/** Nodes × GPUs per node for the Slurm example: 2 nodes with as many GPUs (≤ 4) as keep W dividing batchSize. */
function slurmShape(batchSize: number): { nodes: number; gpus: number } {
  const gpus = [4, 2, 1].find((g) => batchSize % (2 * g) === 0);
  return gpus ? { nodes: 2, gpus } : { nodes: 1, gpus: 1 };
}

function slurmNote(batchSize: number): string {
  const { nodes, gpus } = slurmShape(batchSize);
  return nodes === 1
    ? `batchSize ${batchSize} is odd, so it splits over no more than one process: raise it to an even number to use several nodes`
    : `${nodes} nodes × ${gpus} GPUs = W ${nodes * gpus}, which divides batchSize ${batchSize}; change both numbers together`;
}

function sbatchScript({ config: c, model }: Pick<RecipeInputs, 'config' | 'model'>): string {
  const { nodes, gpus } = slurmShape(c.batchSize);
  const modelArg = model.default ? '' : ' --model <hub id or sentence-transformers folder>';
  return `#!/bin/bash
#SBATCH --job-name=${c.name.replace(/[^A-Za-z0-9_.-]/g, '_')}
#SBATCH --nodes=${nodes}
#SBATCH --ntasks-per-node=1
#SBATCH --gpus-per-node=${gpus}
#SBATCH --cpus-per-task=16
#SBATCH --time=04:00:00
# One torchrun per node; each starts one process per GPU and meets the other nodes at the first node.
head=$(scontrol show hostnames "$SLURM_JOB_NODELIST" | head -n 1)
srun torchrun --nnodes="$SLURM_NNODES" --nproc_per_node=${gpus} \\
  --rdzv_id="$SLURM_JOB_ID" --rdzv_backend=c10d --rdzv_endpoint="$head:29500" \\
  train.py${modelArg} --output-dir output
`;
}

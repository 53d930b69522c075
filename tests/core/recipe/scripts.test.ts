/**
 * The generated Python: every script compiles, imports only the standard library, the recipe's own modules and
 * what requirements.txt pins (checked with `ast`, imports inside functions included); the pins are exact and
 * sentence-transformers is ≥ 5.1. evaluate.py's bundle writer produces a run bundle per the shared contract.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { DEFAULT_CONFIG } from '../../../src/core/experiment/config';
import { RECIPE_TEMPLATE_FILES } from '../../../src/core/recipe/recipe';
import { pythonTest, runPython } from '../../helpers/python';
import { demoRecipe } from './fixture';

const pyIt = pythonTest(['numpy']);

const IMPORTS = `
import ast, json, pathlib, sys
d = pathlib.Path(sys.argv[1])
pins = {}
for line in (d / "requirements.txt").read_text().splitlines():
    line = line.strip()
    if line and not line.startswith("#"):
        name, _, version = line.partition("==")
        pins[name.replace("-", "_").lower()] = version
local = {p.stem for p in d.glob("*.py")}
allowed = set(sys.stdlib_module_names) | set(pins) | local
report = {"pins": pins, "bad": {}, "used": {}}
for p in sorted(d.glob("*.py")):
    tree = ast.parse(p.read_text(encoding="utf-8"), filename=str(p))
    mods = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            mods |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            mods.add(node.module.split(".")[0])
    report["used"][p.name] = sorted(mods - set(sys.stdlib_module_names))
    bad = sorted(m for m in mods if m not in allowed)
    if bad:
        report["bad"][p.name] = bad
print(json.dumps(report))
`;

describe('generated scripts', () => {
  pyIt('compile, and import only the standard library, each other and requirements.txt', () => {
    const { dir, files } = demoRecipe({});
    runPython(['-m', 'py_compile', ...RECIPE_TEMPLATE_FILES.map((f) => join(dir, f))]);
    const rep = JSON.parse(runPython(['-c', IMPORTS, dir]).stdout) as {
      pins: Record<string, string>;
      bad: Record<string, string[]>;
      used: Record<string, string[]>;
    };
    expect(rep.bad).toEqual({});
    for (const [name, v] of Object.entries(rep.pins)) expect(v, `${name} pinned exactly`).toMatch(/^\d+\.\d+(\.\d+)?$/);
    const [maj, min] = rep.pins.sentence_transformers.split('.').map(Number);
    expect(maj > 5 || (maj === 5 && min >= 1)).toBe(true);
    // The metric module and the sampler stay runnable without the training stack.
    expect(rep.used['retrieval_metrics.py']).toEqual(['numpy']);
    expect(rep.used['hybrid_sampler.py']).toEqual(['sentence_transformers']); // optional: guarded by ImportError
    expect(files['hybrid_sampler.py']).toMatch(/except ImportError:/);
    expect(rep.used['train.py']).toEqual(expect.arrayContaining(['sentence_transformers', 'datasets', 'torch']));
  });

  pyIt('evaluate.py writes a run bundle (run.json per the shared contract, results.json, run.trec)', () => {
    const { dir } = demoRecipe({ name: 'bundle-test' });
    const script = `
import json, sys
import numpy as np
sys.path.insert(0, sys.argv[1])
import evaluate, retrieval_metrics
d = sys.argv[1]
data = json.load(open(d + "/data/eval.json", encoding="utf-8"))
cfg = json.load(open(d + "/experiment.json", encoding="utf-8"))
rng = np.random.default_rng(0)
q = rng.standard_normal((len(data["queries"]), 8)).astype(np.float32)
c = rng.standard_normal((len(data["candidates"]), 8)).astype(np.float32)
out = d + "/bundle"
import os; os.makedirs(out)
trec = open(out + "/run.trec", "w")
def on_ranking(qi, ranked, scores):
    q = data["queries"][qi]
    for r in range(3):
        trec.write(f"{q['lang']}:{q['xlingId']} Q0 {data['candidates'][ranked[r]]['uid']} {r + 1} {evaluate.js_number(scores[r])} t\\n")
res = retrieval_metrics.evaluate(data, q, c, ["multilingual"], on_ranking=on_ranking)
trec.close()
evaluate.write_bundle(out, cfg, res, "run.trec", "/models/x", {"recipe": "test"}, False)
print(evaluate.js_number(1.0), evaluate.js_number(1.5e-07), evaluate.js_number(0.25))
`;
    const r = runPython(['-c', script, dir]);
    expect(r.stdout.trim()).toBe('1 1.5e-7 0.25');
    const run = JSON.parse(readFileSync(join(dir, 'bundle', 'run.json'), 'utf8'));
    expect(run).toMatchObject({
      format: 'hbw-run-bundle',
      version: 1,
      status: 'finished',
      name: 'bundle-test (PyTorch DDP)',
      origin: { tool: 'python-recipe', version: 'test' },
      files: { experiment: 'experiment.json', results: 'results.json', run: 'run.trec' },
    });
    expect(run.id).toMatch(/^python-recipe-[0-9a-f]{12}$/);
    expect(Number.isNaN(Date.parse(run.createdAt))).toBe(false);
    for (const f of ['experiment.json', 'results.json', 'run.trec']) expect(existsSync(join(dir, 'bundle', f))).toBe(true);
    const results = JSON.parse(readFileSync(join(dir, 'bundle', 'results.json'), 'utf8'));
    expect(Object.keys(results.settings)).toEqual(['multilingual']);
    expect(results.languageBias.meanMaxRankDistance).toBeGreaterThan(0);
    expect(readFileSync(join(dir, 'bundle', 'run.trec'), 'utf8').split('\n')[0]).toMatch(/^\S+:\S+ Q0 \S+ 1 -?[\d.e-]+ t$/);
  });

  pyIt('README: the exact launch commands and a row for every config field', () => {
    const { files } = demoRecipe({});
    const readme = files['README.md'];
    expect(readme).toMatch(/torchrun --nproc_per_node=2 train\.py/);
    expect(readme).toMatch(/accelerate launch --multi_gpu --num_processes=2 train\.py/);
    expect(readme).toMatch(/#SBATCH --nodes=2[\s\S]*srun torchrun --nnodes="\$SLURM_NNODES"/);
    expect(files['train.sbatch']).toMatch(
      /^#!\/bin\/bash\n#SBATCH --job-name=demo\n#SBATCH --nodes=2\n[\s\S]*--nproc_per_node=4 /,
    );
    // W = nodes × GPUs must divide the batch: batch 100 (the paper's) → 2 nodes × 2 GPUs.
    expect(demoRecipe({ batchSize: 100 }).files['train.sbatch']).toMatch(/--gpus-per-node=2\n[\s\S]*--nproc_per_node=2 /);
    const table = readme.split('## Config field → trainer')[1];
    const firstCells = table
      .split('\n')
      .filter((l) => l.startsWith('| `'))
      .map((l) => l.split('|')[1]);
    for (const field of Object.keys(DEFAULT_CONFIG))
      expect(
        firstCells.some((c) => c.includes(field)),
        `row for ${field}`,
      ).toBe(true);
  });
});

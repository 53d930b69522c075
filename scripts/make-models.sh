#!/usr/bin/env bash
# Rebuilds the models shipped in models/ (deterministic on the wasm backend):
#   models/demo-base/   the offline cross-lingual base: the from-scratch tiny BERT pre-trained on the project's
#                       own multilingual lexicon (models/lexicon/demo-lexicon.tsv), vocabulary learned from the
#                       lexicon plus the demo's training split
#   models/demo-scratch/ the embedded default fine-tuned model: the default demo experiment (α = 0.5) from scratch
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent cli -- pretrain --lexicon models/lexicon/demo-lexicon.tsv --vocab-from demo --config models/demo-base.pretrain.json --out models/demo-base --backend wasm
rm -rf /tmp/hbw-demo-scratch
npm run --silent cli -- train --out /tmp/hbw-demo-scratch --backend wasm
rm -rf models/demo-scratch
mkdir -p models/demo-scratch
# Keep the model folder only (no optimiser state): the shipped default is a model, not a resumable run.
for f in config.json model.safetensors tokenizer.json tokenizer_config.json vocab.txt; do
  cp /tmp/hbw-demo-scratch/checkpoint/$f models/demo-scratch/
done
node -e 'const s=require("/tmp/hbw-demo-scratch/checkpoint/trainer_state.json"); require("fs").writeFileSync("models/demo-scratch/lineage.json", JSON.stringify({lineage: [...s.lineage, "run:" + s.runId]}, null, 2))'
cp /tmp/hbw-demo-scratch/experiment.json /tmp/hbw-demo-scratch/results.json models/demo-scratch/

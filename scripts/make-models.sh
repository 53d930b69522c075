#!/usr/bin/env bash
# Rebuilds the model shipped in models/ (deterministic on the wasm backend; ~3 min on 2 idle cores):
#   models/demo-base/  the offline cross-lingual base — a tiny BERT (2 layers, hidden 64) initialised at random and
#                      pre-trained on the project's own multilingual lexicon (models/lexicon/demo-lexicon.tsv), with a
#                      WordPiece vocabulary learned from the lexicon plus the demo's training split. It is the default
#                      start of every experiment ("baseCheckpoint": "shipped:demo-base", CLI and browser; a path
#                      "models/demo-base" works in the CLI too, bench/configs/demo-base.json). The browser's Bases tab
#                      builds the same base from the same recipe (models/demo-base.pretrain.json).
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf models/demo-base
npm run --silent cli -- pretrain --lexicon models/lexicon/demo-lexicon.tsv --vocab-from demo --config models/demo-base.pretrain.json --out models/demo-base --backend wasm

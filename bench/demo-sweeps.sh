#!/usr/bin/env bash
# Demo α-sweeps (issues 3 and 8): α ∈ {0, 0.5, 1} on the embedded demo, from scratch and from the shipped
# lexicon base (models/demo-base), plus the base alone (no fine-tuning) and BM25 as references.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/tmp/demo; res=bench/results/demo; mkdir -p $out $res
t0=$(date +%s)
npm run --silent cli -- sweep --config bench/configs/demo-scratch.json --alphas 0,0.5,1 --out $out/scratch --backend wasm --overwrite
t1=$(date +%s)
npm run --silent cli -- sweep --config bench/configs/demo-base.json --alphas 0,0.5,1 --out $out/base --backend wasm --overwrite
t2=$(date +%s)
npm run --silent cli -- eval --retriever dense --model models/demo-base --data demo --max-length 48 --out $out/base-alone.json
npm run --silent cli -- eval --retriever bm25 --data demo --out $out/bm25.json
cp $out/scratch/summary.json $res/scratch-sweep.json
cp $out/base/summary.json $res/base-sweep.json
cp $out/base-alone.json $res/base-alone.json
cp $out/bm25.json $res/bm25.json
printf '{"scratchSweepSeconds": %d, "baseSweepSeconds": %d, "machine": "%s, %s cores"}\n' $((t1-t0)) $((t2-t1)) "$(uname -m)" "$(nproc)" > $res/timing.json
cat $out/scratch/summary.md $out/base/summary.md

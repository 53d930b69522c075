#!/usr/bin/env bash
# Real-data benchmark, wider encoder (issue 8): the same MLQA-R → XQuAD-R sweep α ∈ {0, 0.5, 1} with a 2 × 128
# tiny BERT, once from scratch and once from a base pre-trained on the MUSE en–xx dictionaries (the 10,000 most
# frequent source words per dictionary, phrases of 1–3 entries, 4,000 steps; bench/configs/muse-base-wide.pretrain.json).
# Results: bench/results/real-data/wide-*.json and timing-wide.json. ≈ 60–70 min on 2 cores (pre-training ≈ 23 min).
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/tmp; res=bench/results/real-data; mkdir -p $out $res
t0=$(date +%s)
npm run --silent cli -- pretrain --lexicon ../shared/data/muse-dictionaries/en-*.tsv --vocab-from ../shared/data/mlqa-r --config bench/configs/muse-base-wide.pretrain.json --out $out/muse-base-wide --backend wasm --overwrite
t1=$(date +%s)
npm run --silent cli -- eval --retriever dense --model $out/muse-base-wide --data ../shared/data/xquad-r --max-length 48 --out $out/muse-base-wide/xquad-r.json
t2=$(date +%s)
npm run --silent cli -- sweep --config bench/configs/mlqa-to-xquad-base-wide.json --alphas 0,0.5,1 --out $out/mlqa-to-xquad-base-wide --backend wasm --overwrite
t3=$(date +%s)
npm run --silent cli -- sweep --config bench/configs/mlqa-to-xquad-wide.json --alphas 0,0.5,1 --out $out/mlqa-to-xquad-wide --backend wasm --overwrite
t4=$(date +%s)
cp $out/muse-base-wide/results.json $res/wide-base-pretrain.json
cp $out/muse-base-wide/xquad-r.json $res/wide-base-xquad-r.json
cp $out/mlqa-to-xquad-base-wide/summary.json $res/wide-base-sweep.json
cp $out/mlqa-to-xquad-wide/summary.json $res/wide-scratch-sweep.json
printf '{"pretrainSeconds": %d, "baseEvalSeconds": %d, "baseSweepSeconds": %d, "scratchSweepSeconds": %d, "machine": "%s, %s cores"}\n' $((t1-t0)) $((t2-t1)) $((t3-t2)) $((t4-t3)) "$(uname -m)" "$(nproc)" > $res/timing-wide.json
cat $out/mlqa-to-xquad-base-wide/summary.md $out/mlqa-to-xquad-wide/summary.md

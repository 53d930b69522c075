#!/usr/bin/env bash
# Real-data benchmark (issues 3 and 8): train on MLQA-R, evaluate zero-shot on XQuAD-R (different articles),
# α ∈ {0, 0.5, 1}, once from scratch and once from a base pre-trained on the MUSE en-xx lexicons.
# Results: bench/results/real-data/*.json and the table printed at the end (copied into bench/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/tmp; res=bench/results/real-data; mkdir -p $out $res
t0=$(date +%s)
npm run --silent cli -- sweep --config bench/configs/mlqa-to-xquad.json --alphas 0,0.5,1 --out $out/mlqa-to-xquad --backend wasm --overwrite
t1=$(date +%s)
npm run --silent cli -- pretrain --lexicon ../shared/data/muse-dictionaries/en-*.tsv --vocab-from ../shared/data/mlqa-r --config bench/configs/muse-base.pretrain.json --out $out/muse-base --backend wasm --overwrite
t2=$(date +%s)
npm run --silent cli -- eval --model $out/muse-base --data ../shared/data/xquad-r --max-length 48 --out $out/muse-base/xquad-r.json
t3=$(date +%s)
npm run --silent cli -- sweep --config bench/configs/mlqa-to-xquad-base.json --alphas 0,0.5,1 --out $out/mlqa-to-xquad-base --backend wasm --overwrite
t4=$(date +%s)
cp $out/mlqa-to-xquad/summary.json $res/scratch-sweep.json
cp $out/mlqa-to-xquad-base/summary.json $res/base-sweep.json
cp $out/muse-base/results.json $res/muse-base-pretrain.json
cp $out/muse-base/xquad-r.json $res/muse-base-xquad-r.json
printf '{"scratchSweepSeconds": %d, "pretrainSeconds": %d, "baseEvalSeconds": %d, "baseSweepSeconds": %d, "machine": "%s, %s cores"}\n' $((t1-t0)) $((t2-t1)) $((t3-t2)) $((t4-t3)) "$(uname -m)" "$(nproc)" > $res/timing.json
cat $out/mlqa-to-xquad/summary.md $out/mlqa-to-xquad-base/summary.md

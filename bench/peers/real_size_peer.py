#!/usr/bin/env python3
"""PyTorch peer of the real-size fine-tuning step (bench/real-size-step.ts, real-size-browser.ts): a random-weight
BERT of the MiniLM-L12 shape (12 layers, hidden 384, 12 heads, FFN 1536; word table trimmed to XQuAD-R, 70,022 rows,
frozen as our trainable rule freezes tables > 50k rows), one MNRL step on 32 queries × 32 positives of 128 random
ids, AdamW, clip 1. Not the same weights or texts as ours (those live in bench/tmp, git-ignored): time and peak
RSS of the same shape only, so no loss parity. Then the embedding throughput as ours measures it: --embed texts
of --seq random ids at batch 32, no grad (masked mean pooling + L2 norm in the model). Prints one JSON object:
msPerStep (the first step, as ours, then the next ones), cpuMsPerStep, embed {texts, batch, seconds, cpuSeconds,
textsPerSecond}, peakRssBytes, rssBeforeModelBytes, env.
  real_size_peer.py --threads 1 [--steps 3 --batch 32 --seq 128 --rows 70022 --embed 64]
"""
import argparse
import json
import sys
import time

import torch

from bert_peer import Bert, env_report, info_nce, peak_rss_bytes, set_threads


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--steps", type=int, default=3)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--seq", type=int, default=128)
    ap.add_argument("--rows", type=int, default=70022)
    ap.add_argument("--embed", type=int, default=64)
    a = ap.parse_args()
    set_threads(a.threads)
    torch.manual_seed(0)
    rss0 = peak_rss_bytes()
    cfg = {"hidden_size": 384, "intermediate_size": 1536, "layer_norm_eps": 1e-12, "num_attention_heads": 12,
           "num_hidden_layers": 12, "vocab_size": a.rows, "max_position_embeddings": 512, "type_vocab_size": 2}
    model = Bert(cfg)
    model.use_mask = False  # every sequence is full length, as on our side
    model.embeddings.word_embeddings.weight.requires_grad_(False)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=1e-4, weight_decay=0.01)
    q = torch.randint(5, a.rows, (a.batch, a.seq))
    p = torch.randint(5, a.rows, (a.batch, a.seq))
    ones = torch.ones_like(q)
    times, cpu, losses = [], [], []
    for _ in range(a.steps):
        t0, c0 = time.perf_counter(), time.process_time()
        opt.zero_grad(set_to_none=True)
        loss = info_nce(model(q, ones), model(p, ones), None, 0.05)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        losses.append(loss.item())
    texts = torch.randint(5, a.rows, (a.embed, a.seq))
    model.eval()
    t0, c0 = time.perf_counter(), time.process_time()
    with torch.no_grad():
        for i in range(0, a.embed, 32):
            chunk = texts[i:i + 32]
            model(chunk, torch.ones_like(chunk))
    wall, cpu_s = time.perf_counter() - t0, time.process_time() - c0
    embed = {"texts": a.embed, "batch": 32, "seconds": wall, "cpuSeconds": cpu_s, "textsPerSecond": a.embed / wall}
    out = {"config": cfg, "embed": embed, "batch": a.batch, "seq": a.seq, "trainedParams": sum(x.numel() for x in params),
           "msPerStep": times, "cpuMsPerStep": cpu, "losses": losses, "peakRssBytes": peak_rss_bytes(),
           "rssBeforeModelBytes": rss0, "env": env_report(a.threads)}
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""numpy peer of `evaluate` (multilingual setting + language bias) over stored embeddings.

Reads <dir>/queries.f32 [nq, dim], <dir>/candidates.f32 [nc, dim] (float32, little-endian, L2-normalised
rows) and <dir>/meta.json (candidate uids and languages; per query its language and relevant candidate
indices), then per run: chunked matrix products, 1-based ranks of the relevant candidates (score descending,
ties by the 32-bit FNV-1a hash of the candidate uid, then dataset order — the engine's protocol), AP,
recall@1/5/10/100, MRR@10, nDCG@10, max−min rank distance and same-language share of the top 10; per query
language means, macro-averaged. Prints one JSON object: timings and the metrics of the last run.
"""
import argparse
import json
import os
import platform
import sys
import time

import numpy as np

try:
    import threadpoolctl
except ImportError:
    threadpoolctl = None

def fnv1a(s):
    """32-bit FNV-1a over UTF-16 code units, as the engine's fnv1a (JS charCodeAt)."""
    h = 0x811C9DC5
    b = s.encode("utf-16-le")
    for i in range(0, len(b), 2):
        h = ((h ^ (b[i] | (b[i + 1] << 8))) * 0x01000193) & 0xFFFFFFFF
    return h


def tie_ranks(uids):
    h = np.array([fnv1a(u) for u in uids], dtype=np.int64)
    order = np.lexsort((np.arange(len(uids)), h))  # hash ascending, then pool position
    rank = np.empty(len(uids), dtype=np.int64)
    rank[order] = np.arange(len(uids))
    return rank


def evaluate(Q, C, meta, chunk, sub):
    langs = sorted(set(meta["queryLang"]))
    cand_lang = np.array(meta["candLang"])
    q_lang = meta["queryLang"]
    tie = tie_ranks(meta["candUid"])
    rel_all = [np.asarray(r, dtype=np.int64) for r in meta["relevant"]]
    names = ["map", "recall@1", "recall@5", "recall@10", "recall@100", "mrr@10", "ndcg@10"]
    acc = {l: np.zeros(len(names) + 2) for l in langs}  # metrics…, bias, same-language share
    cnt = {l: 0 for l in langs}
    n_tied = 0  # queries whose relevant items tie exactly with some other candidate
    nq, N = Q.shape[0], C.shape[0]
    nb = 16  # top-10 prefilter: the 10th largest of 16 block maxima is ≤ the row's 10th largest value
    bw = N // nb
    idcg = np.cumsum(1.0 / np.log2(np.arange(10) + 2))
    for s in range(0, nq, chunk):
        S = Q[s:s + chunk] @ C.T  # [c, N] float32 (OpenBLAS sgemm)
        c = S.shape[0]
        # ranks of the relevant items: 1 + #(score >) + #(score == and tie rank <), vectorised over sub-blocks
        ranks = [None] * c
        for t in range(0, c, sub):
            rows = list(range(t, min(t + sub, c)))
            rmax = max(len(rel_all[s + i]) for i in rows)
            if rmax == 0:
                continue
            R = np.full((len(rows), rmax), np.inf, dtype=np.float32)
            T = np.zeros((len(rows), rmax), dtype=np.int64)
            for j, i in enumerate(rows):
                rel = rel_all[s + i]
                R[j, :len(rel)] = S[i, rel]
                T[j, :len(rel)] = tie[rel]
            block = S[t:t + len(rows)][:, None, :]
            greater = np.count_nonzero(block > R[:, :, None], axis=2)
            equal = np.count_nonzero(block >= R[:, :, None], axis=2) - greater  # ≥ 1: the item itself
            rk = greater + 1
            tied = np.nonzero((equal > 1).any(axis=1))[0]
            n_tied += len(tied)
            for j in tied:  # exact ties with other candidates: order them by tie rank
                row = S[t + j]
                rk[j] += np.count_nonzero((row[None, :] == R[j][:, None]) & (tie[None, :] < T[j][:, None]), axis=1)
            for j, i in enumerate(rows):
                ranks[i] = np.sort(rk[j, :len(rel_all[s + i])]).astype(np.float64)
        # top 10 per row (same-language share): exact prefilter, then (score desc, tie asc) among the survivors
        maxima = np.concatenate([S[:, :nb * bw].reshape(c, nb, bw).max(axis=2), S[:, nb * bw:]], axis=1)
        thr = -np.partition(-maxima, 9, axis=1)[:, 9]
        rr, cc = np.nonzero(S >= thr[:, None])
        bounds = np.searchsorted(rr, np.arange(c + 1))
        for i in range(c):
            q = s + i
            nrel = len(rel_all[q])
            if nrel == 0:
                continue
            cand = cc[bounds[i]:bounds[i + 1]]
            top = cand[np.lexsort((tie[cand], -S[i, cand].astype(np.float64)))][:10]
            rk = ranks[i]
            hits = rk[rk <= 10]
            a = acc[q_lang[q]]
            a[0] += float(np.mean(np.arange(1, nrel + 1) / rk))
            a[1] += np.count_nonzero(rk <= 1) / nrel
            a[2] += np.count_nonzero(rk <= 5) / nrel
            a[3] += len(hits) / nrel
            a[4] += np.count_nonzero(rk <= 100) / nrel
            a[5] += 1.0 / rk[0] if rk[0] <= 10 else 0.0
            a[6] += float((1.0 / np.log2(hits + 1)).sum()) / idcg[min(nrel, 10) - 1]
            a[7] += rk[-1] - rk[0]
            a[8] += np.count_nonzero(cand_lang[top] == q_lang[q]) / len(top)
            cnt[q_lang[q]] += 1
    by_lang = {l: {k: acc[l][i] / cnt[l] for i, k in enumerate(names)} for l in langs if cnt[l]}
    macro = {k: float(np.mean([v[k] for v in by_lang.values()])) for k in names}
    bias = {l: acc[l][7] / cnt[l] for l in by_lang}
    same = {l: acc[l][8] / cnt[l] for l in by_lang}
    return {
        "multilingual": {**macro, "queries": int(sum(cnt.values())), "byQueryLang": by_lang},
        "languageBias": {"meanMaxRankDistance": float(np.mean(list(bias.values()))), "byQueryLang": bias,
                         "sameLanguageTop10": float(np.mean(list(same.values()))), "sameLanguageTop10ByQueryLang": same},
        "queriesWithTiedRelevant": n_tied,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=0)
    ap.add_argument("--chunk", type=int, default=256)
    ap.add_argument("--sub", type=int, default=16)
    a = ap.parse_args()
    if threadpoolctl is not None:
        threadpoolctl.threadpool_limits(limits=a.threads)
    with open(os.path.join(a.dir, "meta.json")) as f:
        meta = json.load(f)
    dim = meta["dim"]
    Q = np.fromfile(os.path.join(a.dir, "queries.f32"), dtype="<f4").reshape(-1, dim)
    C = np.fromfile(os.path.join(a.dir, "candidates.f32"), dtype="<f4").reshape(-1, dim)
    times, cpu = [], []
    res = None
    for i in range(a.warmup + a.repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        res = evaluate(Q, C, meta, a.chunk, a.sub)
        if i >= a.warmup:
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
    blas = [{k: i.get(k) for k in ("internal_api", "version", "architecture", "threading_layer", "num_threads")} for i in threadpoolctl.threadpool_info()] if threadpoolctl else "threadpoolctl missing"
    json.dump({"msPerRun": times, "cpuMsPerRun": cpu, "result": res,
               "env": {"python": platform.python_version(), "numpy": np.__version__, "requestedThreads": a.threads, "blas": blas,
                       "openblasEnv": {k: os.environ.get(k) for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS")}}}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Independent check of `cli eval` output: recompute the multilingual metrics and language bias from a TREC
run and the raw LAReQA files (stdlib only, written separately from the TypeScript evaluator), then compare
with results.json to a tolerance.

usage: python3 scripts/check_run.py <lareqa dir> <run.trec> <results.json> [--tol 1e-6]
"""
import json, math, os, re, sys
from collections import defaultdict

def load_relevance(folder):
    """xlingId -> set of uids `<lang>/<paragraph>/<sentence>` (answer sentence holds answer_start)."""
    rel = defaultdict(set)
    for name in sorted(os.listdir(folder)):
        m = re.fullmatch(r"([a-z]{2})\.json", name)
        if not m:
            continue
        lang = m.group(1)
        data = json.load(open(os.path.join(folder, name), encoding="utf-8"))
        p_idx = 0
        for article in data["data"]:
            for para in article["paragraphs"]:
                for qa in para["qas"]:
                    for ans in qa["answers"]:
                        start = ans["answer_start"]
                        for s_idx, (b, e) in enumerate(para["sentence_breaks"]):
                            if b <= start < e:
                                rel[qa["id"]].add(f"{lang}/{p_idx}/{s_idx}")
                                break
                p_idx += 1
    return rel

def main():
    args = sys.argv[1:]
    tol = 1e-6
    if "--tol" in args:
        i = args.index("--tol"); tol = float(args[i + 1]); del args[i:i + 2]
    folder, run_path, results_path = args
    rel = load_relevance(folder)
    results = json.load(open(results_path))
    langs = set(results["langs"])
    ranks = defaultdict(list)  # qid -> ranks of relevant docs
    seen = set()
    with open(run_path) as f:
        for line in f:
            qid, _, doc, rank, _score, _tag = line.split()
            seen.add(qid)
            xling = qid.split(":", 1)[1]
            if doc in rel[xling]:
                ranks[qid].append(int(rank))
    per_lang = defaultdict(lambda: defaultdict(list))
    for qid in seen:
        lang, xling = qid.split(":", 1)
        relevant = [u for u in rel[xling] if u.split("/")[0] in langs]
        r = sorted(ranks[qid])
        assert len(r) == len(relevant), f"{qid}: {len(r)} relevant docs ranked, {len(relevant)} expected"
        n = len(r)
        m = per_lang[lang]
        m["map"].append(sum((i + 1) / x for i, x in enumerate(r)) / n)
        for k in (1, 5, 10, 100):
            m[f"recall@{k}"].append(sum(1 for x in r if x <= k) / n)
        m["mrr@10"].append(1 / r[0] if r[0] <= 10 else 0.0)
        dcg = sum(1 / math.log2(x + 1) for x in r if x <= 10)
        idcg = sum(1 / math.log2(i + 2) for i in range(min(n, 10)))
        m["ndcg@10"].append(dcg / idcg)
        m["bias"].append(r[-1] - r[0])
    mean = lambda v: sum(v) / len(v)
    got = results["settings"]["multilingual"]
    problems, checked = [], 0
    def cmp(label, mine, theirs):
        nonlocal checked
        checked += 1
        if abs(mine - theirs) > tol:
            problems.append(f"{label}: recomputed {mine:.9f}, results.json {theirs:.9f}")
    for metric in ("map", "recall@1", "recall@5", "recall@10", "recall@100", "mrr@10", "ndcg@10"):
        for lang in sorted(per_lang):
            cmp(f"multilingual.byQueryLang.{lang}.{metric}", mean(per_lang[lang][metric]), got["byQueryLang"][lang][metric])
        cmp(f"multilingual.{metric}", mean([mean(per_lang[l][metric]) for l in per_lang]), got[metric])
    for lang in sorted(per_lang):
        cmp(f"languageBias.byQueryLang.{lang}", mean(per_lang[lang]["bias"]), results["languageBias"]["byQueryLang"][lang])
    cmp("languageBias.meanMaxRankDistance", mean([mean(per_lang[l]["bias"]) for l in per_lang]), results["languageBias"]["meanMaxRankDistance"])
    if problems:
        print("MISMATCH\n" + "\n".join(problems)); sys.exit(1)
    print(f"OK: {checked} values agree within {tol} ({len(seen)} queries)")

if __name__ == "__main__":
    main()

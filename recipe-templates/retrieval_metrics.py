"""The workbench's zero-shot protocol on stored embeddings, with numpy only (src/core/eval/*.ts, ported).

Settings (LAReQA / XTREME):
- monolingual: pool = the query's language; relevant = the answer in that language.
- crosslingual: per ordered pair (query lang q, pool lang p != q): pool = p; queries with nothing relevant in p
  are skipped; metrics averaged per pair, then macro-averaged over pairs (and per query language over its pairs).
- multilingual: one pool of every language; every translation of the answer is relevant.
Metrics per query from the ranks of its relevant items: map (never truncated), recall@1/5/10/100 (hits / |rel|),
mrr@10, ndcg@10 (binary gains, ideal over min(|rel|, 10)); mean per query language, macro over languages.
Language bias: per query in the multilingual pool, max rank - min rank of its relevant items; plus the share of
the top 10 written in the query's own language. Ties: score descending, then the 32-bit FNV-1a hash of the
candidate uid, then dataset order; NaN scores rank last. Scores are float32 dot products of the embeddings
(L2-normalise them first for cosine), as in the workbench.
"""
from __future__ import annotations

import numpy as np

METRIC_NAMES = ["map", "recall@1", "recall@5", "recall@10", "recall@100", "mrr@10", "ndcg@10"]
SETTINGS = ["monolingual", "crosslingual", "multilingual"]
TIE_BREAK = ("score descending; ties by 32-bit FNV-1a hash of the candidate uid ascending, then dataset order "
             "(a fixed order independent of file order and query)")


def fnv1a(text: str) -> int:
    """32-bit FNV-1a over UTF-16 code units, as the workbench hashes (JavaScript strings)."""
    h = 0x811C9DC5
    units = text.encode("utf-16-le")
    for i in range(0, len(units), 2):
        h ^= units[i] | (units[i + 1] << 8)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def tie_ranks(uids: list[str]) -> np.ndarray:
    """Position of each pool item in the order (uid hash, pool position): the tie-break key."""
    h = [fnv1a(u) for u in uids]
    order = sorted(range(len(uids)), key=lambda p: (h[p], p))
    rank = np.empty(len(uids), dtype=np.int64)
    rank[order] = np.arange(len(uids))
    return rank


def query_metrics(ranks) -> dict:
    """Metrics of one query from the 1-based ranks of its relevant items, ascending."""
    r = len(ranks)
    if r == 0:
        raise ValueError("a query with no relevant item must be skipped, not scored")
    ap = dcg = idcg = 0.0
    hits = {1: 0, 5: 0, 10: 0, 100: 0}
    for i, rank in enumerate(ranks):
        ap += (i + 1) / rank
        if rank <= 10:
            dcg += 1 / np.log2(rank + 1)
        for k in hits:
            if rank <= k:
                hits[k] += 1
    for i in range(min(r, 10)):
        idcg += 1 / np.log2(i + 2)
    return {"map": ap / r, "recall@1": hits[1] / r, "recall@5": hits[5] / r, "recall@10": hits[10] / r,
            "recall@100": hits[100] / r, "mrr@10": 1 / ranks[0] if ranks[0] <= 10 else 0.0, "ndcg@10": dcg / idcg}


def _key(row: np.ndarray) -> np.ndarray:
    s = row.astype(np.float64)
    s[np.isnan(s)] = -np.inf
    return s


def rank_relevant(row: np.ndarray, ties: np.ndarray, rel_pos) -> list[int]:
    """1-based ranks of the relevant pool positions in the full ranking of one score row, ascending."""
    s = _key(row)
    rel = np.asarray(rel_pos, dtype=np.int64)
    rs, rt = s[rel][:, None], ties[rel][:, None]
    before = (s[None, :] > rs) | ((s[None, :] == rs) & (ties[None, :] < rt))
    return sorted(int(b) + 1 for b in before.sum(axis=1))


def ranking(row: np.ndarray, ties: np.ndarray, k: int | None = None) -> np.ndarray:
    """Pool positions best first (all of them, or the k best)."""
    s = _key(row)
    if k is not None and k < len(s):
        floor = np.partition(s, len(s) - k)[len(s) - k]
        cand = np.nonzero(s >= floor)[0]
        return cand[np.lexsort((ties[cand], -s[cand]))][:k]
    return np.lexsort((ties, -s))


class _Mean:
    def __init__(self):
        self.sums = dict.fromkeys(METRIC_NAMES, 0.0)
        self.count = 0

    def add(self, m):
        for name in METRIC_NAMES:
            self.sums[name] += m[name]
        self.count += 1

    def mean(self):
        return {"queries": self.count, **{n: (self.sums[n] / self.count if self.count else 0.0) for n in METRIC_NAMES}}


def macro(groups: list[dict]) -> dict:
    return {n: (sum(g[n] for g in groups) / len(groups) if groups else 0.0) for n in METRIC_NAMES}


def evaluate(data: dict, query_emb: np.ndarray, cand_emb: np.ndarray, settings=None, chunk: int = 256,
             on_ranking=None) -> dict:
    """results.json of the workbench (CLI eval schema) for `data` = the recipe's data/eval.json.

    query_emb / cand_emb: one row per query / candidate in dataset order. on_ranking(query index, candidate
    indices best first, their scores) receives every query's full multilingual ranking (for a TREC run).
    """
    settings = settings or SETTINGS
    queries, cands = data["queries"], data["candidates"]
    langs = sorted(data["langs"])
    q_emb = np.ascontiguousarray(query_emb, dtype=np.float32)
    c_emb = np.ascontiguousarray(cand_emb, dtype=np.float32)
    if q_emb.shape[0] != len(queries) or c_emb.shape[0] != len(cands):
        raise ValueError(f"embeddings: {q_emb.shape[0]} queries / {c_emb.shape[0]} candidates for "
                         f"{len(queries)} / {len(cands)} in the data")
    lang_set = set(langs)
    query_idx = [i for i, q in enumerate(queries) if q["lang"] in lang_set]
    pools = {"multi": [i for i, c in enumerate(cands) if c["lang"] in lang_set]}
    for lang in langs:
        pools[lang] = [i for i, c in enumerate(cands) if c["lang"] == lang]
    pos_in = {pid: {ci: p for p, ci in enumerate(pool)} for pid, pool in pools.items()}
    ties = {pid: tie_ranks([cands[ci]["uid"] for ci in pool]) for pid, pool in pools.items()}
    uid_to_idx = {c["uid"]: i for i, c in enumerate(cands)}

    def relevant_of(qi):
        out = []
        for u in data["relevant"].get(queries[qi]["xlingId"], []):
            ci = uid_to_idx.get(u)
            if ci is not None and ci in pos_in["multi"]:
                out.append(ci)
        return out

    want_mono, want_cross, want_multi = ("monolingual" in settings, "crosslingual" in settings,
                                         "multilingual" in settings)
    acc = {"monolingual": {}, "multilingual": {}, "crosslingual": {}}
    bias = {}
    pool_ids = (["multi"] if want_multi or on_ranking else []) + (langs if want_mono or want_cross else [])
    pool_emb = {pid: c_emb[pool] for pid, pool in pools.items()}
    for start in range(0, len(query_idx), chunk):
        qs = query_idx[start:start + chunk]
        rels = [relevant_of(qi) for qi in qs]
        for pid in pool_ids:
            pool = pools[pid]
            if not pool:
                continue
            scores = q_emb[qs] @ pool_emb[pid].T  # float32 [chunk, pool]
            for r, qi in enumerate(qs):
                q_lang, rel = queries[qi]["lang"], rels[r]
                row = scores[r]
                if pid == "multi":
                    if on_ranking:
                        order = ranking(row, ties[pid])
                        on_ranking(qi, [pool[p] for p in order], row[order])
                    if not want_multi or not rel:
                        continue
                    ranks = rank_relevant(row, ties[pid], [pos_in[pid][ci] for ci in rel])
                    acc["multilingual"].setdefault(q_lang, _Mean()).add(query_metrics(ranks))
                    top = ranking(row, ties[pid], 10)
                    same = sum(1 for p in top if cands[pool[p]]["lang"] == q_lang)
                    b = bias.setdefault(q_lang, {"sum": 0, "n": 0, "same": 0.0})
                    b["sum"] += ranks[-1] - ranks[0]
                    b["n"] += 1
                    b["same"] += same / len(top) if len(top) else 0.0
                else:
                    rel_here = [pos_in[pid][ci] for ci in rel if cands[ci]["lang"] == pid]
                    if not rel_here:
                        continue  # nothing relevant in this pool: skipped
                    if pid == q_lang:
                        if want_mono:
                            acc["monolingual"].setdefault(q_lang, _Mean()).add(
                                query_metrics(rank_relevant(row, ties[pid], rel_here)))
                    elif want_cross:
                        acc["crosslingual"].setdefault(f"{q_lang}>{pid}", _Mean()).add(
                            query_metrics(rank_relevant(row, ties[pid], rel_here)))

    result = {"dataset": data["name"], "retriever": "dense", "langs": langs,
              "counts": _counts(data, langs, query_idx), "settings": {}, "tieBreak": TIE_BREAK,
              "timing": {"seconds": 0}}
    if want_mono:
        result["settings"]["monolingual"] = _by_setting(acc["monolingual"], langs)
    if want_multi:
        result["settings"]["multilingual"] = _by_setting(acc["multilingual"], langs)
    if want_cross:
        result["settings"]["crosslingual"] = _cross_setting(acc["crosslingual"], langs)
    if want_multi:
        result["languageBias"] = _language_bias(bias, langs)
    if want_cross:
        result["crossLingualMap"] = _map_matrix(result["settings"], langs)
    return result


def _counts(data, langs, query_idx):
    qb = dict.fromkeys(langs, 0)
    cb = dict.fromkeys(langs, 0)
    for qi in query_idx:
        qb[data["queries"][qi]["lang"]] += 1
    for c in data["candidates"]:
        if c["lang"] in cb:
            cb[c["lang"]] += 1
    return {"queries": len(query_idx), "candidates": sum(cb.values()), "queriesByLang": qb, "candidatesByLang": cb}


def _by_setting(acc, langs):
    by_lang = {l: acc[l].mean() for l in langs if l in acc and acc[l].count > 0}
    return {**macro(list(by_lang.values())), "queries": sum(m["queries"] for m in by_lang.values()),
            "byQueryLang": by_lang}


def _cross_setting(acc, langs):
    by_pair, by_lang, queries = {}, {}, 0
    for q in langs:
        pairs, n = [], 0
        for p in langs:
            a = acc.get(f"{q}>{p}")
            if q == p or a is None or a.count == 0:
                continue
            by_pair[f"{q}>{p}"] = a.mean()
            pairs.append(by_pair[f"{q}>{p}"])
            n += a.count
        if pairs:
            by_lang[q] = {**macro(pairs), "queries": n}
        queries += n
    return {**macro(list(by_pair.values())), "queries": queries, "byQueryLang": by_lang, "byPair": by_pair}


def _language_bias(sums, langs):
    by_lang = {l: sums[l]["sum"] / sums[l]["n"] for l in langs if l in sums and sums[l]["n"] > 0}
    same = {l: sums[l]["same"] / sums[l]["n"] for l in langs if l in sums and sums[l]["n"] > 0}

    def mean(d):
        return sum(d.values()) / len(d) if d else 0.0

    return {"meanMaxRankDistance": mean(by_lang), "byQueryLang": by_lang, "sameLanguageTop10": mean(same),
            "sameLanguageTop10ByQueryLang": same}


def _map_matrix(settings, langs):
    m = {}
    for q in langs:
        m[q] = {}
        for p in langs:
            if q == p:
                v = settings.get("monolingual", {}).get("byQueryLang", {}).get(q, {}).get("map")
            else:
                v = settings["crosslingual"]["byPair"].get(f"{q}>{p}", {}).get("map")
            if v is not None:
                m[q][p] = v
    return m

"""The workbench's HybridBatchSampler in Python, draw for draw.

Same PRNG (sfc32 seeded through cyrb128, with the workbench's labelled forks), same queues, same draw order:
for a given config and training file this yields exactly the batches of ``src/core/sampling/hybrid-sampler.ts``
(checked byte for byte against ``npm run cli -- batches`` by the workbench's tests). Only the standard library
is needed, so ``python3 hybrid_sampler.py --steps N --out batches.jsonl`` runs anywhere.

Batches and ranks. The experiment's ``batchSize`` is the *global* batch: one optimiser step draws one workbench
batch of ``batchSize`` pairs (mono in one language with probability alpha, else cross-lingual; no two pairs
share a translation id). With W processes that batch is cut into W consecutive chunks of ``batchSize / W``
pairs: rank r gets pairs ``[r * B/W, (r + 1) * B/W)``. The flat sequence handed to the data loader is

    chunk(step 0, rank 0), chunk(step 0, rank 1), ..., chunk(step 0, rank W-1), chunk(step 1, rank 0), ...

i.e. flat index ``i = step * W + rank``. accelerate gives rank r the batches r, r + W, r + 2W, ... of a batch
sampler, so rank r receives exactly its chunk of every step, and the W chunks of one step are always of one
kind (one language or all cross-lingual). MultipleNegativesRankingLoss(gather_across_devices=True) gathers
the W chunks' passages, so every query sees the same in-batch negatives as in the workbench's batch: the
W-GPU run trains the very experiment of the config, only faster.

Hard negatives are not drawn here: the recipe refuses configs with ``hardNegatives`` other than "none" (see
README.md). The workbench draws them from a stream of their own, so they never change which pairs are drawn.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections import OrderedDict

MASK = 0xFFFFFFFF
TWO_POW_32 = 4294967296
# Slot draws that hit only in-batch conflicts before a repeat is accepted (workbench: CONFLICT_RETRIES).
CONFLICT_RETRIES = 32


def _imul(a: int, b: int) -> int:
    """JavaScript's Math.imul on uint32 bit patterns: the low 32 bits of the product."""
    return (a * b) & MASK


def hash_string(text: str) -> list[int]:
    """cyrb128 over UTF-16 code units (what JavaScript's charCodeAt returns): four uint32 words."""
    h1, h2, h3, h4 = 1779033703, 3144134277, 1013904242, 2773480762
    units = text.encode("utf-16-le")
    for i in range(0, len(units), 2):
        k = units[i] | (units[i + 1] << 8)
        h1 = h2 ^ _imul(h1 ^ k, 597399067)
        h2 = h3 ^ _imul(h2 ^ k, 2869860233)
        h3 = h4 ^ _imul(h3 ^ k, 951274213)
        h4 = h1 ^ _imul(h4 ^ k, 2716044179)
    h1 = _imul(h3 ^ (h1 >> 18), 597399067)
    h2 = _imul(h4 ^ (h2 >> 22), 2869860233)
    h3 = _imul(h1 ^ (h3 >> 17), 951274213)
    h4 = _imul(h2 ^ (h4 >> 19), 2716044179)
    h1 ^= h2 ^ h3 ^ h4
    h2 ^= h1
    h3 ^= h1
    h4 ^= h1
    return [h1 & MASK, h2 & MASK, h3 & MASK, h4 & MASK]


def js_seed_string(seed) -> str:
    """String(seed) as JavaScript writes it, for the seeds a config allows (integers) and strings."""
    if isinstance(seed, float) and seed.is_integer():
        seed = int(seed)
    return seed if isinstance(seed, str) else str(seed)


class Prng:
    """sfc32 with the workbench's seeding (cyrb128 of String(seed), 12 outputs discarded) and forks."""

    def __init__(self, seed=0, state: list[int] | None = None):
        self.s = list(state) if state is not None else hash_string(js_seed_string(seed))
        if state is None:
            for _ in range(12):
                self.next_uint32()

    def next_uint32(self) -> int:
        a, b, c, d = self.s
        t = (a + b + d) & MASK
        d = (d + 1) & MASK
        a = b ^ (b >> 9)
        b = (c + (c << 3)) & MASK
        c = ((c << 21) & MASK) | (c >> 11)
        c = (c + t) & MASK
        self.s = [a, b, c, d]
        return t

    def next(self) -> float:
        """Uniform in [0, 1) with 32-bit resolution (exact in a double, as in JavaScript)."""
        return self.next_uint32() / TWO_POW_32

    def int(self, n: int) -> int:
        """Uniform integer in [0, n) by rejection, so no value is favoured."""
        limit = TWO_POW_32 - (TWO_POW_32 % n)
        x = self.next_uint32()
        while x >= limit:
            x = self.next_uint32()
        return x % n

    def pick(self, items):
        return items[self.int(len(items))]

    def shuffle(self, items) -> list:
        out = list(items)
        for i in range(len(out) - 1, 0, -1):
            j = self.int(i + 1)
            out[i], out[j] = out[j], out[i]
        return out

    def fork(self, label: str) -> "Prng":
        """An independent stream from this one's state and a label; does not advance this stream."""
        r = Prng(state=hash_string(label + "\u0000" + ",".join(str(w) for w in self.s)))
        for _ in range(12):
            r.next_uint32()
        return r


class PairIndex:
    """Which translation ids have a query / an answer in which language, read from the pairs JSONL.

    One line per (id, language) as ``npm run cli -- recipe`` writes it: ``{"id", "lang", "query", "positive"}``
    (``query_lang`` / ``passage_lang`` when they differ). Ids are numbered in order of first appearance, as the
    workbench numbers them in dataset order.
    """

    def __init__(self, path: str):
        self.ids: list[str] = []
        pos: dict[str, int] = {}
        self.query: dict[str, dict[int, str]] = {}  # lang -> id index -> query text
        self.positive: dict[str, dict[int, str]] = {}  # lang -> id index -> first answer text
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                rec = json.loads(line)
                xid = rec.get("id")
                if not isinstance(xid, str):
                    raise ValueError(f"{path}: line {n}: id: every line needs a string id (the recipe writes one)")
                q_lang = rec.get("query_lang") or rec["lang"]
                p_lang = rec.get("passage_lang") or rec["lang"]
                if xid not in pos:
                    pos[xid] = len(self.ids)
                    self.ids.append(xid)
                k = pos[xid]
                self.query.setdefault(q_lang, {}).setdefault(k, rec["query"].strip())
                self.positive.setdefault(p_lang, {}).setdefault(k, rec["positive"].strip())
        self.langs = sorted(set(self.query) | set(self.positive))
        for lang in self.langs:
            self.query.setdefault(lang, {})
            self.positive.setdefault(lang, {})


class HybridBatchSampler:
    """Port of the workbench's sampler: mono batches with probability alpha, else cross-lingual slots."""

    def __init__(self, index: PairIndex, alpha: float, batch_size: int, seed, langs=None, held_out_langs=(), caps=None):
        if not 0 <= alpha <= 1:
            raise ValueError(f"alpha must be in [0, 1], got {alpha}")
        if not isinstance(batch_size, int) or batch_size < 1:
            raise ValueError(f"batchSize must be a positive integer, got {batch_size}")
        held_out = list(held_out_langs)
        for lang in langs or []:
            if lang not in index.langs:
                raise ValueError(f'training language "{lang}" is not in the data ({", ".join(index.langs)})')
        chosen = list(OrderedDict.fromkeys(langs if langs else index.langs))
        langs = [l for l in chosen if l not in held_out]
        self.caps = {}
        for lang, cap in (caps or {}).items():
            if lang not in index.langs:
                raise ValueError(f'cap for "{lang}", which is not in the data')
            if lang in langs:
                self.caps[lang] = cap
        self.index, self.alpha, self.batch_size, self.langs = index, alpha, batch_size, langs
        root = Prng(seed)
        self.rng = root.fork("batches")
        self.queue_rng = root.fork("queues")
        root.fork("negatives")  # the workbench's hard-negative stream: never drawn from here
        n = len(index.ids)
        self.in_batch = [0] * n
        self.q_ok: dict[str, list[bool]] = {}
        self.p_ok: dict[str, list[bool]] = {}
        for lang in langs:
            qa, pa = index.query[lang], index.positive[lang]
            allowed = [True] * n
            if lang in self.caps:
                present = [i for i in range(n) if i in qa or i in pa]
                if self.caps[lang] < len(present):
                    allowed = [False] * n
                    # Forked from the seed alone: the kept subset depends on seed and cap only (supersets grow).
                    for i in root.fork(f"caps:{lang}").shuffle(present)[: self.caps[lang]]:
                        allowed[i] = True
            self.q_ok[lang] = [allowed[i] and i in qa for i in range(n)]
            self.p_ok[lang] = [allowed[i] and i in pa for i in range(n)]

        def some(q, p):
            return any(a and b for a, b in zip(self.q_ok[q], self.p_ok[p]))

        self.mono_langs: list[str] = []
        self.cross_pairs: list[tuple[str, str]] = []
        for q in langs:
            if alpha > 0 and some(q, q):
                self.mono_langs.append(q)
            if alpha < 1:
                self.cross_pairs.extend((q, p) for p in langs if p != q and some(q, p))
        if alpha > 0 and not self.mono_langs:
            raise ValueError("alpha > 0 but no training language has a question with query and answer in it")
        if alpha < 1 and not self.cross_pairs:
            raise ValueError("alpha < 1 but no two training languages share a question")
        # A queue holds only questions that fit some slot the sampler can draw; otherwise it would never empty.
        self.members: dict[str, list[int]] = {}
        self.queues: dict[str, dict] = {}
        for q in langs:
            ps = ([q] if q in self.mono_langs else []) + [p for a, p in self.cross_pairs if a == q]
            ids = [i for i in range(n) if self.q_ok[q][i] and any(self.p_ok[p][i] for p in ps)]
            if ids:
                self.members[q] = ids
                self.queues[q] = {"order": self.queue_rng.shuffle(ids), "cursor": 0, "passes": 0}
        self.step = 0

    def drawable_pairs(self) -> list[tuple[str, str]]:
        """Every (query language, passage language) a batch can hold: mono first, then cross, in draw order."""
        return [(l, l) for l in self.mono_langs] + list(self.cross_pairs)

    def next(self) -> dict:
        """The next batch: {"step", "kind", "lang", "pairs": [(id index, query lang, passage lang), ...]}."""
        step = self.step
        self.step += 1
        stamp = step + 1
        pairs = []
        mono = self.rng.next() < self.alpha
        lang = self.rng.pick(self.mono_langs) if mono else None
        while len(pairs) < self.batch_size:
            if lang is not None:
                i = self._draw_id(lang, lang, stamp, True)
                if i < 0:
                    break  # fewer usable questions in this language than the batch size
                self.in_batch[i] = stamp
                pairs.append((i, lang, lang))
                continue
            # Cross slot: on an in-batch conflict draw another language pair; after CONFLICT_RETRIES accept a repeat.
            i = -1
            for attempt in range(CONFLICT_RETRIES + 1):
                q, p = self.rng.pick(self.cross_pairs)
                i = self._draw_id(q, p, stamp, attempt == CONFLICT_RETRIES)
                if i >= 0:
                    self.in_batch[i] = stamp
                    pairs.append((i, q, p))
                    break
            if i < 0:
                break
        return {"step": step, "kind": "mono" if mono else "cross", "lang": lang, "pairs": pairs}

    def _draw_id(self, q: str, p: str, stamp: int, repeat_on_conflict: bool) -> int:
        queue = self.queues[q]
        pa = self.p_ok[p]
        if queue["cursor"] == len(queue["order"]):
            queue["order"] = self.queue_rng.shuffle(self.members[q])
            queue["cursor"] = 0
            queue["passes"] += 1
            return self._draw_id(q, p, stamp, repeat_on_conflict)
        order, cursor = queue["order"], queue["cursor"]
        conflict = False
        for j in range(cursor, len(order)):
            i = order[j]
            if not pa[i]:
                continue
            if self.in_batch[i] == stamp:
                conflict = True
                continue
            # Swap the chosen one to the cursor: the skipped ones stay in the unused part of this pass.
            order[j] = order[cursor]
            order[cursor] = i
            queue["cursor"] = cursor + 1
            return i
        if conflict and not repeat_on_conflict:
            return -1
        used = [order[j] for j in range(cursor) if pa[order[j]] and self.in_batch[order[j]] != stamp]
        if not used:
            return -1
        return used[self.rng.int(len(used))]


def load_config(path: str) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def sampler_from_config(cfg: dict, index: PairIndex) -> HybridBatchSampler:
    """The sampler exactly as the workbench's runner builds it from an experiment.json."""
    langs = cfg.get("langs") or index.langs
    return HybridBatchSampler(index, alpha=cfg["alpha"], batch_size=cfg["batchSize"], seed=cfg["seed"],
                              langs=[l for l in langs if l not in cfg.get("heldOutLangs", [])],
                              held_out_langs=cfg.get("heldOutLangs", []), caps=cfg.get("caps", {}))


def per_rank_size(batch_size: int, world_size: int) -> int:
    if world_size < 1 or batch_size % world_size != 0:
        raise ValueError(f"batchSize {batch_size} cannot be split over {world_size} processes: "
                         "choose a world size that divides it (batchSize is the global batch)")
    return batch_size // world_size


def rank_batches(sampler: HybridBatchSampler, steps: int, world_size: int):
    """Yields (step, rank, batch, chunk) in flat order (index = step * W + rank), chunk = this rank's pairs."""
    per = per_rank_size(sampler.batch_size, world_size)
    for _ in range(steps):
        batch = sampler.next()
        for rank in range(world_size):
            yield batch["step"], rank, batch, batch["pairs"][rank * per:(rank + 1) * per]


def batch_line(index: PairIndex, step: int, rank: int, batch: dict, chunk) -> str:
    """One line of batches.jsonl; the workbench's `batches` command writes the same bytes."""
    langs = sorted({l for _, q, p in chunk for l in (q, p)})
    record = OrderedDict([
        ("step", step), ("rank", rank), ("kind", batch["kind"]), ("lang", batch["lang"]), ("langs", langs),
        ("size", len(chunk)), ("pairs", [f"{q}>{p}:{index.ids[i]}" for i, q, p in chunk]),
    ])
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


class HybridBatchPlan:
    """The flat batch sequence as indices into the training rows (one row per (id, query lang, passage lang)).

    ``row_of(i, q, p)`` numbers the rows of ``training_rows``: per drawable language pair, in draw-list order,
    the usable ids in id order. A sentence-transformers DatasetDict built from ``training_rows`` (one dataset
    per language pair, in that order) becomes a ConcatDataset with exactly these global indices.
    """

    def __init__(self, make_sampler, steps: int, world_size: int):
        # A factory, not a sampler: every pass over the plan (the trainer may start more than one) restarts the
        # stream from the seed, so it always yields the same batches.
        self.make_sampler, self.steps, self.world_size = make_sampler, steps, world_size
        self.sampler = sampler = make_sampler()
        self.per_rank = per_rank_size(sampler.batch_size, world_size)
        self.offsets: dict[tuple[str, str], int] = {}
        self.rows: dict[tuple[str, str], list[int]] = OrderedDict()
        total = 0
        for q, p in sampler.drawable_pairs():
            ids = [i for i in range(len(sampler.index.ids)) if sampler.q_ok[q][i] and sampler.p_ok[p][i]]
            self.rows[(q, p)] = ids
            self.offsets[(q, p)] = total
            total += len(ids)
        self._position = {key: {i: k for k, i in enumerate(ids)} for key, ids in self.rows.items()}

    def training_rows(self):
        """(name "q>p", list of {"anchor", "positive"}) per language pair, in global index order."""
        index = self.sampler.index
        for (q, p), ids in self.rows.items():
            yield f"{q}>{p}", [{"anchor": index.query[q][i], "positive": index.positive[p][i]} for i in ids]

    def row_of(self, i: int, q: str, p: str) -> int:
        return self.offsets[(q, p)] + self._position[(q, p)][i]

    def __len__(self) -> int:
        return self.steps * self.world_size

    def __iter__(self):
        """Per-rank batches of global row indices, flat index = step * W + rank. Refuses uneven chunks."""
        for step, rank, batch, chunk in rank_batches(self.make_sampler(), self.steps, self.world_size):
            if self.world_size > 1 and len(chunk) != self.per_rank:
                raise ValueError(
                    f"step {step}: the sampler drew {len(batch['pairs'])} of {self.sampler.batch_size} pairs "
                    f"({batch['kind']} {batch['lang'] or ''}), so rank {rank} would get {len(chunk)} instead of "
                    f"{self.per_rank}; gathered negatives need equal chunks. Raise the caps of small languages or run with 1 process")
            yield [self.row_of(i, q, p) for i, q, p in chunk]


try:  # The sentence-transformers class is defined only where the library is installed (train.py needs it).
    from sentence_transformers.sampler import MultiDatasetDefaultBatchSampler
except ImportError:  # hybrid_sampler.py alone (batch files, tests) needs nothing beyond the standard library
    MultiDatasetDefaultBatchSampler = None

if MultiDatasetDefaultBatchSampler is not None:

    class HybridMultiDatasetBatchSampler(MultiDatasetDefaultBatchSampler):
        """sentence-transformers multi-dataset batch sampler: the workbench's batches over a DatasetDict of
        language pairs. Pass ``functools.partial(HybridMultiDatasetBatchSampler, plan=plan)`` as
        ``multi_dataset_batch_sampler``; the trainer calls it with the ConcatDataset of the DatasetDict.
        ``batch_size`` is the per-rank size, so accelerate's shard of it yields every chunk."""

        def __init__(self, dataset, batch_samplers, generator=None, seed=0, plan: HybridBatchPlan | None = None):
            super().__init__(dataset, batch_samplers=batch_samplers, generator=generator, seed=seed)
            if plan is None:
                raise ValueError("HybridMultiDatasetBatchSampler needs plan=HybridBatchPlan(...)")
            if len(dataset) != sum(len(v) for v in plan.rows.values()):
                raise ValueError("the training DatasetDict does not match the plan's rows; build it from plan.training_rows()")
            self.plan = plan
            self.batch_size = plan.per_rank
            self.drop_last = False

        def __iter__(self):
            return iter(self.plan)

        def __len__(self) -> int:
            return len(self.plan)


def main(argv=None) -> int:
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description="Write the workbench's hybrid batches (one line per step and rank).")
    ap.add_argument("--config", default=os.path.join(here, "experiment.json"))
    ap.add_argument("--data", default=os.path.join(here, "data", "train.jsonl"))
    ap.add_argument("--steps", type=int, required=True)
    ap.add_argument("--world-size", type=int, default=1)
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    cfg = load_config(args.config)
    sampler = sampler_from_config(cfg, PairIndex(args.data))
    per_rank_size(sampler.batch_size, args.world_size)
    with open(args.out, "w", encoding="utf-8", newline="\n") as out:
        for step, rank, batch, chunk in rank_batches(sampler, args.steps, args.world_size):
            out.write(batch_line(sampler.index, step, rank, batch, chunk) + "\n")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (ValueError, KeyError) as e:
        sys.stderr.write(f"error: {e}\n")
        sys.exit(1)

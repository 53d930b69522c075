"""Check the two distributed pieces of the recipe without sentence-transformers, on any backend.

    torchrun --nproc_per_node=N ddp_check.py --steps 20          # gloo on CPU, nccl on GPUs

1. The sampler under rank sharding: every rank shards the flat batch sequence as accelerate does (rank r takes
   batches r, r + W, r + 2W, ...) and checks that what it got is its chunk of each step of the single-process
   stream, and that the W chunks of a step are of one kind.
2. The all-gather of in-batch negatives: each rank embeds its chunk with a small deterministic encoder,
   computes MultipleNegativesRankingLoss the way sentence-transformers does with gather_across_devices=True
   (local anchors against the positives of every rank, gathered with gradient), and DDP averages the gradients.
   Rank 0 then computes the plain single-process loss on the combined batch (the workbench's InfoNCE): loss and
   gradients must agree to 1e-6.
Exit status 0 when everything matched; one line per step on rank 0 says what was compared.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

import torch
import torch.distributed as dist
import torch.distributed.nn
import torch.nn.functional as F

from hybrid_sampler import HybridBatchPlan, PairIndex, load_config, rank_batches, sampler_from_config

TOL = 1e-6


class HashEncoder(torch.nn.Module):
    """A tiny deterministic text encoder (hashed character trigrams -> EmbeddingBag -> linear), seeded."""

    def __init__(self, dim: int = 16, buckets: int = 4096, seed: int = 0):
        super().__init__()
        g = torch.Generator().manual_seed(seed)
        self.buckets = buckets
        self.bag = torch.nn.EmbeddingBag(buckets, dim, mode="mean")
        self.proj = torch.nn.Linear(dim, dim)
        with torch.no_grad():
            self.bag.weight.copy_(torch.randn(buckets, dim, generator=g, dtype=torch.float64))
            self.proj.weight.copy_(torch.randn(dim, dim, generator=g, dtype=torch.float64) / dim ** 0.5)
            self.proj.bias.zero_()

    def forward(self, texts: list[str]) -> torch.Tensor:
        ids, offsets = [], []
        for t in texts:
            offsets.append(len(ids))
            padded = f"  {t} "
            ids.extend(sum(ord(ch) * 31 ** k for k, ch in enumerate(padded[i:i + 3])) % self.buckets
                       for i in range(len(padded) - 2))
        return self.proj(self.bag(torch.tensor(ids), torch.tensor(offsets)))


def mnrl_loss(anchors: torch.Tensor, positives: torch.Tensor, scale: float, gather: bool) -> torch.Tensor:
    """sentence-transformers' MultipleNegativesRankingLoss.compute_loss_from_embeddings (cos_sim, labels i)."""
    offset = 0
    if gather and dist.is_initialized():
        positives = torch.cat(torch.distributed.nn.all_gather(positives), dim=0)
        offset = dist.get_rank() * anchors.size(0)
    scores = F.normalize(anchors, dim=1) @ F.normalize(positives, dim=1).T * scale
    labels = torch.arange(offset, offset + anchors.size(0))
    return F.cross_entropy(scores, labels)


def main(argv=None) -> int:
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", default=os.path.join(here, "experiment.json"))
    ap.add_argument("--data", default=os.path.join(here, "data", "train.jsonl"))
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--report", default=None, help="rank 0 writes a JSON summary here")
    args = ap.parse_args(argv)
    backend = "nccl" if torch.cuda.is_available() else "gloo"
    dist.init_process_group(backend)
    rank, world = dist.get_rank(), dist.get_world_size()
    torch.set_default_dtype(torch.float64)  # so 1e-6 measures the algebra, not float32 rounding
    cfg = load_config(args.config)
    index = PairIndex(args.data)
    scale = 1.0 / cfg["temperature"]

    # 1. Sharding: what accelerate's BatchSamplerShard hands this rank vs the single-process stream.
    plan = HybridBatchPlan(lambda: sampler_from_config(cfg, index), args.steps, world)
    mine = [b for idx, b in enumerate(plan) if idx % world == rank]
    expected = [chunk for _, r, _, chunk in rank_batches(sampler_from_config(cfg, index), args.steps, world) if r == rank]
    assert len(mine) == args.steps, f"rank {rank}: got {len(mine)} batches for {args.steps} steps"
    rows = [row for _, part in plan.training_rows() for row in part]  # the trainer's ConcatDataset, in order
    for step, (got, want) in enumerate(zip(mine, expected)):
        assert got == [plan.row_of(i, q, p) for i, q, p in want], f"rank {rank}: step {step} is not its chunk"
        # ...and those rows hold the texts of the drawn pairs (query in q, answer in p, same translation id).
        assert [(rows[k]["anchor"], rows[k]["positive"]) for k in got] == \
            [(index.query[q][i], index.positive[p][i]) for i, q, p in want], f"rank {rank}: step {step}: wrong rows"
    kinds = [None] * world
    dist.all_gather_object(kinds, [b["kind"] + (b["lang"] or "") for b in
                                   (batch for _, r, batch, _ in rank_batches(sampler_from_config(cfg, index), args.steps, world) if r == rank)])
    assert all(k == kinds[0] for k in kinds), "the ranks of one step disagree on the batch kind"

    # 2. Gathered in-batch negatives vs the combined batch in one process.
    model = torch.nn.parallel.DistributedDataParallel(HashEncoder(seed=cfg["seed"]))
    reference = HashEncoder(seed=cfg["seed"])
    worst = {"loss": 0.0, "grad": 0.0, "local": float("inf")}
    for step, batch in enumerate(mine):
        model.zero_grad()
        a = model([rows[i]["anchor"] for i in batch])
        p = model([rows[i]["positive"] for i in batch])
        loss = mnrl_loss(a, p, scale, gather=True)
        loss.backward()  # DDP averages the gradients over ranks
        total = loss.detach().clone()
        dist.all_reduce(total)
        # Without the gather each rank would see only its own chunk's negatives: a different loss, which shows
        # that the comparison below can tell the two apart.
        local = mnrl_loss(a.detach(), p.detach(), scale, gather=False)
        dist.all_reduce(local)
        every = [None] * world
        dist.all_gather_object(every, batch)
        if rank == 0:
            combined = [i for part in every for i in part]
            reference.zero_grad()
            ref = mnrl_loss(reference([rows[i]["anchor"] for i in combined]),
                            reference([rows[i]["positive"] for i in combined]), scale, gather=False)
            ref.backward()
            d_loss = abs(total.item() / world - ref.item())
            d_grad = max((pm.grad - pr.grad).abs().max().item()
                         for pm, pr in zip(model.module.parameters(), reference.parameters()))
            d_local = abs(local.item() / world - ref.item())
            worst = {"loss": max(worst["loss"], d_loss), "grad": max(worst["grad"], d_grad),
                     "local": min(worst["local"], d_local)}
            print(f"step {step}: {len(combined)} pairs over {world} ranks, loss {ref.item():.6f}, "
                  f"|Δloss| {d_loss:.2e}, max |Δgrad| {d_grad:.2e} (without the gather |Δloss| {d_local:.2e})", flush=True)
            assert d_loss <= TOL and d_grad <= TOL, f"step {step}: gathered loss/gradients differ from the combined batch"
    if rank == 0 and args.report:
        with open(args.report, "w", encoding="utf-8") as f:
            json.dump({"worldSize": world, "steps": args.steps, "backend": backend, "maxLossDiff": worst["loss"],
                       "maxGradDiff": worst["grad"], "minLossDiffWithoutGather": worst["local"],
                       "perRank": plan.per_rank}, f)
    dist.barrier()
    dist.destroy_process_group()
    return 0


if __name__ == "__main__":
    sys.exit(main())

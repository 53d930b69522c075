"""Train the workbench experiment (experiment.json) with sentence-transformers on one or many GPUs.

    torchrun --nproc_per_node=N train.py [--model <hub id or folder>] --output-dir output
    accelerate launch --multi_gpu --num_processes=N train.py ...

The batches are the workbench's (hybrid_sampler.py); the experiment's batchSize is the global batch, cut into
N equal per-rank chunks whose passages MultipleNegativesRankingLoss(gather_across_devices=True) gathers back,
so each query sees the workbench batch's in-batch negatives. See README.md for the mapping of every field.
"""
from __future__ import annotations

import argparse
import functools
import json
import os
import sys

import torch
from datasets import Dataset, DatasetDict
from sentence_transformers import (SentenceTransformer, SentenceTransformerTrainer,
                                   SentenceTransformerTrainingArguments, losses)
from sentence_transformers.models import Transformer

from hybrid_sampler import HybridBatchPlan, HybridMultiDatasetBatchSampler, PairIndex, load_config, sampler_from_config

HERE = os.path.dirname(os.path.abspath(__file__))
# The workbench freezes any word-embedding matrix larger than this in every trainable mode (a browser memory
# limit there); kept by default so the recipe trains the same parameters.
BIG_VOCAB_ROWS = 50_000


def refuse(field: str, problem: str, fix: str) -> None:
    sys.stderr.write(f'error: experiment.json field "{field}": {problem}. Fix: {fix}\n')
    sys.exit(1)


def apply_trainable(model: SentenceTransformer, setting, train_big_embeddings: bool) -> list[str]:
    """Freeze what the workbench's `trainable` mode freezes; returns the frozen parameter names."""
    mode = setting if isinstance(setting, str) else setting.get("mode")
    first = model[0]
    if not isinstance(first, Transformer):
        refuse("trainable", "the model's first module is not a Transformer", "use a BERT / XLM-R style model")
    encoder = first.auto_model
    frozen = []

    def freeze(prefix: str) -> None:
        for name, p in encoder.named_parameters():
            if name.startswith(prefix) and p.requires_grad:
                p.requires_grad_(False)
                frozen.append(name)

    if mode == "all-but-embeddings":
        freeze("embeddings.")
    elif mode == "top-k":
        k = int(setting["k"])
        layers = encoder.encoder.layer
        if not 0 <= k <= len(layers):
            refuse("trainable.k", f"{k} is outside 0..{len(layers)}", "choose k within the model's layer count")
        freeze("embeddings.")
        for i in range(len(layers) - k):
            freeze(f"encoder.layer.{i}.")
    elif mode == "pooling-only":
        freeze("")
        if not any(p.requires_grad for p in model.parameters()):
            refuse("trainable", '"pooling-only" but the model\'s pooling has no weights (mean / CLS pooling)',
                   'use "all", "all-but-embeddings" or {"mode": "top-k", "k": N}')
    elif mode != "all":
        refuse("trainable", f"unknown mode {setting!r}", 'use "all", "all-but-embeddings", "pooling-only" or top-k')
    words = encoder.get_input_embeddings().weight
    if words.shape[0] > BIG_VOCAB_ROWS and words.requires_grad and not train_big_embeddings:
        words.requires_grad_(False)
        frozen.append("embeddings.word_embeddings.weight")
    # Freezing must happen before the trainer wraps the model in DDP (it registers only trainable params)
    # and before the optimiser below is built.
    if getattr(encoder, "pooler", None) is not None:
        # The HF pooler is never read by sentence-transformers' Pooling module (a workbench "pooler" model is
        # exported with a Dense(tanh) module instead), and DDP refuses parameters that get no gradient.
        for name, p in encoder.pooler.named_parameters():
            if p.requires_grad:
                p.requires_grad_(False)
                frozen.append(f"pooler.{name}")
    return frozen


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", default=os.path.join(HERE, "experiment.json"))
    ap.add_argument("--data", default=os.path.join(HERE, "data", "train.jsonl"))
    ap.add_argument("--model", default=None, help="Hub id or sentence-transformers / HF folder (default: recipe.json)")
    ap.add_argument("--output-dir", default=os.path.join(HERE, "output"))
    ap.add_argument("--bf16", action="store_true", help="bf16 autocast (the workbench trains in float32)")
    ap.add_argument("--logging-steps", type=int, default=10)
    ap.add_argument("--train-big-embeddings", action="store_true",
                    help="also train word-embedding matrices of more than 50,000 rows")
    args = ap.parse_args(argv)

    cfg = load_config(args.config)
    if cfg.get("hardNegatives", "none") != "none":
        refuse("hardNegatives", f'"{cfg["hardNegatives"]}" is not reproduced by the recipe', 'set it to "none"')
    if cfg["steps"] < 1:
        refuse("steps", f"{cfg['steps']} optimiser steps", "give at least 1 (the trainer would fall back to epochs)")
    with open(os.path.join(HERE, "recipe.json"), encoding="utf-8") as f:
        recipe = json.load(f)
    model_ref = args.model or recipe.get("model")
    if not model_ref:
        sys.stderr.write("error: no model: the experiment starts from scratch; pass --model <hub id or folder>\n")
        return 1
    if model_ref == "base-model":
        model_ref = os.path.join(HERE, "base-model")

    world = int(os.environ.get("WORLD_SIZE", "1"))
    index = PairIndex(args.data)
    plan = HybridBatchPlan(lambda: sampler_from_config(cfg, index), cfg["steps"], world)
    if world > 1:
        for _ in plan:  # raises, naming the step, if a batch cannot be cut into equal per-rank chunks
            pass

    torch.manual_seed(cfg["seed"])
    model = SentenceTransformer(model_ref)
    model.max_seq_length = cfg["maxLength"]
    frozen = apply_trainable(model, cfg.get("trainable", "all"), args.train_big_embeddings)

    # One dataset per (query language, passage language) the sampler can draw, in the plan's order: the
    # trainer concatenates them, and the plan's row numbers are indices into that concatenation.
    train_dataset = DatasetDict({name: Dataset.from_list(rows) for name, rows in plan.training_rows()})

    loss = losses.MultipleNegativesRankingLoss(model, scale=1.0 / cfg["temperature"], gather_across_devices=True)
    # torch AdamW over the trainable parameters, weight decay on all of them (the workbench's AdamW); the
    # trainer adds the linear warm-up / decay schedule to it.
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=cfg["lr"],
                                  betas=(0.9, 0.999), eps=1e-8, weight_decay=cfg["weightDecay"])
    every = cfg.get("checkpointEvery", 0)
    # The workbench encodes queries and passages with the model's own prefixes (E5-style) when it has them; the
    # exported base carries them as sentence-transformers prompts, applied here per column.
    prompts = {col: model.prompts[role] for col, role in (("anchor", "query"), ("positive", "passage"))
               if (getattr(model, "prompts", None) or {}).get(role)}
    training_args = SentenceTransformerTrainingArguments(
        output_dir=args.output_dir,
        max_steps=cfg["steps"],
        per_device_train_batch_size=plan.per_rank,
        learning_rate=cfg["lr"],
        warmup_steps=cfg["warmupSteps"],
        lr_scheduler_type="linear",
        weight_decay=cfg["weightDecay"],
        max_grad_norm=cfg["gradClip"],
        seed=cfg["seed"],
        bf16=args.bf16,
        logging_steps=args.logging_steps,
        save_strategy="steps" if every > 0 else "no",
        save_steps=every if every > 0 else 500,
        dataloader_drop_last=False,
        multi_dataset_batch_sampler=functools.partial(HybridMultiDatasetBatchSampler, plan=plan),
        report_to="none",
        prompts=prompts or None,
    )
    trainer = SentenceTransformerTrainer(model=model, args=training_args, train_dataset=train_dataset, loss=loss,
                                         optimizers=(optimizer, None))
    trainer.train()
    if trainer.is_world_process_zero():
        model.save(os.path.join(args.output_dir, "model"))
        summary = {"config": cfg, "model": model_ref, "worldSize": world, "perRankBatch": plan.per_rank,
                   "frozen": frozen, "log": trainer.state.log_history}
        with open(os.path.join(args.output_dir, "training.json"), "w", encoding="utf-8") as f:
            json.dump(summary, f, indent=2)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except ValueError as e:  # the sampler's refusals (uneven chunks, languages, caps) name the fix
        sys.stderr.write(f"error: {e}\n")
        sys.exit(1)

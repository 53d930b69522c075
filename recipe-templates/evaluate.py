"""Evaluate a trained model with the workbench's zero-shot protocol and write a workbench run bundle.

    python evaluate.py --model output/model --out output/run [--settings monolingual,crosslingual,multilingual]

Embeds every query and candidate of data/eval.json (the query / passage prompts when the model has them),
L2-normalises, and scores with retrieval_metrics.py (numpy; the workbench's metrics, language bias and
FNV-1a tie-break). The bundle: run.json (format "hbw-run-bundle", origin "python-recipe"), experiment.json,
results.json (the CLI eval schema) and run.trec (qid <lang>:<xlingId>, docid = candidate uid).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import socket
import sys
import time
from datetime import datetime, timezone

import numpy as np

import retrieval_metrics

HERE = os.path.dirname(os.path.abspath(__file__))


def js_number(x: float) -> str:
    """A float as JavaScript prints it (shortest round trip; integers without ".0"), as the CLI's run files."""
    x = float(x)
    if x.is_integer() and abs(x) < 1e21:
        return str(int(x))
    text = repr(x)
    if "e" in text:
        mantissa, exp = text.split("e")
        text = f"{mantissa}e{'+' if int(exp) > 0 else '-'}{abs(int(exp))}"
    return text


def embed(model, texts: list[str], prompt: str | None, batch_size: int) -> np.ndarray:
    kwargs = {"prompt_name": prompt} if prompt else {}
    return model.encode(texts, batch_size=batch_size, convert_to_numpy=True, normalize_embeddings=True,
                        show_progress_bar=True, **kwargs).astype(np.float32)


def write_bundle(out: str, cfg: dict, result: dict, trec_name: str | None, model_dir: str | None, versions: dict,
                 include_model: bool) -> None:
    files = {"experiment": "experiment.json", "results": "results.json"}
    if trec_name:
        files["run"] = trec_name
    if include_model and model_dir:
        shutil.copytree(model_dir, os.path.join(out, "checkpoint"))
        files["checkpoint"] = "checkpoint/"
    with open(os.path.join(out, "experiment.json"), "w", encoding="utf-8") as f:
        json.dump(cfg, f, indent=2, ensure_ascii=False)
    with open(os.path.join(out, "results.json"), "w", encoding="utf-8") as f:
        json.dump(result, f, indent=2, ensure_ascii=False)
    created = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    stable = hashlib.sha256(json.dumps([cfg, model_dir, created]).encode()).hexdigest()[:12]
    manifest = {
        "format": "hbw-run-bundle", "version": 1,
        "id": f"python-recipe-{stable}", "name": f"{cfg.get('name', 'run')} (PyTorch DDP)", "createdAt": created,
        "status": "finished",
        "origin": {"tool": "python-recipe", "version": versions.get("recipe", "unknown"), "host": socket.gethostname()},
        "files": files,
        "lineage": [model_dir] if model_dir else [],
        "environment": {"backend": "pytorch", "versions": versions,
                        "machine": {"platform": platform.platform(), "python": platform.python_version()}},
    }
    with open(os.path.join(out, "run.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2, ensure_ascii=False)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", required=True, help="the trained sentence-transformers folder (output/model)")
    ap.add_argument("--out", required=True, help="run bundle folder to create")
    ap.add_argument("--config", default=os.path.join(HERE, "experiment.json"))
    ap.add_argument("--data", default=os.path.join(HERE, "data", "eval.json"))
    ap.add_argument("--settings", default="monolingual,crosslingual,multilingual")
    ap.add_argument("--batch-size", type=int, default=128)
    ap.add_argument("--run-depth", type=int, default=1000, help="candidates per query in run.trec (0 = all, none: -1)")
    ap.add_argument("--include-model", action="store_true", help="copy the model into the bundle's checkpoint/")
    args = ap.parse_args(argv)
    if os.path.exists(args.out) and os.listdir(args.out):
        sys.stderr.write(f"error: --out {args.out} exists and is not empty: choose a new folder\n")
        return 1
    os.makedirs(args.out, exist_ok=True)

    import sentence_transformers  # only here: retrieval_metrics and the bundle writer need numpy alone
    import torch

    with open(args.config, encoding="utf-8") as f:
        cfg = json.load(f)
    with open(args.data, encoding="utf-8") as f:
        data = json.load(f)
    settings = [s.strip() for s in args.settings.split(",") if s.strip()]
    t0 = time.time()
    model = sentence_transformers.SentenceTransformer(args.model)
    model.max_seq_length = cfg.get("maxLength", model.max_seq_length)
    prompts = getattr(model, "prompts", {}) or {}
    q_emb = embed(model, [q["text"] for q in data["queries"]], "query" if prompts.get("query") else None, args.batch_size)
    c_emb = embed(model, [c["text"] for c in data["candidates"]], "passage" if prompts.get("passage") else None,
                  args.batch_size)

    trec_name = "run.trec" if args.run_depth >= 0 else None
    trec = open(os.path.join(args.out, trec_name), "w", encoding="utf-8") if trec_name else None
    tag = "python-recipe"

    def on_ranking(qi, ranked, scores):
        q = data["queries"][qi]
        depth = len(ranked) if args.run_depth == 0 else min(args.run_depth, len(ranked))
        qid = f"{q['lang']}:{q['xlingId']}"
        trec.write("".join(f"{qid} Q0 {data['candidates'][ranked[r]]['uid']} {r + 1} {js_number(scores[r])} {tag}\n"
                           for r in range(depth)))

    result = retrieval_metrics.evaluate(data, q_emb, c_emb, settings, on_ranking=on_ranking if trec else None)
    if trec:
        trec.close()
    result["retriever"] = f"dense:{os.path.basename(os.path.normpath(args.model))}"
    result["timing"] = {"seconds": time.time() - t0}
    result["step"] = cfg.get("steps")
    result["lineage"] = [args.model]
    versions = {"sentence-transformers": sentence_transformers.__version__, "torch": torch.__version__,
                "numpy": np.__version__}
    recipe_json = os.path.join(HERE, "recipe.json")
    if os.path.exists(recipe_json):
        with open(recipe_json, encoding="utf-8") as f:
            versions["recipe"] = json.load(f).get("tool", "unknown")
    write_bundle(args.out, cfg, result, trec_name, os.path.abspath(args.model), versions, args.include_model)
    for name, s in result["settings"].items():
        print(f"{name}: map {s['map']:.4f}  recall@10 {s['recall@10']:.4f}  ({s['queries']} queries)")
    if "languageBias" in result:
        print(f"language bias (max-rank distance): {result['languageBias']['meanMaxRankDistance']:.1f}")
    print(f"run bundle → {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

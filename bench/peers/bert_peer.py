#!/usr/bin/env python3
"""PyTorch peer of the tfjs engine's BERT (bench/README.md): the same encoder in plain torch — embeddings +
LayerNorm, post-LN layers, exact (erf) GELU, masked mean pooling, L2 normalisation — loaded from the very
model.safetensors the Node side wrote, fed the very token ids (<name>.i32, int32 [rows, seq]).

Sub-commands (all print one JSON object on stdout):
  train-step --dir D --threads N [--warmup 2 --repeats 5]   forward + InfoNCE (MNRL) + backward + clip + AdamW
  encode     --dir D --threads N [--warmup 1 --repeats 5]   no-grad embedding of texts.i32 in batches of 32
  export-onnx --dir D --out F                               the no-grad encoder (ids, mask) -> embeddings
  peak-rss   --dir D --threads N --steps K                  K training steps, then ru_maxrss

Thread count: torch.set_num_threads(N) AND the BLAS pool (threadpoolctl; OPENBLAS_NUM_THREADS is set by the
runner too): Debian's torch calls the system OpenBLAS, whose own pthread pool ignores set_num_threads.
"""
import argparse
import json
import math
import os
import platform
import resource
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

try:
    import threadpoolctl
except ImportError:  # reported as missing, still runs
    threadpoolctl = None


# ---------------------------------------------------------------- weights and inputs

def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    base = 8 + n
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        assert meta["dtype"] == "F32", (name, meta["dtype"])
        a, b = meta["data_offsets"]
        out[name] = torch.from_numpy(np.frombuffer(raw, dtype="<f4", count=(b - a) // 4, offset=base + a).copy()).reshape(meta["shape"])
    return out


def read_ids(d, name, seq):
    a = np.fromfile(os.path.join(d, name + ".i32"), dtype="<i4")
    return torch.from_numpy(a.reshape(-1, seq).astype(np.int64))


# ---------------------------------------------------------------- the model (HF BertModel parameter names)



class SelfAttn(nn.Module):
    def __init__(self, H):
        super().__init__()
        self.query, self.key, self.value = nn.Linear(H, H), nn.Linear(H, H), nn.Linear(H, H)


class AttnOut(nn.Module):
    def __init__(self, H, eps):
        super().__init__()
        self.dense = nn.Linear(H, H)
        self.LayerNorm = nn.LayerNorm(H, eps=eps)


class Attention(nn.Module):
    def __init__(self, H, eps):
        super().__init__()
        self.add_module("self", SelfAttn(H))
        self.output = AttnOut(H, eps)


class Inter(nn.Module):
    def __init__(self, H, I):
        super().__init__()
        self.dense = nn.Linear(H, I)


class Out(nn.Module):
    def __init__(self, H, I, eps):
        super().__init__()
        self.dense = nn.Linear(I, H)
        self.LayerNorm = nn.LayerNorm(H, eps=eps)


class Layer(nn.Module):
    def __init__(self, H, I, eps):
        super().__init__()
        self.attention = Attention(H, eps)
        self.intermediate = Inter(H, I)
        self.output = Out(H, I, eps)


class Embeddings(nn.Module):
    def __init__(self, V, P, T, H, eps):
        super().__init__()
        self.word_embeddings = nn.Embedding(V, H)
        self.position_embeddings = nn.Embedding(P, H)
        self.token_type_embeddings = nn.Embedding(T, H)
        self.LayerNorm = nn.LayerNorm(H, eps=eps)


class Encoder(nn.Module):
    def __init__(self, H, I, n, eps):
        super().__init__()
        self.layer = nn.ModuleList([Layer(H, I, eps) for _ in range(n)])


class Bert(nn.Module):
    """BertModel (no pooler, no dropout) + masked mean pooling + L2 normalisation, as the tfjs BertEncoder."""

    def __init__(self, cfg):
        super().__init__()
        H, I, eps = cfg["hidden_size"], cfg["intermediate_size"], cfg["layer_norm_eps"]
        self.H, self.heads = H, cfg["num_attention_heads"]
        self.embeddings = Embeddings(cfg["vocab_size"], cfg["max_position_embeddings"], cfg["type_vocab_size"], H, eps)
        self.encoder = Encoder(H, I, cfg["num_hidden_layers"], eps)
        self.use_mask = True  # False skips the additive key mask (as tfjs does when nothing is padded)

    def forward(self, ids, mask):
        n, L = ids.shape
        h, d = self.heads, self.H // self.heads
        e = self.embeddings
        pos = torch.arange(L, device=ids.device)
        x = e.word_embeddings(ids) + e.position_embeddings(pos)[None] + e.token_type_embeddings.weight[0]
        x = e.LayerNorm(x)
        bias = ((1.0 - mask.to(x.dtype)) * -1e9)[:, None, None, :] if self.use_mask else None
        for lay in self.encoder.layer:
            sa = getattr(lay.attention, "self")
            q = (sa.query(x) * (1.0 / math.sqrt(d))).view(n, L, h, d).transpose(1, 2)
            k = sa.key(x).view(n, L, h, d).transpose(1, 2)
            v = sa.value(x).view(n, L, h, d).transpose(1, 2)
            s = q @ k.transpose(-1, -2)
            if bias is not None:
                s = s + bias
            ctx = (torch.softmax(s, dim=-1) @ v).transpose(1, 2).reshape(n, L, self.H)
            a = lay.attention.output.LayerNorm(lay.attention.output.dense(ctx) + x)
            x = lay.output.LayerNorm(lay.output.dense(F.gelu(lay.intermediate.dense(a))) + a)
        m = mask.to(x.dtype)
        pooled = (x * m[:, :, None]).sum(1) / m.sum(1, keepdim=True).clamp(min=1e-9)
        return F.normalize(pooled, p=2, dim=-1)


def load_model(d):
    with open(os.path.join(d, "config.json")) as f:
        cfg = json.load(f)
    model = Bert(cfg)
    w = {k: v for k, v in read_safetensors(os.path.join(d, "model.safetensors")).items() if not k.startswith("pooler.")}
    model.load_state_dict(w, strict=True)
    return model, cfg


def info_nce(q, p, n, tau):
    """sentence-transformers MNRL with hard negatives (the tfjs infoNce 'mnrl'): rows re-normalised, [B, B+M]."""
    q, p = F.normalize(q, dim=-1), F.normalize(p, dim=-1)
    scores = q @ p.T
    if n is not None:
        scores = torch.cat([scores, q @ F.normalize(n, dim=-1).T], dim=1)
    return F.cross_entropy(scores / tau, torch.arange(q.shape[0]))


# ---------------------------------------------------------------- environment report

def blas_info():
    if threadpoolctl is None:
        return {"threadpoolctl": "missing"}
    return [{k: i.get(k) for k in ("internal_api", "prefix", "version", "architecture", "threading_layer", "num_threads", "filepath")}
            for i in threadpoolctl.threadpool_info()]


def env_report(threads):
    return {
        "python": platform.python_version(),
        "torch": torch.__version__,
        "numpy": np.__version__,
        "torchThreads": torch.get_num_threads(),
        "requestedThreads": threads,
        "blas": blas_info(),
        "openblasEnv": {k: os.environ.get(k) for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")},
        "mkldnn": torch.backends.mkldnn.is_available(),
    }


def set_threads(n):
    torch.set_num_threads(n)
    if threadpoolctl is not None:
        threadpoolctl.threadpool_limits(limits=n)


def peak_rss_bytes():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB


# ---------------------------------------------------------------- sub-commands

def make_step(model, batch, tau, clip, opt):
    q_ids, p_ids, n_ids = batch
    ones = torch.ones_like(q_ids)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = info_nce(model(q_ids, ones), model(p_ids, ones), model(n_ids, ones), tau)
        loss.backward()
        norm = torch.nn.utils.clip_grad_norm_(model.parameters(), clip) if clip > 0 else torch.tensor(float("nan"))
        opt.step()
        return loss.item(), norm.item()
    return step


def setup_training(a):
    model, cfg = load_model(a.dir)
    if getattr(a, "float64", False):
        # The float64 reference: the same weights, ids and steps, summed with ~1e-16 relative error, so each float32
        # side's distance from it is its own rounding (two float32 sides differ by both of theirs).
        model.double()
    model.use_mask = False  # every text is exactly seq tokens: no padding, as on the tfjs side
    seq = cfg["hbw"]["maxLength"]
    batch = tuple(read_ids(a.dir, name, seq) for name in ("queries", "positives", "negatives"))
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=a.weight_decay)
    return make_step(model, batch, a.tau, a.clip, opt), opt


def cmd_train_step(a):
    step, opt = setup_training(a)
    times, cpu, losses, norms = [], [], [], []
    for i in range(a.warmup + a.repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        loss, norm = step()
        dt, dc = time.perf_counter() - t0, time.process_time() - c0
        losses.append(loss)
        norms.append(norm)
        if i >= a.warmup:
            times.append(dt * 1000)
            cpu.append(dc * 1000)
    return {"msPerStep": times, "cpuMsPerStep": cpu, "losses": losses, "gradNorms": norms, "peakRssBytes": peak_rss_bytes(),
            "optimizer": {"class": type(opt).__name__, "foreach": opt.defaults.get("foreach")}}


MATMUL_OPS = ("aten::mm", "aten::addmm", "aten::bmm", "aten::matmul", "aten::linear", "aten::baddbmm")


def cmd_profile(a):
    """One training step under torch.profiler: self CPU time by op, split into matrix products and the rest."""
    step, _ = setup_training(a)
    for _ in range(a.warmup):
        step()
    with torch.autograd.profiler.profile() as prof:
        step()
    ops = sorted(((e.key, e.self_cpu_time_total / 1000, e.count) for e in prof.key_averages()), key=lambda x: -x[1])
    total = sum(o[1] for o in ops)
    mm = sum(o[1] for o in ops if o[0] in MATMUL_OPS or "mm" in o[0].split("::")[-1] and "Backward" not in o[0])
    return {"totalSelfMs": total, "matmulSelfMs": mm, "top": [{"op": k, "ms": ms, "count": c} for k, ms, c in ops[:25]]}


def cmd_peak_rss(a):
    rss0 = peak_rss_bytes()
    step, _ = setup_training(a)
    losses = [step()[0] for _ in range(a.steps)]
    return {"steps": a.steps, "losses": losses, "peakRssBytes": peak_rss_bytes(), "rssBeforeModelBytes": rss0}


def cmd_encode(a):
    model, cfg = load_model(a.dir)
    model.use_mask = False
    model.eval()
    ids = read_ids(a.dir, "texts", cfg["hbw"]["maxLength"])
    ones = torch.ones_like(ids)
    bs = a.batch
    times = []
    with torch.inference_mode():
        emb = torch.cat([model(ids[s:s + bs], ones[s:s + bs]) for s in range(0, ids.shape[0], bs)])
        for i in range(a.warmup + a.repeats):
            t0 = time.perf_counter()
            for s in range(0, ids.shape[0], bs):
                model(ids[s:s + bs], ones[s:s + bs])
            if i >= a.warmup:
                times.append((time.perf_counter() - t0) * 1000)
    emb.numpy().astype("<f4").tofile(os.path.join(a.dir, "torch-embeddings.f32"))
    return {"texts": int(ids.shape[0]), "batch": bs, "msPerPass": times}


def cmd_grads(a):
    """The first step's embeddings [3B, H] and loss gradients, written to a.out + '.bin' (float64: embeddings,
    then every parameter's gradient in named_parameters order); the printed JSON indexes them (bench/train-drift.ts)."""
    model, cfg = load_model(a.dir)
    if a.float64:
        model.double()
    model.use_mask = False
    seq = cfg["hbw"]["maxLength"]
    q, p, n = (read_ids(a.dir, name, seq) for name in ("queries", "positives", "negatives"))
    ones = torch.ones_like(q)
    e = [model(q, ones), model(p, ones), model(n, ones)]
    loss = info_nce(*e, a.tau)
    loss.backward()
    parts = [torch.cat(e).detach().double().numpy().ravel()]
    index, off = {"embeddings": [0, parts[0].size]}, parts[0].size
    for name, prm in model.named_parameters():
        g = prm.grad.detach().double().numpy().ravel() if prm.grad is not None else np.zeros(prm.numel())
        index[name] = [off, g.size]
        off += g.size
        parts.append(g)
    np.concatenate(parts).tofile(a.out + ".bin")
    return {"loss": loss.item(), "index": index, "out": a.out + ".bin"}


def cmd_export_onnx(a):
    model, cfg = load_model(a.dir)
    model.eval()
    seq = cfg["hbw"]["maxLength"]
    ids = read_ids(a.dir, "texts", seq)[:2]
    t0 = time.perf_counter()
    with torch.no_grad():
        torch.onnx.export(model, (ids, torch.ones_like(ids)), a.out, input_names=["input_ids", "attention_mask"],
                          output_names=["embeddings"], opset_version=a.opset,
                          dynamic_axes={"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"}, "embeddings": {0: "batch"}})
    return {"out": a.out, "opset": a.opset, "exportSeconds": time.perf_counter() - t0, "bytes": os.path.getsize(a.out)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=["train-step", "encode", "export-onnx", "peak-rss", "profile", "grads"])
    ap.add_argument("--dir", required=True)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--steps", type=int, default=3)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--tau", type=float, default=0.05)
    ap.add_argument("--clip", type=float, default=1.0)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--weight-decay", type=float, default=0.01)
    ap.add_argument("--out")
    ap.add_argument("--opset", type=int, default=14)
    ap.add_argument("--float64", action="store_true", help="train-step, grads: run the model (and optimizer) in float64")
    a = ap.parse_args()
    set_threads(a.threads)
    torch.manual_seed(0)
    fn = {"train-step": cmd_train_step, "encode": cmd_encode, "export-onnx": cmd_export_onnx, "peak-rss": cmd_peak_rss, "profile": cmd_profile, "grads": cmd_grads}[a.cmd]
    out = fn(a)
    out["env"] = env_report(a.threads)
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

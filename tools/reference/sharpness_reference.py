"""Independent PyTorch reference of worst-case (m-APGD) and average-case sharpness on the sample project.

Written from the algorithm description in the project's method notes (sections 3.1-3.5 and 3.3a), not from the
Java code. It follows the reference procedure literally: the model is reloaded to the worst state at a step-size
cut and the gradient is recomputed there, and every new point's loss is measured by a separate forward pass (the Java
side keeps the worst point's gradient instead; both must give the same numbers).

Writes src/test/resources/golden/sharpness/:
  sharpness_golden.json   settings + overall / layer-wise worst-case values and the average-case value
  avg_noise.safetensors   the average-case noise draws z (float32), named b<batch>.s<sample>.<parameter>

Run from the repository root with Debian's interpreter:
    /usr/bin/python3 tools/reference/sharpness_reference.py
"""
import gzip
import json
import math
import os
import struct
import sys
import time
from collections import OrderedDict

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import openclip_reference as ocr  # noqa: E402  (the independent model; safetensors by hand)

SAMPLE = "sample-projects/fashion-clip-wiseft"
OUT = "src/test/resources/golden/sharpness"
ALPHA = 0.5
N_EXAMPLES = 128  # one batch of m = 128 keeps the Java parity test quick
BATCH = 128


# ------------------------------------------------------------------------------------------------ data and model
def read_idx_gz(path):
    raw = gzip.open(path, "rb").read()
    magic, = struct.unpack(">I", raw[:4])
    dims = struct.unpack(">" + "I" * (magic & 0xFF), raw[4:4 + 4 * (magic & 0xFF)])
    data = torch.frombuffer(bytearray(raw[4 + 4 * len(dims):]), dtype=torch.uint8)
    return data.reshape(dims)


def load_batches():
    images = read_idx_gz(f"{SAMPLE}/data/sharpness_train-images-idx3-ubyte.gz")[:N_EXAMPLES]
    labels = read_idx_gz(f"{SAMPLE}/data/sharpness_train-labels-idx1-ubyte.gz")[:N_EXAMPLES].long()
    x = (images.float() / 255.0 - 0.5) / 0.5          # ToTensor + Normalize(0.5, 0.5), float32
    x = x.unsqueeze(1).expand(-1, 3, -1, -1).contiguous()  # grey -> 3 identical planes
    return [(x[i:i + BATCH], labels[i:i + BATCH]) for i in range(0, N_EXAMPLES, BATCH)]


def load_model():
    cfg = ocr.VisionConfig.load(f"{SAMPLE}/model/config.json")
    a, _ = ocr.load_safetensors(f"{SAMPLE}/checkpoints/zeroshot.safetensors")
    b, _ = ocr.load_safetensors(f"{SAMPLE}/checkpoints/finetuned.safetensors")
    mixed = OrderedDict((n, torch.lerp(a[n], b[n], ALPHA)) for n in a)  # the workbench writes theta with lerp too
    return ocr.build_model(cfg, mixed)


def block_of(name):
    if name.startswith("visual.transformer.resblocks."):
        return "resblock " + name.split(".")[3]
    if name.startswith("visual.conv1."):
        return "patch embedding"
    if name in ("visual.class_embedding", "visual.positional_embedding"):
        return "embeddings"
    if name.startswith("visual.ln_pre."):
        return "ln_pre"
    if name.startswith("visual.ln_post.") or name == "visual.proj":
        return "ln_post+proj"
    return "head"


# ------------------------------------------------------------------------------------------------ objective
def objective(model, x, y, normalize_logits):
    out = model(x)
    if normalize_logits:
        out = out - out.mean(dim=1, keepdim=True)
        out = out / torch.clamp(out.norm(dim=1, keepdim=True), min=1e-10)
    loss = F.cross_entropy(out, y)
    err = (out.argmax(dim=1) != y).float().mean()
    return loss, err


def measure(model, x, y, normalize_logits):
    with torch.no_grad():
        loss, err = objective(model, x, y, normalize_logits)
    return loss.item(), err.item()


def checkpoints(T):
    fr = [0.0, 0.22]
    idx = [0, math.ceil(T * 0.22)]
    while idx[-1] < T and idx[-1] != idx[-2]:
        fr.append(fr[-1] + max(fr[-1] - fr[-2] - 0.03, 0.06))
        idx.append(math.ceil(fr[-1] * T))
    return idx[1:]


# ------------------------------------------------------------------------------------------------ worst case
def project(deltas, scales, rho, norm, adaptive):
    if norm == "linf":
        return [torch.max(torch.min(d, s * rho), -s * rho) for d, s in zip(deltas, scales)]

    def weighted(ds):
        total = 0.0
        for d, s in zip(ds, scales):
            q = torch.where(s > 0, d / torch.where(s > 0, s, torch.ones_like(s)), torch.zeros_like(d))
            total += float((q * q).sum())
        return math.sqrt(total)

    current = weighted(deltas)
    if current <= rho:
        return deltas
    if not adaptive:
        return [d * (rho / current) for d in deltas]
    # bisection on lambda for delta / (1 + 2 lambda / c^2); same search as the original code
    lam, lo, cap = 0.1, 0.0, 10.0
    hi = cap
    new = current
    shrunk = deltas
    while abs(new - rho) > 1e-5:
        shrunk = []
        for d, s in zip(deltas, scales):
            inv = torch.where(s > 0, 1.0 / torch.where(s > 0, s, torch.ones_like(s)), torch.ones_like(s))
            shrunk.append(d / (1 + (2 * lam) * inv ** 2))
        new = weighted(shrunk)
        if new > rho:
            lam, lo = (lam + hi) / 2, lam
        else:
            lam, hi = (lo + lam) / 2, lam
        if cap - hi < 1e-2:
            cap, hi = cap * 2, hi * 2
    return shrunk


def worst_case(model, names, batches, cfg):
    params = dict(model.named_parameters())
    for n, p in params.items():
        p.requires_grad_(n in names)
    group = [params[n] for n in names]
    w0 = [p.detach().clone() for p in group]
    scales = [w.abs() + cfg["eta"] if cfg["adaptive"] else torch.ones_like(w) for w in w0]
    rho, T = cfg["rho"], cfg["steps"]
    cps = checkpoints(T)
    sums = dict(clean=0.0, clean_err=0.0, worst=0.0, worst_err=0.0)
    for x, y in batches:
        clean, clean_err = measure(model, x, y, cfg["logitNormalization"])
        delta = [torch.zeros_like(w) for w in w0]
        prev = [torch.zeros_like(w) for w in w0]
        worst, worst_err = clean, clean_err
        worst_state = [w.clone() for w in w0]
        step = prev_step = 2 * rho
        prev_worst, prev_cp, improved = worst, 0, 0
        for i in range(T):
            for p in group:
                p.grad = None
            loss, _ = objective(model, x, y, cfg["logitNormalization"])
            loss.backward()
            with torch.no_grad():
                grads = [p.grad for p in group]
                before = [d.clone() for d in delta]
                if cfg["norm"] == "linf":
                    moved = [d + step * g.sign() * s for d, g, s in zip(delta, grads, scales)]
                else:
                    gnorm = math.sqrt(sum(float(g.norm()) ** 2 for g in grads))
                    moved = [d + step / (gnorm + 1e-12) * g * s for d, g, s in zip(delta, grads, scales)]
                projected = project(moved, scales, rho, cfg["norm"], cfg["adaptive"])
                delta = [0.75 * d + 0.25 * q for d, q in zip(projected, prev)]
                prev = before
                for p, w, d in zip(group, w0, delta):
                    p.copy_(w + d)
            cur, cur_err = measure(model, x, y, cfg["logitNormalization"])
            if cur > worst:
                worst, worst_err = cur, cur_err
                worst_state = [p.detach().clone() for p in group]
                improved += 1
            if i in cps:
                few = improved < 0.75 * (i - prev_cp)
                stalled = prev_step == step and prev_worst == worst
                prev_step, prev_worst, prev_cp, improved = step, worst, i, 0
                if few or stalled:
                    step *= 0.5
                    with torch.no_grad():
                        for p, s in zip(group, worst_state):
                            p.copy_(s)  # the next gradient is taken at the worst point; delta is kept
        with torch.no_grad():
            for p, w in zip(group, w0):
                p.copy_(w)
        sums["clean"] += clean
        sums["clean_err"] += clean_err
        sums["worst"] += worst
        sums["worst_err"] += worst_err
    k = len(batches)
    return dict(loss=(sums["worst"] - sums["clean"]) / k, error=(sums["worst_err"] - sums["clean_err"]) / k,
                cleanLoss=sums["clean"] / k, perturbedLoss=sums["worst"] / k)


# ------------------------------------------------------------------------------------------------ average case
def average_case(model, names, batches, cfg, noise_out):
    params = dict(model.named_parameters())
    group = [params[n] for n in names]
    w0 = [p.detach().clone() for p in group]
    scales = [w.abs() + cfg["eta"] if cfg["adaptive"] else torch.ones_like(w) for w in w0]
    gen = torch.Generator().manual_seed(cfg["seed"])
    sums = dict(clean=0.0, clean_err=0.0, noisy=0.0, noisy_err=0.0)
    for b, (x, y) in enumerate(batches):
        clean, clean_err = measure(model, x, y, cfg["logitNormalization"])
        total, total_err = 0.0, 0.0
        for k in range(cfg["samples"]):
            with torch.no_grad():
                for n, p, w, s in zip(names, group, w0, scales):
                    if cfg["noise"] == "GAUSSIAN":
                        z = torch.randn(w.shape, generator=gen)
                    else:
                        z = 2 * torch.rand(w.shape, generator=gen) - 1
                    noise_out[f"b{b}.s{k}.{n}"] = z
                    p.copy_(w + z * (cfg["rho"] * s))
            cur, cur_err = measure(model, x, y, cfg["logitNormalization"])
            total += cur
            total_err += cur_err
        with torch.no_grad():
            for p, w in zip(group, w0):
                p.copy_(w)
        sums["clean"] += clean
        sums["clean_err"] += clean_err
        sums["noisy"] += total / cfg["samples"]
        sums["noisy_err"] += total_err / cfg["samples"]
    k = len(batches)
    return dict(loss=(sums["noisy"] - sums["clean"]) / k, error=(sums["noisy_err"] - sums["clean_err"]) / k,
                cleanLoss=sums["clean"] / k, perturbedLoss=sums["noisy"] / k)


# ------------------------------------------------------------------------------------------------ main
def settings(**over):
    base = dict(definition="WORST_CASE", norm="LINF", adaptive=True, eta=0.0, logitNormalization=True, rho=1e-3,
                steps=20, batchSize=BATCH, examples=N_EXAMPLES, seed=0, noise="GAUSSIAN", samples=20)
    base.update(over)
    return base


def main():
    torch.set_num_threads(1)
    torch.manual_seed(0)
    assert checkpoints(20) == [5, 9, 12, 15, 16, 18, 19, 20], checkpoints(20)
    model = load_model()
    batches = load_batches()
    names = [n for n, _ in model.named_parameters()]
    blocks = OrderedDict()
    for n in names:
        blocks.setdefault(block_of(n), []).append(n)
    cases = []
    worst_cases = [
        ("overall", settings()),
        ("resblock 2", settings()),
        ("overall", settings(norm="L2", rho=0.5, logitNormalization=False)),
    ]
    for group, cfg in worst_cases:
        t = time.time()
        members = names if group == "overall" else blocks[group]
        r = worst_case(model, members, batches, dict(cfg, norm=cfg["norm"].lower()))
        print(f"worst case {group:12s} {cfg['norm']} logitnorm={cfg['logitNormalization']}: {r} ({time.time() - t:.1f} s)")
        cases.append(dict(group=group, settings=cfg, **r))
    noise = OrderedDict()
    avg_cfg = settings(definition="AVERAGE_CASE", rho=0.2, samples=8, seed=1234, logitNormalization=False)
    r = average_case(model, blocks["ln_post+proj"], batches, avg_cfg, noise)
    print(f"average case ln_post+proj: {r}")
    cases.append(dict(group="ln_post+proj", settings=avg_cfg, noiseFile="avg_noise.safetensors", **r))
    os.makedirs(OUT, exist_ok=True)
    ocr.save_safetensors(noise, f"{OUT}/avg_noise.safetensors", metadata={"content": "average-case noise z"})
    golden = OrderedDict(alpha=ALPHA, dataset="sharpness_train", examples=N_EXAMPLES, batchSize=BATCH,
                         generator="tools/reference/sharpness_reference.py", torch=torch.__version__, cases=cases)
    with open(f"{OUT}/sharpness_golden.json", "w", encoding="utf-8") as f:
        json.dump(golden, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()

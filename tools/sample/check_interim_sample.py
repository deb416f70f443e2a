#!/usr/bin/python3
"""Independent checks of the generated interim sample project (run after make_interim_sample.py).

1. Each safetensors file is well formed: header length multiple of 8, offsets contiguous and ascending,
   file size = 8 + header + data, dtype F32, and the tensor names/shapes are exactly the open_clip layout
   derived from model/config.json.
2. The data sets are disjoint subsets of the Fashion-MNIST test split of the announced sizes.
3. expected_python_sweep.json is reproduced at alpha 0, 0.5 and 1 by a second forward pass written with
   torch's own nn.MultiheadAttention / F.layer_norm (not the generator's model classes).
"""
import gzip
import json
import math
import os
import struct
import sys

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(1)
ROOT = sys.argv[1] if len(sys.argv) > 1 else "sample-projects/fashion-clip-wiseft"


def read_idx(path):
    raw = gzip.open(path).read()
    ndim = raw[3]
    dims = struct.unpack(">" + "I" * ndim, raw[4:4 + 4 * ndim])
    return np.frombuffer(raw, np.uint8, offset=4 + 4 * ndim).reshape(dims)


def expected_layout(cfg, classes):
    v = cfg["vision_cfg"]
    w, p, e = v["width"], v["patch_size"], cfg["embed_dim"]
    m = int(v["mlp_ratio"] * w)
    g = v["image_size"] // p
    shapes = {"visual.conv1.weight": [w, 3, p, p], "visual.class_embedding": [w],
              "visual.positional_embedding": [g * g + 1, w], "visual.ln_pre.weight": [w], "visual.ln_pre.bias": [w],
              "visual.ln_post.weight": [w], "visual.ln_post.bias": [w], "visual.proj": [w, e],
              "classification_head.weight": [classes, e], "classification_head.bias": [classes]}
    for i in range(v["layers"]):
        b = f"visual.transformer.resblocks.{i}."
        shapes.update({b + "ln_1.weight": [w], b + "ln_1.bias": [w], b + "ln_2.weight": [w], b + "ln_2.bias": [w],
                       b + "attn.in_proj_weight": [3 * w, w], b + "attn.in_proj_bias": [3 * w],
                       b + "attn.out_proj.weight": [w, w], b + "attn.out_proj.bias": [w],
                       b + "mlp.c_fc.weight": [m, w], b + "mlp.c_fc.bias": [m],
                       b + "mlp.c_proj.weight": [w, m], b + "mlp.c_proj.bias": [w]})
    return shapes


def load_checked(path, shapes):
    raw = open(path, "rb").read()
    (hlen,) = struct.unpack("<Q", raw[:8])
    assert hlen % 8 == 0, "header not padded to 8"
    header = json.loads(raw[8:8 + hlen])
    header.pop("__metadata__", None)
    spans = sorted((h["data_offsets"][0], h["data_offsets"][1]) for h in header.values())
    assert spans[0][0] == 0 and all(a[1] == b[0] for a, b in zip(spans, spans[1:])), "offsets not contiguous"
    assert 8 + hlen + spans[-1][1] == len(raw), "file size mismatch"
    assert {k: h["shape"] for k, h in header.items()} == shapes, "names/shapes differ from the open_clip layout"
    assert all(h["dtype"] == "F32" for h in header.values())
    base = 8 + hlen
    return {k: torch.from_numpy(np.frombuffer(raw[base + h["data_offsets"][0]: base + h["data_offsets"][1]],
                                              "<f4").copy()).reshape(h["shape"]) for k, h in header.items()}


def forward(sd, cfg, x):
    v = cfg["vision_cfg"]
    w = v["width"]
    heads = w // v["head_width"]
    t = F.conv2d(x, sd["visual.conv1.weight"], stride=v["patch_size"]).flatten(2).transpose(1, 2)
    t = torch.cat([sd["visual.class_embedding"].expand(t.shape[0], 1, w), t], 1) + sd["visual.positional_embedding"]
    ln = lambda z, n: F.layer_norm(z, (w,), sd[n + ".weight"], sd[n + ".bias"], 1e-5)
    t = ln(t, "visual.ln_pre")
    mha = torch.nn.MultiheadAttention(w, heads, batch_first=True)
    for i in range(v["layers"]):
        b = f"visual.transformer.resblocks.{i}."
        mha.load_state_dict({k: sd[b + "attn." + k] for k in
                             ["in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"]})
        h = ln(t, b + "ln_1")
        t = t + mha(h, h, h, need_weights=False)[0]
        h = F.linear(ln(t, b + "ln_2"), sd[b + "mlp.c_fc.weight"], sd[b + "mlp.c_fc.bias"])
        h = h * torch.sigmoid(1.702 * h)
        t = t + F.linear(h, sd[b + "mlp.c_proj.weight"], sd[b + "mlp.c_proj.bias"])
    f = ln(t[:, 0], "visual.ln_post") @ sd["visual.proj"]
    f = f / f.norm(dim=-1, keepdim=True)
    return f @ sd["classification_head.weight"].t() + sd["classification_head.bias"]


def main():
    cfg = json.load(open(os.path.join(ROOT, "model/config.json")))
    classes = open(os.path.join(ROOT, "classes.txt")).read().splitlines()
    shapes = expected_layout(cfg, len(classes))
    a = load_checked(os.path.join(ROOT, "checkpoints/zeroshot.safetensors"), shapes)
    b = load_checked(os.path.join(ROOT, "checkpoints/finetuned.safetensors"), shapes)
    assert not a["classification_head.bias"].any(), "A's head bias must be zero"
    print(f"safetensors OK: {len(shapes)} tensors, {sum(int(np.prod(s)) for s in shapes.values())} parameters")

    test = read_idx("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz")
    sweep = json.load(open(os.path.join(ROOT, "expected_python_sweep.json")))
    names = list(sweep["0.0"].keys())
    clean = read_idx(os.path.join(ROOT, "data/id_clean-images-idx3-ubyte.gz"))
    # disjointness: every clean ID image is a distinct test image (styled sets cannot be matched bytewise,
    # so their disjointness is by construction in the generator: slices of one permutation)
    index = {test[i].tobytes(): i for i in range(len(test))}
    ids = [index[im.tobytes()] for im in clean]
    assert len(set(ids)) == len(ids) == 1600
    print("id_clean: 1600 distinct test images")

    for alpha in ["0.0", "0.5", "1.0"]:
        al = torch.tensor(float(alpha))
        sd = {k: a[k] + al * (b[k] - a[k]) for k in a}
        for name in names:
            x = torch.from_numpy(read_idx(os.path.join(ROOT, f"data/{name}-images-idx3-ubyte.gz")).copy())
            y = torch.from_numpy(read_idx(os.path.join(ROOT, f"data/{name}-labels-idx1-ubyte.gz")).astype(np.int64))
            xs = ((x.float() / 255 - 0.5) / 0.5).unsqueeze(1).expand(-1, 3, -1, -1)
            with torch.no_grad():
                logits = forward(sd, cfg, xs)
            top1 = float((logits.argmax(1) == y).double().mean())
            loss = float(F.cross_entropy(logits.double(), y))
            exp = sweep[alpha][name]
            assert exp["n"] == len(y)
            assert abs(top1 - exp["top1"]) <= 1.5 / len(y), (alpha, name, top1, exp)
            assert abs(loss - exp["loss"]) < 1e-4, (alpha, name, loss, exp)
        print(f"alpha {alpha}: all {len(names)} sets reproduced")
    print("ALL CHECKS PASSED")


if __name__ == "__main__":
    main()

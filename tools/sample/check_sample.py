#!/usr/bin/python3
"""Independent checks of a sample project written by `rft-workbench make-sample` (Java), in PyTorch.

usage: /usr/bin/python3 tools/sample/check_sample.py sample-projects/fashion-clip-wiseft
       /usr/bin/python3 tools/sample/check_sample.py sample-projects/fashion-clip-failure

1. Each classifier safetensors file is well formed: header length multiple of 8, offsets contiguous and ascending,
   file size = 8 + header + data, dtype F32, and the tensor names/shapes are exactly the open_clip layout
   derived from model/config.json.
2. Endpoint A is the pretrained miniature CLIP (model/clip.safetensors): the same visual.* tensors, and a zero-shot
   head that tools/reference/text_reference.py's independent text tower and word tokenizer rebuild from the prompt
   templates (generation_summary.json) within 1e-4.
3. The ID set consists of distinct Fashion-MNIST test images.
4. expected_sweep.json (the Java sweep recorded at generation time) is reproduced at alpha 0, 0.5 and 1 by a second
   forward pass written with torch's own nn.MultiheadAttention / F.layer_norm.
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

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reference"))
from text_reference import TextTower, word_tokenize, zero_shot_head  # noqa: E402

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


def load_raw(path):
    raw = open(path, "rb").read()
    (hlen,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + hlen])
    header.pop("__metadata__", None)
    base = 8 + hlen
    return {k: torch.from_numpy(np.frombuffer(raw[base + h["data_offsets"][0]: base + h["data_offsets"][1]],
                                              "<f4").copy()).reshape(h["shape"]) for k, h in header.items()}


def check_zero_shot(cfg, classes, a):
    clip = load_raw(os.path.join(ROOT, "model/clip.safetensors"))
    for k, t in a.items():
        if k.startswith("visual."):
            assert torch.equal(t, clip[k]), k + " of A differs from model/clip.safetensors"
    vocab = open(os.path.join(ROOT, "model/vocab.txt"), encoding="utf-8").read().splitlines()
    templates = json.load(open(os.path.join(ROOT, "generation_summary.json")))["settings"]["zeroShotTemplates"]
    tower = TextTower(cfg)
    tower.load_state_dict({k: v for k, v in clip.items() if not k.startswith("visual.")}, strict=True)
    tower.eval()
    ctx = cfg["text_cfg"]["context_length"]
    eot = vocab.index("<eot>")
    tokens = [torch.tensor([word_tokenize(t.replace("{}", c), vocab, ctx) for t in templates]) for c in classes]
    pools = [(tk == eot).int().argmax(dim=1) for tk in tokens]
    with torch.no_grad():
        head = zero_shot_head(tower, tokens, pools)
    diff = (head - a["classification_head.weight"]).abs().max().item()
    assert diff < 1e-4, f"zero-shot head differs by {diff}"
    print(f"zero-shot head rebuilt from the text tower ({len(templates)} template(s)): max|diff| {diff:.2e}")


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
    check_zero_shot(cfg, classes, a)

    test = read_idx("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz")
    sweep = json.load(open(os.path.join(ROOT, "expected_sweep.json")))
    names = list(sweep["0.0"].keys())
    clean = read_idx(os.path.join(ROOT, "data/id_clean-images-idx3-ubyte.gz"))
    # disjointness: every clean ID image is a distinct test image (styled sets cannot be matched bytewise,
    # so their disjointness is by construction in the generator: slices of one permutation)
    index = {test[i].tobytes(): i for i in range(len(test))}
    ids = [index[im.tobytes()] for im in clean]
    assert len(set(ids)) == len(ids)
    print(f"id_clean: {len(ids)} distinct test images")

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

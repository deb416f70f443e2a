"""Independent reference of model soups (Wortsman et al. 2022) on the pool sample.

Written from the recipe in the model-soups paper and its public code's rules, not from the Java code:
  * uniform soup: the mean of every run's weights;
  * greedy soup: runs sorted by held-out top-1 (descending; ties keep project order), the best starts the soup,
    each next run is kept when the mean of the soup plus that run scores strictly higher on the held-out set
    (model-soups' `held_out_val_accuracy > best_val_acc_so_far`).
Means are taken in float64 and stored as float32. The model is the independent open_clip reference
(openclip_reference.py); images go through ToTensor + Normalize(0.5, 0.5), grey to 3 planes, as the sample's
preprocessing.

Writes src/test/resources/golden/soups/pool_soups_golden.json: each run's held-out correct count and, for two pools
(every run; the one-epoch learning-rate sweep), the greedy order, every candidate's correct count and decision, the
members, and for both soups per-tensor float64 sums and the first 4 values (float32) of every tensor.

Run from the repository root with Debian's interpreter:
    /usr/bin/python3 tools/reference/soups_reference.py
"""
import gzip
import json
import os
import struct
import sys
from collections import OrderedDict

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import openclip_reference as ocr  # noqa: E402

POOL = "sample-projects/fashion-clip-pool"
HELDOUT = "sharpness_train"
OUT = "src/test/resources/golden/soups/pool_soups_golden.json"


def read_idx_gz(path):
    raw = gzip.open(path, "rb").read()
    magic, = struct.unpack(">I", raw[:4])
    dims = struct.unpack(">" + "I" * (magic & 0xFF), raw[4:4 + 4 * (magic & 0xFF)])
    return torch.frombuffer(bytearray(raw[4 + 4 * len(dims):]), dtype=torch.uint8).reshape(dims)


def main():
    torch.set_num_threads(1)
    project = json.load(open(f"{POOL}/project.json"))
    entry = next(d for d in project["datasets"] if d["name"] == HELDOUT)
    images = read_idx_gz(os.path.join(POOL, entry["images"]))
    labels = read_idx_gz(os.path.join(POOL, entry["labels"])).long()
    x = ((images.float() / 255.0 - 0.5) / 0.5).unsqueeze(1).expand(-1, 3, -1, -1).contiguous()
    cfg = ocr.VisionConfig.load(os.path.join(POOL, project["model"]["config"]))

    runs = OrderedDict()
    for r in project["runs"]:
        runs[r["label"]], _ = ocr.load_safetensors(os.path.join(POOL, r["path"]))

    def correct(weights):
        model = ocr.build_model(cfg, weights)
        with torch.no_grad():
            n = 0
            for i in range(0, len(labels), 256):
                n += int((model(x[i:i + 256]).argmax(dim=1) == labels[i:i + 256]).sum())
        return n

    def mean(labels_):
        first = runs[labels_[0]]
        return OrderedDict((k, (sum(runs[l][k].double() for l in labels_) / len(labels_)).float()) for k in first)

    def describe(weights):
        return OrderedDict((k, {"sum": float(v.double().sum()), "first": [float(f) for f in v.flatten()[:4]]})
                           for k, v in weights.items())

    individual = OrderedDict((label, correct(w)) for label, w in runs.items())

    def soups(pool):
        order = sorted(pool, key=lambda l: -individual[l])  # Python's sort is stable: ties keep the given order
        members = [order[0]]
        best = individual[order[0]]
        candidates = []
        for label in order[1:]:
            c = correct(mean(members + [label]))
            kept = c > best
            candidates.append({"run": label, "correct": c, "kept": kept})
            if kept:
                members.append(label)
                best = c
        print(pool, "->", members, best, "of", len(labels))
        return OrderedDict([("runs", pool), ("order", order), ("candidates", candidates), ("members", members),
                            ("greedyCorrect", best), ("uniform", describe(mean(pool))),
                            ("greedy", describe(mean(members)))])

    golden = OrderedDict()
    golden["heldout"] = HELDOUT
    golden["n"] = len(labels)
    golden["torch"] = torch.__version__
    golden["individualCorrect"] = individual
    # every run, and the one-epoch learning-rate sweep without augmentation (runs that soup well together)
    golden["pools"] = [soups(list(runs.keys())), soups(["lr5e-4", "lr1e-3", "lr2e-3", "lr5e-3", "lr1e-2"])]
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(golden, f, indent=1)


if __name__ == "__main__":
    main()

"""Independent reference of weight-space planes through three endpoints on the pool sample.

theta(u, v) = A + u * (B1 - A) + v * (B2 - A), written per tensor in float32 exactly as that expression reads
(PyTorch evaluates it one elementwise operation at a time), with A the zero-shot endpoint, B1 the run lr5e-3 and
B2 the run lr5e-3-aug. Each point is evaluated with the independent open_clip model (openclip_reference.py) on
every id and ood dataset of the project: correct and top-5 counts and the mean cross-entropy (nats). Images go
through ToTensor + Normalize(0.5, 0.5), grey to 3 planes, as the sample's preprocessing.

Self-checks (printed, exit status 1 on failure): (1, 0) and (0, 1) give the counts of B1 and B2 themselves, and
(0.4, 0) gives the counts of the two-endpoint torch.lerp(A, B1, 0.4).

Writes src/test/resources/golden/plane/pool_plane_golden.json (read by PlaneReferenceTest).

Run from the repository root with Debian's interpreter:
    /usr/bin/python3 tools/reference/plane_reference.py
"""
import json
import os
import sys
from collections import OrderedDict

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import openclip_reference as ocr  # noqa: E402
from soups_reference import read_idx_gz  # noqa: E402

POOL = "sample-projects/fashion-clip-pool"
B1 = "lr5e-3"
B2 = "lr5e-3-aug"
POINTS = [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (0.5, 0.5), (0.3, 0.6), (-0.2, 1.2), (1.2, -0.2), (0.4, 0.2),
          (0.7, 0.7)]
OUT = "src/test/resources/golden/plane/pool_plane_golden.json"


def main():
    torch.set_num_threads(1)
    project = json.load(open(f"{POOL}/project.json"))
    cfg = ocr.VisionConfig.load(os.path.join(POOL, project["model"]["config"]))
    a, _ = ocr.load_safetensors(os.path.join(POOL, project["endpointA"]["path"]))
    paths = {r["label"]: r["path"] for r in project["runs"]}
    b1, _ = ocr.load_safetensors(os.path.join(POOL, paths[B1]))
    b2, _ = ocr.load_safetensors(os.path.join(POOL, paths[B2]))

    datasets = OrderedDict()
    for d in project["datasets"]:
        if d["role"] not in ("id", "ood"):
            continue
        images = read_idx_gz(os.path.join(POOL, d["images"]))
        labels = read_idx_gz(os.path.join(POOL, d["labels"])).long()
        x = ((images.float() / 255.0 - 0.5) / 0.5).unsqueeze(1).expand(-1, 3, -1, -1).contiguous()
        datasets[d["name"]] = (d["role"], x, labels)

    def plane(u, v):
        out = OrderedDict()
        for k, ta in a.items():
            if ta.is_floating_point():
                out[k] = ta + u * (b1[k] - ta) + v * (b2[k] - ta)
            else:
                out[k] = ta
        return out

    def evaluate(weights):
        model = ocr.build_model(cfg, weights)
        result = OrderedDict()
        with torch.no_grad():
            for name, (role, x, labels) in datasets.items():
                correct = top5 = 0
                losses = []
                for i in range(0, len(labels), 256):
                    logits = model(x[i:i + 256])
                    y = labels[i:i + 256]
                    correct += int((logits.argmax(dim=1) == y).sum())
                    top5 += int((logits.topk(5, dim=1).indices == y.unsqueeze(1)).any(dim=1).sum())
                    losses.append(F.cross_entropy(logits, y, reduction="none"))
                loss = float(torch.cat(losses).double().mean())
                result[name] = OrderedDict([("role", role), ("n", len(labels)), ("correct", correct),
                                            ("top5", top5), ("loss", loss)])
        return result

    def counts(r):
        return [d["correct"] for d in r.values()]

    points = []
    for u, v in POINTS:
        r = evaluate(plane(u, v))
        ood = [d["correct"] / d["n"] for d in r.values() if d["role"] == "ood"]
        avg = sum(ood) / len(ood)
        print(f"u={u:5} v={v:5} id_clean={r['id_clean']['correct'] / r['id_clean']['n']:.4f} avgOod={avg:.4f}")
        for d in r.values():
            del d["role"]
        points.append(OrderedDict([("u", u), ("v", v), ("datasets", r), ("avgOodTop1", avg)]))

    failures = 0
    for (u, v), other, what in [((1.0, 0.0), b1, "B1"), ((0.0, 1.0), b2, "B2")]:
        got = counts(next(p["datasets"] for p in points if (p["u"], p["v"]) == (u, v)))
        want = counts(evaluate(other))
        print(f"self-check ({u}, {v}) vs {what}: {got} vs {want}")
        failures += got != want
    lerp = OrderedDict((k, torch.lerp(t, b1[k], 0.4) if t.is_floating_point() else t) for k, t in a.items())
    got, want = counts(evaluate(plane(0.4, 0.0))), counts(evaluate(lerp))
    print(f"self-check (0.4, 0) vs lerp(A, B1, 0.4): {got} vs {want}")
    failures += got != want

    golden = OrderedDict()
    golden["description"] = ("Three-way interpolations of the pool sample evaluated by the independent open_clip "
                             "reference (tools/reference/plane_reference.py)")
    golden["project"] = f"{POOL}/project.json"
    golden["endpointA"] = project["endpointA"]["label"]
    golden["b1"] = B1
    golden["b2"] = B2
    golden["formula"] = "a + u * (b1 - a) + v * (b2 - a), float32 per tensor"
    golden["torch"] = torch.__version__
    golden["points"] = points
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(golden, f, indent=1)
        f.write("\n")
    if failures:
        print(f"{failures} self-check(s) failed")
        sys.exit(1)
    print("all self-checks passed")


if __name__ == "__main__":
    main()

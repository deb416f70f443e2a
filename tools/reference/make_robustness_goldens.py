#!/usr/bin/python3
"""Goldens for the robustness-suite dataset options (ObjectNet protocol, .npy arrays).

Independent reference for the Java side (FolderLabeling / ImageFolderSource border crop, ClassMapping.maxOver,
NpyImageSource):
  * the ObjectNet border crop exactly as wise-ft's src/datasets/objectnet.py does it,
        img.crop((2, 2, width - 2, height - 2))
    followed by the usual CLIP preprocessing (PIL resize + centre crop, the same re-statement of torchvision as
    make_preprocess_goldens.py);
  * ObjectNet's logit projection as wise-ft's ObjectNetBase.project_logits does it,
        logits_projected[:, k] = np.max(logits[:, v], axis=1)
    for each ObjectNet class k with ImageNet classes v;
  * CIFAR-10.1-style .npy arrays written by numpy.save (images N x H x W x 3 uint8, labels int64), with the same
    pixels as raw bytes so the Java test checks the header parsing against numpy, not against itself.

Run with Debian's interpreter from the repository root:
    /usr/bin/python3 tools/reference/make_robustness_goldens.py
It (re)writes src/test/resources/data/robustness/**. Deterministic (fixed seed).
"""
import json
import os

import numpy as np
from PIL import Image

ROOT = os.path.join("src", "test", "resources", "data", "robustness")


def resized_size(w, h, size):
    short, long = (w, h) if w <= h else (h, w)
    new_short, new_long = size, int(size * long / short)
    return (new_short, new_long) if w <= h else (new_long, new_short)


def clip_transform(img, size):
    """Resize(size, BICUBIC) + CenterCrop(size) + convert('RGB') on a PIL image, as uint8 CHW."""
    img = img.convert("RGB")
    w, h = img.size
    new_w, new_h = resized_size(w, h, size)
    if (new_w, new_h) != (w, h):
        img = img.resize((new_w, new_h), Image.BICUBIC)
    w, h = img.size
    top = int(round((h - size) / 2.0))
    left = int(round((w - size) / 2.0))
    img = img.crop((left, top, left + size, top + size))
    return np.asarray(img, dtype=np.uint8).transpose(2, 0, 1).copy()


def objectnet_crop(img):
    """wise-ft src/datasets/objectnet.py: crop()."""
    width, height = img.size
    return img.crop((2, 2, width - 2, height - 2))


def main():
    rng = np.random.default_rng(20261204)
    manifest = {"pil_version": Image.__version__, "numpy_version": np.__version__}

    # ObjectNet-style folder: two mapped folders, one unmapped; odd sizes, hard edges near the border
    images = {}
    for folder, name, (w, h), mode in [("alarm_clock", "a.png", (41, 33), "RGB"),
                                       ("alarm_clock", "b.png", (36, 36), "RGB"),
                                       ("chair", "c.png", (29, 47), "L"),
                                       ("chair", "d.png", (40, 30), "RGB"),
                                       ("unmapped_thing", "e.png", (20, 20), "RGB")]:
        os.makedirs(os.path.join(ROOT, "objectnet", folder), exist_ok=True)
        shape = (h, w, 3) if mode == "RGB" else (h, w)
        arr = rng.integers(0, 256, size=shape).astype(np.uint8)
        arr[:2] = 255  # a bright frame that the 2-pixel crop must remove
        arr[:, :2] = 0
        path = os.path.join(ROOT, "objectnet", folder, name)
        Image.fromarray(arr, mode).save(path)
        images[folder + "/" + name] = path
    cases = []
    os.makedirs(os.path.join(ROOT, "goldens"), exist_ok=True)
    for rel, path in images.items():
        if rel.startswith("unmapped"):
            continue
        for size in (16, 24):
            out = clip_transform(objectnet_crop(Image.open(path)), size)
            golden = rel.replace("/", "_").replace(".png", "") + f"_crop2_s{size}.bin"
            out.tofile(os.path.join(ROOT, "goldens", golden))
            cases.append({"image": "objectnet/" + rel, "size": size, "golden": golden})
    manifest["objectnet_crop"] = cases
    # the mapping the Java fixture uses: folder -> head class indices (a 10-class head "class0".."class9")
    folder_to_ids = {"alarm_clock": [1, 4], "chair": [7, 0, 3]}
    with open(os.path.join(ROOT, "objectnet_map.json"), "w") as f:
        json.dump({k: [f"class{i}" for i in v] for k, v in folder_to_ids.items()}, f, indent=1)

    # wise-ft ObjectNetBase.project_logits on random logits (float32, as a model emits them), with ties
    classnames = sorted(folder_to_ids.keys())
    rev_class_idx_map = {idx: folder_to_ids[name] for idx, name in enumerate(classnames)}
    logits = rng.standard_normal((6, 10)).astype(np.float32)
    logits[2, 1] = logits[2, 4]  # a tie inside a group
    logits_projected = np.zeros((logits.shape[0], len(classnames)))
    for k, v in rev_class_idx_map.items():
        logits_projected[:, k] = np.max(logits[:, v], axis=1).squeeze()
    manifest["projection"] = {"head_classes": 10, "groups": [rev_class_idx_map[k] for k in range(len(classnames))],
                              "logits": logits.tolist(), "projected": logits_projected.tolist(),
                              "argmax": logits_projected.argmax(axis=1).tolist()}

    # CIFAR-10.1-style arrays
    os.makedirs(os.path.join(ROOT, "npy"), exist_ok=True)
    imgs = rng.integers(0, 256, size=(7, 9, 11, 3)).astype(np.uint8)
    labels = rng.integers(0, 10, size=7).astype(np.int64)
    np.save(os.path.join(ROOT, "npy", "cifar_style_data.npy"), imgs)
    np.save(os.path.join(ROOT, "npy", "cifar_style_labels.npy"), labels)
    imgs.tofile(os.path.join(ROOT, "npy", "cifar_style_data.bin"))
    manifest["npy"] = {"images": "npy/cifar_style_data.npy", "labels": "npy/cifar_style_labels.npy",
                       "raw": "npy/cifar_style_data.bin", "shape": list(imgs.shape), "label_values": labels.tolist()}
    # a few more dtypes numpy writes for labels, and a grey (N, H, W) array
    grey = rng.integers(0, 256, size=(3, 5, 4)).astype(np.uint8)
    np.save(os.path.join(ROOT, "npy", "grey_data.npy"), grey)
    grey.tofile(os.path.join(ROOT, "npy", "grey_data.bin"))
    for dtype in ("int32", "uint8", "int16"):
        np.save(os.path.join(ROOT, "npy", f"grey_labels_{dtype}.npy"), np.array([2, 0, 9], dtype=dtype))
    manifest["npy_grey"] = {"images": "npy/grey_data.npy", "raw": "npy/grey_data.bin", "shape": list(grey.shape),
                            "labels": {d: f"npy/grey_labels_{d}.npy" for d in ("int32", "uint8", "int16")},
                            "label_values": [2, 0, 9]}
    with open(os.path.join(ROOT, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Golden outputs for the Java CLIP preprocessor (org.rftworkbench.core.data.Preprocessor).

Independent reference: PIL's own resampling (Image.resize), torchvision's shortest-side size rule and its
CenterCrop rounding, re-stated here because torchvision is not installed (the code below mirrors
torchvision.transforms.functional.resize/_compute_resized_output_size and center_crop, v0.13-0.17).

Run with Debian's interpreter from the repository root:
    /usr/bin/python3 tools/reference/make_preprocess_goldens.py
It (re)writes src/test/resources/data/images/** (the inputs) and src/test/resources/data/goldens/** (expected
uint8 CHW outputs as raw .bin files plus manifest.json). The images are deterministic (fixed seed), so rerunning
reproduces the same bytes for the same PIL version.
"""
import json
import os

import numpy as np
from PIL import Image

ROOT = os.path.join("src", "test", "resources", "data")
IMAGES = os.path.join(ROOT, "images")
GOLDENS = os.path.join(ROOT, "goldens")

PIL_FILTERS = {"BICUBIC": Image.BICUBIC, "BILINEAR": Image.BILINEAR, "NEAREST": Image.NEAREST}

CLIP_MEAN = (0.48145466, 0.4578275, 0.40821073)
CLIP_STD = (0.26862954, 0.26130258, 0.27577711)


def make_images(rng):
    """Small images covering RGB, grey, palette, RGBA and JPEG decoding."""
    os.makedirs(os.path.join(IMAGES, "cls_a"), exist_ok=True)
    os.makedirs(os.path.join(IMAGES, "cls_b"), exist_ok=True)
    paths = {}

    # 37x23 RGB gradient + noise (odd sizes exercise the banker's rounding of the crop offset)
    h, w = 23, 37
    yy, xx = np.mgrid[0:h, 0:w]
    rgb = np.stack([xx * 255 // (w - 1), yy * 255 // (h - 1), (xx + yy) * 255 // (w + h - 2)], axis=-1)
    rgb = np.clip(rgb + rng.integers(-40, 41, size=rgb.shape), 0, 255).astype(np.uint8)
    # hard edges make the cubic kernel overshoot, so the uint8 clamping is exercised too
    rgb[5:9, 10:20] = (255, 0, 255)
    p = os.path.join(IMAGES, "cls_a", "gradient_37x23.png")
    Image.fromarray(rgb, "RGB").save(p)
    paths["gradient_37x23"] = p

    # 28x28 grey, MNIST-like blob with noise
    yy, xx = np.mgrid[0:28, 0:28]
    grey = 255 * np.exp(-((xx - 13.5) ** 2 + (yy - 11) ** 2) / 40.0)
    grey = np.clip(grey + rng.integers(0, 30, size=grey.shape), 0, 255).astype(np.uint8)
    p = os.path.join(IMAGES, "cls_b", "grey_28x28.png")
    Image.fromarray(grey, "L").save(p)
    paths["grey_28x28"] = p

    # 64x48 JPEG (default 4:2:0 chroma subsampling, quality 90)
    h, w = 48, 64
    yy, xx = np.mgrid[0:h, 0:w]
    jpg = np.stack([(xx * 4) % 256, (yy * 5) % 256, ((xx // 8 + yy // 8) % 2) * 200 + 20], axis=-1)
    jpg = np.clip(jpg + rng.integers(-10, 11, size=jpg.shape), 0, 255).astype(np.uint8)
    p = os.path.join(IMAGES, "cls_a", "pattern_64x48.jpg")
    Image.fromarray(jpg, "RGB").save(p, quality=90)
    paths["pattern_64x48_jpg"] = p

    # 20x30 palette (P mode) PNG: torchvision's loader converts it to RGB before resizing
    pal = (rng.integers(0, 6, size=(30, 20))).astype(np.uint8)
    im = Image.fromarray(pal, "P")
    palette = [255, 0, 0, 0, 255, 0, 0, 0, 255, 250, 250, 10, 20, 20, 20, 128, 64, 200]
    im.putpalette(palette + [0] * (768 - len(palette)))
    p = os.path.join(IMAGES, "cls_b", "palette_20x30.png")
    im.save(p)
    paths["palette_20x30"] = p

    # 25x19 RGBA: alpha is dropped (convert('RGB') does not composite)
    rgba = rng.integers(0, 256, size=(19, 25, 4)).astype(np.uint8)
    p = os.path.join(IMAGES, "cls_b", "rgba_25x19.png")
    Image.fromarray(rgba, "RGBA").save(p)
    paths["rgba_25x19"] = p
    return paths


def resized_size(w, h, size):
    """torchvision _compute_resized_output_size for an int size (shortest side)."""
    short, long = (w, h) if w <= h else (h, w)
    new_short, new_long = size, int(size * long / short)
    return (new_short, new_long) if w <= h else (new_long, new_short)


def clip_transform(img, size, interpolation):
    """Resize(size) + CenterCrop(size) + convert('RGB'), as torchvision/open_clip do on PIL images (uint8)."""
    img = img.convert("RGB")  # torchvision's pil_loader
    w, h = img.size
    new_w, new_h = resized_size(w, h, size)
    if (new_w, new_h) != (w, h):
        img = img.resize((new_w, new_h), PIL_FILTERS[interpolation])
    w, h = img.size
    top = int(round((h - size) / 2.0))
    left = int(round((w - size) / 2.0))
    img = img.crop((left, top, left + size, top + size))
    return np.asarray(img, dtype=np.uint8).transpose(2, 0, 1).copy()  # CHW


def main():
    rng = np.random.default_rng(20240517)
    paths = make_images(rng)
    os.makedirs(GOLDENS, exist_ok=True)
    cases = [
        ("gradient_37x23", 16, "BICUBIC"),
        ("gradient_37x23", 50, "BICUBIC"),
        ("gradient_37x23", 16, "BILINEAR"),
        ("gradient_37x23", 16, "NEAREST"),
        ("gradient_37x23", 50, "NEAREST"),
        ("grey_28x28", 32, "BICUBIC"),
        ("grey_28x28", 20, "BICUBIC"),
        ("grey_28x28", 224, "BICUBIC"),
        ("pattern_64x48_jpg", 24, "BICUBIC"),
        ("palette_20x30", 12, "BICUBIC"),
        ("rgba_25x19", 15, "BILINEAR"),
    ]
    manifest = {"pil_version": Image.__version__, "cases": [], "decoded": []}
    for image, size, interp in cases:
        out = clip_transform(Image.open(paths[image]), size, interp)
        name = f"{image}_s{size}_{interp.lower()}.bin"
        out.tofile(os.path.join(GOLDENS, name))
        manifest["cases"].append({"image": os.path.relpath(paths[image], ROOT), "size": size,
                                  "interpolation": interp, "shape": list(out.shape), "golden": name})
    # what PIL decodes, so a JPEG decoder difference can be told apart from a resampling difference
    for image in paths:
        im = Image.open(paths[image])
        arr = np.asarray(im.convert("RGB") if im.mode not in ("L", "RGB") else im, dtype=np.uint8)
        name = f"{image}_decoded.bin"
        arr.tofile(os.path.join(GOLDENS, name))
        manifest["decoded"].append({"image": os.path.relpath(paths[image], ROOT), "mode": im.mode,
                                    "shape": list(arr.shape), "golden": name})
    # normalisation reference: torch's float32 ToTensor + Normalize (if torch is importable)
    try:
        import torch
        torch.set_num_threads(1)
        x = torch.from_numpy(np.arange(256, dtype=np.uint8).reshape(1, 1, 256).repeat(3, axis=0).copy())
        x = x.float().div(255)  # ToTensor
        mean = torch.tensor(CLIP_MEAN).view(3, 1, 1)
        std = torch.tensor(CLIP_STD).view(3, 1, 1)
        y = x.sub(mean).div(std)  # Normalize
        y.numpy().astype("<f4").tofile(os.path.join(GOLDENS, "normalize_clip_3x256.f32"))
        manifest["normalize"] = {"golden": "normalize_clip_3x256.f32", "torch_version": torch.__version__,
                                 "shape": [3, 256], "meaning": "value v of channel c at [c, v]"}
    except ImportError:
        pass
    with open(os.path.join(GOLDENS, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Pillow's speed at the workbench's preparation step, on the same image folders, for tools/bench/rehearsal.sh.

Per image, single-threaded, as the CLIP eval transform does it in Python (torchvision's Resize(224, BICUBIC) +
CenterCrop(224) on a PIL image): read the file, decode, convert to RGB, resize the shortest side to SIZE with PIL's
bicubic filter, centre-crop SIZE x SIZE, and materialise the uint8 array. The workbench additionally writes the
uint8 tensors to its cache; this floor writes nothing.

    /usr/bin/python3 tools/bench/pillow_prepare.py [--size 224] [--limit N] FOLDER...

Prints one line: "pillow: N images in S s -> R img/s (single thread, Pillow V)".
"""
import argparse
import os
import sys
import time

import numpy as np
from PIL import Image

EXTENSIONS = (".png", ".jpg", ".jpeg")


def image_files(root):
    """ImageFolder order: class folders sorted, files sorted within each (recursively)."""
    files = []
    for cls in sorted(os.listdir(root)):
        folder = os.path.join(root, cls)
        if not os.path.isdir(folder):
            continue
        for dirpath, dirnames, filenames in sorted(os.walk(folder, followlinks=True)):
            dirnames.sort()
            files.extend(os.path.join(dirpath, f) for f in sorted(filenames) if f.lower().endswith(EXTENSIONS))
    return files


def prepare(path, size):
    with Image.open(path) as image:
        image = image.convert("RGB")
        w, h = image.size
        # torchvision's shortest-side rule: the short side becomes `size`, the long side int(size * long / short)
        if w <= h:
            new_w, new_h = size, int(size * h / w)
        else:
            new_w, new_h = int(size * w / h), size
        image = image.resize((new_w, new_h), Image.BICUBIC)
        # torchvision's center_crop rounding
        top = int(round((new_h - size) / 2.0))
        left = int(round((new_w - size) / 2.0))
        image = image.crop((left, top, left + size, top + size))
        return np.asarray(image, dtype=np.uint8)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+")
    parser.add_argument("--size", type=int, default=224)
    parser.add_argument("--limit", type=int, default=0, help="at most this many images (0: all)")
    args = parser.parse_args()
    files = [f for root in args.folders for f in image_files(root)]
    if args.limit > 0:
        files = files[: args.limit]
    if not files:
        sys.exit("error: no images under " + ", ".join(args.folders))
    checksum = 0
    start = time.perf_counter()
    for f in files:
        checksum += int(prepare(f, args.size)[0, 0, 0])
    seconds = time.perf_counter() - start
    print("pillow: %d images in %.2f s -> %.1f img/s (single thread, Pillow %s; checksum %d)"
          % (len(files), seconds, len(files) / seconds, Image.__version__, checksum))


if __name__ == "__main__":
    main()

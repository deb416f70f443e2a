#!/usr/bin/python3
"""Photo-sized test images for the preparation benchmark (tools/bench/prepare_vs_pillow.sh).

Writes two ImageFolder roots with one class folder each: FOLDER/jpeg/photo/NNNNN.jpg (Pillow, quality 90, 4:2:0, like most camera and web JPEGs) and
FOLDER/png/photo/NNNNN.png (8-bit RGB), sizes cycling through 500x375, 375x500, 640x480 and 500x333 (ImageNet's typical
shapes). Content: smooth colour fields plus texture and sensor-like noise, so the files compress like photographs
(about 60-100 KB per JPEG) rather than like flat synthetic images. Deterministic for a given --seed.

    /usr/bin/python3 tools/bench/make_photo_folder.py FOLDER [--jpegs 600] [--pngs 200] [--seed 0]
"""
import argparse
import os

import numpy as np
from PIL import Image

SIZES = [(500, 375), (375, 500), (640, 480), (500, 333)]


def photo(rng, w, h):
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    channels = []
    for c in range(3):
        fx, fy = rng.uniform(15, 60, 2)
        phase = rng.uniform(0, 6.3, 2)
        field = 128 + 90 * np.sin(x / fx + phase[0]) * np.cos(y / fy + phase[1])
        texture = 25 * np.sin(x / rng.uniform(2, 5) + y / rng.uniform(2, 5))
        channels.append(field + texture)
    image = np.stack(channels, -1) + rng.normal(0, 12, (h, w, 3))
    return Image.fromarray(np.clip(image, 0, 255).astype(np.uint8))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--jpegs", type=int, default=600)
    parser.add_argument("--pngs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    for kind, count in (("jpeg", args.jpegs), ("png", args.pngs)):
        os.makedirs(os.path.join(args.folder, kind, "photo"), exist_ok=True)
        for i in range(count):
            w, h = SIZES[i % len(SIZES)]
            image = photo(rng, w, h)
            name = os.path.join(args.folder, kind, "photo", "%05d.%s" % (i, "jpg" if kind == "jpeg" else "png"))
            if kind == "jpeg":
                image.save(name, quality=90)
            else:
                image.save(name)
    print("wrote %d JPEGs and %d PNGs under %s" % (args.jpegs, args.pngs, args.folder))


if __name__ == "__main__":
    main()

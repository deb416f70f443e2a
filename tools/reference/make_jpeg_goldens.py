#!/usr/bin/python3
"""Pillow's decoded pixels for every file of the JPEG corpus (see make_jpeg_corpus.py).

Each file is decoded exactly as the Python pipelines load images (torchvision's pil_loader / open_clip):
Image.open(f).convert("RGB"). The RGB pixels are written losslessly next to the corpus as <name>.golden.png (an
8-bit RGB PNG: a third smaller than gzip-compressed raw bytes), and golden.json lists per file: width, height,
Pillow's mode, the sha256 of the RGB bytes, and what the file's markers say (SOF type, component ids and sampling
factors, JFIF, Adobe APP14 transform, ICC profile, restart interval), plus the versions of Pillow and its libjpeg.
Files Pillow cannot open are listed with "error" instead.

Run with Debian's interpreter from the repository root (after make_jpeg_corpus.py):
    /usr/bin/python3 tools/reference/make_jpeg_goldens.py
"""
import hashlib
import json
import os
import struct

import numpy as np
import PIL
from PIL import Image, features

CORPUS = os.path.join("src", "test", "resources", "data", "jpeg-corpus")
SOF_NAMES = {0xC0: "baseline", 0xC1: "extended", 0xC2: "progressive", 0xC9: "arithmetic",
             0xCA: "progressive-arithmetic"}


def markers(data):
    """SOF type, (id, h, v) per component, Adobe transform, ICC and restart interval, read from the markers."""
    info = {"icc": False, "adobe_transform": None, "restart_interval": 0, "jfif": False}
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            raise ValueError(f"no marker at {pos}")
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        length = struct.unpack(">H", data[pos + 2:pos + 4])[0]
        body = data[pos + 4:pos + 2 + length]
        if marker in SOF_NAMES or 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            info["sof"] = SOF_NAMES.get(marker, hex(marker))
            n = body[5]
            info["components"] = [[body[6 + 3 * i], body[7 + 3 * i] >> 4, body[7 + 3 * i] & 15]
                                  for i in range(n)]
        elif marker == 0xE0 and body[:5] == b"JFIF\0":
            info["jfif"] = True
        elif marker == 0xE2 and body[:12] == b"ICC_PROFILE\0":
            info["icc"] = True
        elif marker == 0xEE and body[:5] == b"Adobe":
            info["adobe_transform"] = body[11]
        elif marker == 0xDD:
            info["restart_interval"] = struct.unpack(">H", body[:2])[0]
        elif marker == 0xDA:
            break
        pos += 2 + length
    return info


def main():
    files = sorted(f for f in os.listdir(CORPUS) if f.endswith(".jpg"))
    golden = {
        "generator": "tools/reference/make_jpeg_goldens.py",
        "decode": "PIL.Image.open(f).convert('RGB'), bytes in HWC order",
        "pillow": PIL.__version__,
        "libjpeg": features.version("jpg"),
        "libjpeg_turbo": features.check_feature("libjpeg_turbo"),
        "libjpeg_turbo_version": features.version_feature("libjpeg_turbo"),
        "numpy": np.__version__,
        "files": [],
    }
    for name in files:
        path = os.path.join(CORPUS, name)
        with open(path, "rb") as f:
            data = f.read()
        entry = {"file": name, **markers(data)}
        try:
            with Image.open(path) as im:
                entry["mode"] = im.mode
                rgb = np.asarray(im.convert("RGB"))
        except Exception as e:  # noqa: BLE001 - recorded, the Java test checks it too
            entry["error"] = f"{type(e).__name__}: {e}"
            golden["files"].append(entry)
            print(f"{name:32s} Pillow cannot decode: {entry['error']}")
            continue
        h, w, _ = rgb.shape
        raw = np.ascontiguousarray(rgb).tobytes()
        entry.update({"width": w, "height": h, "sha256": hashlib.sha256(raw).hexdigest(),
                      "rgb": name[:-4] + ".golden.png"})
        Image.fromarray(rgb, "RGB").save(os.path.join(CORPUS, entry["rgb"]), optimize=True)
        golden["files"].append(entry)
        print(f"{name:32s} {entry['mode']:5s} {w}x{h} {entry['sof']:12s} "
              f"{entry['components']} adobe={entry['adobe_transform']} icc={entry['icc']} "
              f"dri={entry['restart_interval']}")
    with open(os.path.join(CORPUS, "golden.json"), "w") as f:
        json.dump(golden, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()

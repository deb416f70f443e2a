#!/usr/bin/python3
"""A small JPEG corpus for decode parity with Pillow (org.rftworkbench.core.data.JpegDecodingParityTest).

Writes src/test/resources/data/jpeg-corpus/*.jpg: baseline, progressive, greyscale and CMYK JPEGs with the usual
chroma subsamplings, written by Pillow, by ImageMagick and by libjpeg-turbo's command-line tools, plus variants
with embedded ICC profiles, restart markers, optimised Huffman tables, an EXIF orientation tag, arithmetic coding,
and edited markers (no JFIF marker with component ids 0,1,2; an Adobe marker next to JFIF). Then run
make_jpeg_goldens.py, which decodes them with Pillow.

Run with Debian's interpreter from the repository root:
    /usr/bin/python3 tools/reference/make_jpeg_corpus.py

Needs: Pillow (with littlecms for the sRGB profile), ImageMagick 6 (`convert-im6.q16`, apt package imagemagick),
libjpeg-turbo's tools (`jpegtran`, `cjpeg`; apt package libjpeg-turbo-progs) and Ghostscript's ICC profiles
(/usr/share/color/icc/ghostscript, apt package libgs-common) for the Adobe RGB, grey and CMYK profiles.
The pixel sources are deterministic (fixed seed); the JPEG bytes depend on the encoders' versions, which is why the
files themselves are committed and the goldens are computed from them.
"""
import io
import os
import shutil
import struct
import subprocess
import tempfile

import numpy as np
from PIL import Image, ImageCms

OUT = os.path.join("src", "test", "resources", "data", "jpeg-corpus")
ICC_DIR = "/usr/share/color/icc/ghostscript"


def tool(*names):
    """The first of the named executables found; ImageMagick's versioned name avoids wrappers named `convert`."""
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    raise SystemExit(f"none of {names} is installed")


def icc(name):
    path = os.path.join(ICC_DIR, name)
    if not os.path.exists(path):
        raise SystemExit(f"{path}: missing ICC profile (apt-get install libgs-common)")
    with open(path, "rb") as f:
        return f.read()


def rgb_source(rng, w, h):
    """Smooth gradients, a saturated disc, thin lines and noise: exercises chroma upsampling and clamping."""
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    r = 255 * xx / (w - 1)
    g = 255 * (0.5 + 0.5 * np.sin(yy / 5.0 + xx / 11.0))
    b = 255 * yy / (h - 1)
    img = np.stack([r, g, b], axis=-1)
    disc = (xx - w * 0.62) ** 2 + (yy - h * 0.45) ** 2 < (min(w, h) * 0.28) ** 2
    img[disc] = (235, 10, 40)
    img[:, 7::13] = (20, 230, 250)          # thin vertical cyan lines: strong chroma edges
    img[h // 3, :] = (250, 250, 0)          # one yellow row
    img += rng.normal(0, 2.5, size=img.shape)
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)


def grey_source(rng, w, h):
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    g = 128 + 100 * np.sin(xx / 6.0) * np.cos(yy / 9.0)
    g[h // 2:h // 2 + 3, :] = 255
    g += rng.normal(0, 3, size=g.shape)
    return np.clip(np.rint(g), 0, 255).astype(np.uint8)


def cmyk_source(rng, w, h):
    """Real CMYK with a varying black channel (RGB.convert('CMYK') would leave K at 0)."""
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    c = 255 * xx / (w - 1)
    m = 255 * (0.5 + 0.5 * np.cos(yy / 4.0))
    y = 255 * ((xx // 9 + yy // 9) % 2)
    k = 200 * yy / (h - 1)
    img = np.stack([c, m, y, k], axis=-1) + rng.normal(0, 2.5, size=(h, w, 4))
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)


def segments(data):
    """(marker, start, end) of each marker segment before the entropy-coded data of the first scan, then the rest."""
    pos, out = 2, []
    while True:
        marker = data[pos + 1]
        length = struct.unpack(">H", data[pos + 2:pos + 4])[0]
        out.append((marker, pos, pos + 2 + length))
        pos += 2 + length
        if marker == 0xDA:
            return out, pos


def patch(src, dst, drop_jfif=False, ids=None, adobe_transform=None):
    """Rewrites a baseline JPEG's markers: drop the JFIF APP0, renumber the components (SOF and SOS), or add an Adobe
    APP14 marker. Entropy-coded data is untouched, so the pixels libjpeg decodes stay the same."""
    with open(src, "rb") as f:
        data = f.read()
    segs, scan_start = segments(data)
    assert sum(1 for m, _, _ in segs if m == 0xDA) == 1 and data.count(b"\xff\xda") == 1, "one scan only"
    out = bytearray(data[:2])
    for marker, start, end in segs:
        seg = bytearray(data[start:end])
        if marker == 0xE0 and drop_jfif:
            continue
        if ids is not None and marker == 0xC0:
            for c in range(seg[9]):
                seg[10 + 3 * c] = ids[c]
        if ids is not None and marker == 0xDA:
            for c in range(seg[4]):
                seg[5 + 2 * c] = ids[c]
        out += seg
        if marker == 0xE0 and adobe_transform is not None:
            # "Adobe", version 100, flags0 0, flags1 0, transform
            out += b"\xff\xee" + struct.pack(">H", 14) + b"Adobe" + struct.pack(">HHHB", 100, 0, 0, adobe_transform)
    out += data[scan_start:]
    with open(dst, "wb") as f:
        f.write(out)


def main():
    rng = np.random.default_rng(20261205)
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if f.endswith(".jpg"):
            os.remove(os.path.join(OUT, f))
    convert = tool("convert-im6.q16", "convert-im6")
    jpegtran = tool("jpegtran")
    cjpeg = tool("cjpeg")

    def out(name):
        return os.path.join(OUT, name)

    rgb97 = Image.fromarray(rgb_source(rng, 97, 61), "RGB")
    rgb83 = Image.fromarray(rgb_source(rng, 83, 53), "RGB")
    rgb71 = Image.fromarray(rgb_source(rng, 71, 45), "RGB")
    grey = Image.fromarray(grey_source(rng, 77, 59), "L")
    cmyk = Image.fromarray(cmyk_source(rng, 65, 49), "CMYK")
    rgb71x63 = Image.fromarray(rgb_source(rng, 71, 63), "RGB")  # 4:4:0 with 32 chroma rows: a whole last iMCU row

    # --- Pillow (libjpeg-turbo); subsampling 0 = 4:4:4, 1 = 4:2:2 (h2v1), 2 = 4:2:0 (h2v2)
    rgb97.save(out("pil_baseline_420.jpg"), quality=90)
    rgb83.save(out("pil_444.jpg"), quality=90, subsampling=0)
    rgb71.save(out("pil_422.jpg"), quality=85, subsampling=1)
    rgb97.save(out("pil_progressive_420.jpg"), quality=80, progressive=True)
    rgb83.save(out("pil_progressive_444.jpg"), quality=95, subsampling=0, progressive=True)
    rgb71.save(out("pil_optimize.jpg"), quality=75, optimize=True)
    rgb83.save(out("pil_q100_420.jpg"), quality=100, subsampling=2)
    grey.save(out("pil_grey.jpg"), quality=90)
    cmyk.save(out("pil_cmyk.jpg"), quality=90)         # Adobe APP14 marker, inverted samples
    srgb = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    srgb[24:36] = struct.pack(">6H", 2026, 12, 5, 0, 0, 0)  # the header's creation time, for reproducible bytes
    srgb = bytes(srgb)
    rgb71.save(out("pil_icc_srgb.jpg"), quality=90, icc_profile=srgb)
    rgb97.save(out("pil_icc_adobergb.jpg"), quality=90, icc_profile=icc("a98.icc"))
    grey.save(out("pil_icc_grey.jpg"), quality=90, icc_profile=icc("sgray.icc"))
    cmyk.save(out("pil_icc_cmyk.jpg"), quality=90, icc_profile=icc("ps_cmyk.icc"))
    exif = Image.Exif()
    exif[0x0112] = 6                                     # orientation: rotate 90 CW to display
    rgb71.save(out("pil_exif_orientation6.jpg"), quality=90, exif=exif.tobytes())

    # restart markers: lossless transcode of a Pillow file (Pillow 9.4 cannot write DRI itself)
    subprocess.run([jpegtran, "-restart", "1", "-outfile", out("pil_restart_1row.jpg"),
                    out("pil_baseline_420.jpg")], check=True)
    subprocess.run([jpegtran, "-restart", "3B", "-outfile", out("pil_restart_3blocks_444.jpg"),
                    out("pil_444.jpg")], check=True)

    # marker variants of Pillow files (same entropy-coded data): libjpeg guesses YCbCr for three components without
    # JFIF/Adobe markers unless their ids are 'R','G','B'; ImageIO guesses RGB for ids other than 1,2,3 when no
    # component is subsampled (and no EXIF marker is present)
    patch(out("pil_444.jpg"), out("mark_ids012_444_nojfif.jpg"), drop_jfif=True, ids=(0, 1, 2))
    patch(out("pil_baseline_420.jpg"), out("mark_ids012_420_nojfif.jpg"), drop_jfif=True, ids=(0, 1, 2))
    patch(out("pil_baseline_420.jpg"), out("mark_jfif_adobe1.jpg"), adobe_transform=1)

    # --- ImageMagick 6 (libjpeg-turbo), from lossless sources
    with tempfile.TemporaryDirectory() as tmp:
        src97 = os.path.join(tmp, "rgb97.png")
        src83 = os.path.join(tmp, "rgb83.png")
        src71 = os.path.join(tmp, "rgb71.ppm")
        cmyk_tif = os.path.join(tmp, "cmyk.tif")
        src71x63 = os.path.join(tmp, "rgb71x63.png")
        rgb71x63.save(src71x63)
        rgb97.save(src97)
        rgb83.save(src83)
        rgb71.save(src71)
        cmyk.save(cmyk_tif)

        def magick(src, name, *args):
            subprocess.run([convert, src, "-strip", *args, out(name)], check=True)

        magick(src97, "im_baseline_420.jpg", "-quality", "88", "-sampling-factor", "2x2")
        magick(src83, "im_progressive_420.jpg", "-quality", "85", "-sampling-factor", "2x2", "-interlace", "JPEG")
        magick(src97, "im_440.jpg", "-quality", "90", "-sampling-factor", "1x2")
        magick(src83, "im_411.jpg", "-quality", "90", "-sampling-factor", "4x1")
        magick(src71, "im_422.jpg", "-quality", "92", "-sampling-factor", "2x1")
        magick(src71x63, "im_440_71x63.jpg", "-quality", "80", "-sampling-factor", "1x2")
        magick(src83, "im_progressive_440.jpg", "-quality", "85", "-sampling-factor", "1x2", "-interlace", "JPEG")
        magick(src97, "im_grey.jpg", "-colorspace", "Gray", "-quality", "90")
        magick(src71, "im_cmyk.jpg", "-colorspace", "CMYK", "-quality", "90")
        magick(cmyk_tif, "im_cmyk_native.jpg", "-quality", "90")   # ImageMagick writes CMYK as YCCK
        

        # --- libjpeg-turbo's cjpeg: an RGB JPEG (no colour transform, Adobe marker) is rare but valid
        ppm = os.path.join(tmp, "rgb83.ppm")
        rgb83.save(ppm)
        subprocess.run([cjpeg, "-rgb", "-quality", "90", "-outfile", out("cjpeg_rgb.jpg"), ppm], check=True)
        # arithmetic coding (SOF9): libjpeg-turbo decodes it, the JDK's libjpeg 6b does not
        subprocess.run([cjpeg, "-arithmetic", "-quality", "90", "-outfile", out("cjpeg_arithmetic.jpg"), ppm],
                       check=True)

    total = 0
    for f in sorted(os.listdir(OUT)):
        if f.endswith(".jpg"):
            size = os.path.getsize(out(f))
            total += size
            with Image.open(out(f)) as im:
                print(f"{f:32s} {size:6d} B  {im.mode:5s} {im.size[0]}x{im.size[1]}")
    print(f"total {total} bytes")


if __name__ == "__main__":
    main()

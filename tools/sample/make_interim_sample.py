#!/usr/bin/python3
"""Generate the INTERIM bundled sample project ``sample-projects/fashion-clip-wiseft/``.

This is a quick stand-in, not a real CLIP: endpoint A ("zero-shot") is a tiny open_clip-layout ViT image
tower plus a linear head, trained from scratch as a plain classifier on Fashion-MNIST TRAIN images rendered
mostly in non-clean styles (clean images are rare, as the target domain is rare in CLIP pretraining).
Endpoint B fine-tunes A on CLEAN train images only. A later generator (Java) replaces this with a tiny CLIP
trained contrastively. Everything is seeded; run with Debian's interpreter (torch 1.13, one thread):

    /usr/bin/python3 tools/sample/make_interim_sample.py

It writes, under --out (default sample-projects/fashion-clip-wiseft):
  model/config.json, checkpoints/{zeroshot,finetuned}.safetensors (open_clip tensor names, float32),
  classes.txt, data/*-idx{3,1}-ubyte.gz (disjoint subsets of the TEST split, each OOD set already rendered in
  its style and stored as uint8; plus a clean 1,024-image TRAIN subset for sharpness work),
  expected_python_sweep.json (alpha -> dataset -> top1/loss/n, computed from exactly the stored uint8 files)
  and README.md (with the accuracy table).
"""
import argparse
import gzip
import json
import math
import os
import struct
import subprocess
import time
from collections import OrderedDict

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

CLASS_NAMES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
               "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]

MODEL_CONFIG = OrderedDict([
    ("embed_dim", 32),
    ("quick_gelu", True),
    ("vision_cfg", OrderedDict([("image_size", 28), ("layers", 4), ("width", 64), ("patch_size", 7),
                                ("head_width", 16), ("mlp_ratio", 4.0)])),
])

# OOD suite ("mild5" of docs/sample-recipe.md), in this order everywhere.
OOD_STYLES = ["skmix50", "rot10_20", "noise15", "blur", "lowcon"]
ID_SIZE = 1600
OOD_SIZE = 1400
SHARPNESS_SIZE = 1024


# ----------------------------------------------------------------------------------------------- IDX files
def read_idx_gz(path):
    """Return a uint8 numpy array from a gzipped IDX file (magic 0x0000080N, big-endian dims)."""
    with gzip.open(path, "rb") as f:
        raw = f.read()
    zero, dtype_code, ndim = struct.unpack(">HBB", raw[:4])
    if zero != 0 or dtype_code != 0x08:
        raise ValueError(f"{path}: not a uint8 IDX file")
    dims = struct.unpack(">" + "I" * ndim, raw[4:4 + 4 * ndim])
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim)
    return data.reshape(dims).copy()


def write_idx_gz(path, array):
    """Write a uint8 array as gzipped IDX; mtime 0 and no file name so the bytes are reproducible."""
    array = np.ascontiguousarray(array, dtype=np.uint8)
    header = struct.pack(">HBB", 0, 0x08, array.ndim) + struct.pack(">" + "I" * array.ndim, *array.shape)
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as f:
            f.write(header)
            f.write(array.tobytes())


def find_fashion_mnist():
    """Locate the Debian dataset-fashion-mnist files (t10k-/train-{images,labels})."""
    listing = subprocess.run(["dpkg", "-L", "dataset-fashion-mnist"], capture_output=True, text=True,
                             check=True).stdout.split()
    files = {os.path.basename(p): p for p in listing if p.endswith("-ubyte.gz")}
    needed = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
              "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"]
    missing = [n for n in needed if n not in files]
    if missing:
        raise SystemExit(f"dataset-fashion-mnist: missing {missing}")
    return {n: files[n] for n in needed}


# ----------------------------------------------------------------------------------------------- styles
# All styles take and return float32 tensors [N,1,28,28] in [0,1].
def sobel_sketch(x):
    """Sobel gradient magnitude divided by its per-image maximum."""
    kx = torch.tensor([[-1., 0., 1.], [-2., 0., 2.], [-1., 0., 1.]])
    kernels = torch.stack([kx, kx.t()]).unsqueeze(1)
    g = F.conv2d(x, kernels, padding=1)
    mag = torch.sqrt(g[:, :1] ** 2 + g[:, 1:] ** 2)
    peak = mag.amax(dim=(1, 2, 3), keepdim=True).clamp_min(1e-8)
    return mag / peak


def gaussian_blur(x, size=7, sigma=1.5):
    r = torch.arange(size, dtype=torch.float32) - (size - 1) / 2
    g = torch.exp(-r ** 2 / (2 * sigma ** 2))
    k2 = torch.outer(g, g)
    k2 = (k2 / k2.sum()).view(1, 1, size, size)
    return F.conv2d(x, k2, padding=size // 2)


def rotate(x, lo_deg, hi_deg, gen):
    """Rotate each image by +-U(lo,hi) degrees (sign random), bilinear, zero padding."""
    n = x.shape[0]
    mag = lo_deg + (hi_deg - lo_deg) * torch.rand(n, generator=gen)
    sign = torch.where(torch.rand(n, generator=gen) < 0.5, -1.0, 1.0)
    rad = mag * sign * math.pi / 180
    cos, sin = torch.cos(rad), torch.sin(rad)
    zero = torch.zeros(n)
    theta = torch.stack([torch.stack([cos, -sin, zero], 1), torch.stack([sin, cos, zero], 1)], 1)
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    return F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False)


def add_noise(x, sigma, gen):
    return (x + sigma * torch.randn(x.shape, generator=gen)).clamp(0, 1)


def apply_style(name, x, gen):
    """Render images in a named style; `gen` drives the per-image randomness (rotation, noise)."""
    if name == "clean":
        return x
    if name == "sketch":
        return sobel_sketch(x)
    if name == "skmix50":
        return 0.5 * x + 0.5 * sobel_sketch(x)
    if name == "invert":
        return 1 - x
    if name == "rot10_20":
        return rotate(x, 10, 20, gen)
    if name == "rot30_60":
        return rotate(x, 30, 60, gen)
    if name == "noise15":
        return add_noise(x, 0.15, gen)
    if name == "noise35":
        return add_noise(x, 0.35, gen)
    if name == "blur":
        return gaussian_blur(x)
    if name == "lowcon":
        return 0.4 + 0.25 * x
    raise ValueError(name)


def to_uint8(x):
    return (x.clamp(0, 1) * 255).round().to(torch.uint8)


def normalise(images_u8):
    """uint8 [N,28,28] -> float32 [N,3,28,28] with (x/255-0.5)/0.5, as the project's preprocess does."""
    x = images_u8.to(torch.float32) / 255.0
    x = (x - 0.5) / 0.5
    return x.unsqueeze(1).expand(-1, 3, -1, -1)


# ----------------------------------------------------------------------------------------------- model
class QuickGELU(nn.Module):
    def forward(self, x):
        return x * torch.sigmoid(1.702 * x)


class Attention(nn.Module):
    """Multi-head self-attention with open_clip / nn.MultiheadAttention parameter names, written out."""

    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.in_proj_weight = nn.Parameter(torch.empty(3 * width, width))
        self.in_proj_bias = nn.Parameter(torch.zeros(3 * width))
        self.out_proj = nn.Linear(width, width)

    def forward(self, x):
        b, t, w = x.shape
        hd = w // self.heads
        q, k, v = F.linear(x, self.in_proj_weight, self.in_proj_bias).chunk(3, dim=-1)
        q, k, v = (z.reshape(b, t, self.heads, hd).transpose(1, 2) for z in (q, k, v))
        att = torch.softmax((q / math.sqrt(hd)) @ k.transpose(-2, -1), dim=-1)
        y = (att @ v).transpose(1, 2).reshape(b, t, w)
        return self.out_proj(y)


class ResidualAttentionBlock(nn.Module):
    def __init__(self, width, heads, mlp_width):
        super().__init__()
        self.ln_1 = nn.LayerNorm(width, eps=1e-5)
        self.attn = Attention(width, heads)
        self.ln_2 = nn.LayerNorm(width, eps=1e-5)
        self.mlp = nn.Sequential(OrderedDict([("c_fc", nn.Linear(width, mlp_width)), ("gelu", QuickGELU()),
                                              ("c_proj", nn.Linear(mlp_width, width))]))

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp(self.ln_2(x))


class Transformer(nn.Module):
    def __init__(self, width, layers, heads, mlp_width):
        super().__init__()
        self.resblocks = nn.ModuleList([ResidualAttentionBlock(width, heads, mlp_width) for _ in range(layers)])

    def forward(self, x):
        for block in self.resblocks:
            x = block(x)
        return x


class VisionTransformer(nn.Module):
    def __init__(self, image_size, patch_size, width, layers, head_width, mlp_ratio, embed_dim):
        super().__init__()
        grid = image_size // patch_size
        scale = width ** -0.5
        self.conv1 = nn.Conv2d(3, width, kernel_size=patch_size, stride=patch_size, bias=False)
        self.class_embedding = nn.Parameter(scale * torch.randn(width))
        self.positional_embedding = nn.Parameter(scale * torch.randn(grid * grid + 1, width))
        self.ln_pre = nn.LayerNorm(width, eps=1e-5)
        self.transformer = Transformer(width, layers, width // head_width, int(mlp_ratio * width))
        self.ln_post = nn.LayerNorm(width, eps=1e-5)
        self.proj = nn.Parameter(scale * torch.randn(width, embed_dim))
        # open_clip's initialisation of the residual blocks
        proj_std = scale * (2 * layers) ** -0.5
        fc_std = (2 * width) ** -0.5
        for block in self.transformer.resblocks:
            nn.init.normal_(block.attn.in_proj_weight, std=scale)
            nn.init.normal_(block.attn.out_proj.weight, std=proj_std)
            nn.init.zeros_(block.attn.out_proj.bias)
            nn.init.normal_(block.mlp.c_fc.weight, std=fc_std)
            nn.init.normal_(block.mlp.c_proj.weight, std=proj_std)

    def forward(self, img):
        x = self.conv1(img).flatten(2).transpose(1, 2)  # [B, g*g, w]
        cls = self.class_embedding.expand(x.shape[0], 1, -1)
        x = torch.cat([cls, x], dim=1) + self.positional_embedding
        x = self.transformer(self.ln_pre(x))
        return self.ln_post(x[:, 0]) @ self.proj


class ImageClassifier(nn.Module):
    """visual.* + classification_head applied to L2-normalised features (state_dict = open_clip names)."""

    def __init__(self, cfg, num_classes, gen):
        super().__init__()
        v = cfg["vision_cfg"]
        self.visual = VisionTransformer(v["image_size"], v["patch_size"], v["width"], v["layers"],
                                        v["head_width"], v["mlp_ratio"], cfg["embed_dim"])
        self.classification_head = nn.Linear(cfg["embed_dim"], num_classes)
        with torch.no_grad():
            w = torch.randn(num_classes, cfg["embed_dim"], generator=gen)
            self.classification_head.weight.copy_(10.0 * F.normalize(w, dim=1))
            self.classification_head.bias.zero_()

    def forward(self, img):
        return self.classification_head(F.normalize(self.visual(img), dim=-1))


# ----------------------------------------------------------------------------------------------- training
def make_optimizer(model, lr, wd):
    decay = [p for n, p in model.named_parameters() if p.requires_grad and p.ndim >= 2
             and "embedding" not in n]
    no_decay = [p for n, p in model.named_parameters() if p.requires_grad and not (p.ndim >= 2
                and "embedding" not in n)]
    return torch.optim.AdamW([{"params": decay, "weight_decay": wd}, {"params": no_decay, "weight_decay": 0.0}],
                             lr=lr)


def cosine_lr(step, total, base, warmup_frac=0.05):
    warm = max(1, int(warmup_frac * total))
    if step < warm:
        return base * (step + 1) / warm
    return base * 0.5 * (1 + math.cos(math.pi * (step - warm) / max(1, total - warm)))


def train(model, images_u8, labels, steps, batch, lr, wd, gen, style_sampler, label):
    """Generic loop: each batch is drawn from a seeded permutation, rendered by `style_sampler`."""
    opt = make_optimizer(model, lr, wd)
    model.train()
    n = images_u8.shape[0]
    order = torch.randperm(n, generator=gen)
    pos = 0
    t0 = time.time()
    running = 0.0
    for step in range(steps):
        if pos + batch > n:
            order, pos = torch.randperm(n, generator=gen), 0
        idx = order[pos:pos + batch]
        pos += batch
        x = style_sampler(images_u8[idx].to(torch.float32).div(255).unsqueeze(1), gen)
        x = normalise(to_uint8(x).squeeze(1))  # train on exactly what a stored uint8 image would give
        for g in opt.param_groups:
            g["lr"] = cosine_lr(step, steps, lr)
        loss = F.cross_entropy(model(x), labels[idx])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        running = 0.98 * running + 0.02 * loss.item() if step else loss.item()
        if step % 100 == 0 or step == steps - 1:
            print(f"  [{label}] step {step + 1}/{steps} loss~{running:.3f} {time.time() - t0:.0f}s", flush=True)
    model.eval()
    return time.time() - t0


def mixed_style_sampler(styles, p_clean):
    """Each image gets 'clean' with probability p_clean, else one of `styles` uniformly."""

    def sample(x, gen):
        n = x.shape[0]
        pick = torch.randint(len(styles), (n,), generator=gen)
        clean = torch.rand(n, generator=gen) < p_clean
        out = x.clone()
        for i, s in enumerate(styles):
            sel = ((pick == i) & ~clean).nonzero().flatten()
            if len(sel):
                out[sel] = apply_style(s, x[sel], gen)
        return out

    return sample


# ----------------------------------------------------------------------------------------------- evaluation
@torch.no_grad()
def evaluate(model, images_u8, labels, batch=500):
    correct, loss_sum = 0, 0.0
    for i in range(0, images_u8.shape[0], batch):
        logits = model(normalise(images_u8[i:i + batch]))
        y = labels[i:i + batch]
        correct += int((logits.argmax(1) == y).sum())
        loss_sum += float(F.cross_entropy(logits, y, reduction="sum").double())
    n = images_u8.shape[0]
    return {"top1": correct / n, "loss": loss_sum / n, "n": n}


def interpolate(state_a, state_b, alpha):
    """theta = a + alpha*(b - a), per tensor, in float32."""
    al = torch.tensor(alpha, dtype=torch.float32)
    return OrderedDict((k, state_a[k] + al * (state_b[k] - state_a[k])) for k in state_a)


# ----------------------------------------------------------------------------------------------- safetensors
def write_safetensors(path, state, metadata=None):
    """Minimal safetensors writer: u64-LE header length, JSON header space-padded to 8, raw LE float32."""
    header, blobs, offset = OrderedDict(), [], 0
    if metadata:
        header["__metadata__"] = metadata
    for name, t in state.items():
        arr = t.detach().to(torch.float32).contiguous().numpy().astype("<f4", copy=False)
        data = arr.tobytes()
        header[name] = {"dtype": "F32", "shape": list(arr.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    (hlen,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + hlen])
    header.pop("__metadata__", None)
    base = 8 + hlen
    out = OrderedDict()
    for name, h in header.items():
        s, e = h["data_offsets"]
        out[name] = torch.from_numpy(np.frombuffer(raw[base + s:base + e], dtype="<f4").copy()).reshape(h["shape"])
    return out


# ----------------------------------------------------------------------------------------------- main
def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="sample-projects/fashion-clip-wiseft")
    ap.add_argument("--seed", type=int, default=0, help="seed for splits, rendering, init and training")
    ap.add_argument("--train-styles", default="sketch,invert,rot30_60,noise35,blur,lowcon",
                    help="styles A is trained on (besides rare clean)")
    ap.add_argument("--p-clean", type=float, default=0.005)
    ap.add_argument("--a-steps", type=int, default=450)
    ap.add_argument("--a-lr", type=float, default=2e-3)
    ap.add_argument("--b-steps", type=int, default=470)
    ap.add_argument("--b-lr", type=float, default=2e-3)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--wd", type=float, default=0.1)
    ap.add_argument("--reuse-a", default=None, help="developer shortcut: load A from this safetensors file")
    args = ap.parse_args()

    torch.set_num_threads(1)
    t_start = time.time()
    files = find_fashion_mnist()
    train_x = torch.from_numpy(read_idx_gz(files["train-images-idx3-ubyte.gz"]))
    train_y = torch.from_numpy(read_idx_gz(files["train-labels-idx1-ubyte.gz"]).astype(np.int64))
    test_x = torch.from_numpy(read_idx_gz(files["t10k-images-idx3-ubyte.gz"]))
    test_y = torch.from_numpy(read_idx_gz(files["t10k-labels-idx1-ubyte.gz"]).astype(np.int64))

    # ---- disjoint evaluation subsets of TEST, each OOD subset rendered once in its style and quantised
    split_gen = torch.Generator().manual_seed(args.seed)
    perm = torch.randperm(test_x.shape[0], generator=split_gen)
    datasets = OrderedDict()
    datasets["id_clean"] = (test_x[perm[:ID_SIZE]], test_y[perm[:ID_SIZE]])
    for k, style in enumerate(OOD_STYLES):
        sel = perm[ID_SIZE + k * OOD_SIZE: ID_SIZE + (k + 1) * OOD_SIZE]
        render_gen = torch.Generator().manual_seed(1000 * (args.seed + 1) + k)
        x = apply_style(style, test_x[sel].to(torch.float32).div(255).unsqueeze(1), render_gen)
        datasets["ood_" + style] = (to_uint8(x).squeeze(1), test_y[sel])
    sharp_sel = torch.randperm(train_x.shape[0], generator=split_gen)[:SHARPNESS_SIZE]
    sharpness = (train_x[sharp_sel], train_y[sharp_sel])

    cfg = MODEL_CONFIG
    # ---- endpoint A: classifier on mostly-styled train images, head bias frozen at 0
    init_gen = torch.Generator().manual_seed(args.seed + 1)
    torch.manual_seed(args.seed + 1)
    model = ImageClassifier(cfg, len(CLASS_NAMES), init_gen)
    time_a = 0.0
    if args.reuse_a:
        model.load_state_dict(read_safetensors(args.reuse_a))
    else:
        model.classification_head.bias.requires_grad_(False)
        sampler = mixed_style_sampler(args.train_styles.split(","), args.p_clean)
        time_a = train(model, train_x, train_y, args.a_steps, args.batch, args.a_lr, args.wd,
                       torch.Generator().manual_seed(args.seed + 2), sampler, "A")
    state_a = OrderedDict((k, v.detach().clone()) for k, v in model.state_dict().items())

    # ---- endpoint B: fine-tune A on CLEAN train images only, bias trainable
    model.classification_head.bias.requires_grad_(True)
    torch.manual_seed(args.seed + 3)
    time_b = train(model, train_x, train_y, args.b_steps, args.batch, args.b_lr, args.wd,
                   torch.Generator().manual_seed(args.seed + 4), lambda x, g: x, "B")
    state_b = OrderedDict((k, v.detach().clone()) for k, v in model.state_dict().items())
    print(f"training time: A {time_a:.0f}s, B {time_b:.0f}s", flush=True)

    # ---- write the project files
    out = args.out
    for sub in ("model", "checkpoints", "data"):
        os.makedirs(os.path.join(out, sub), exist_ok=True)
    with open(os.path.join(out, "model", "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
        f.write("\n")
    meta = {"generator": "tools/sample/make_interim_sample.py", "seed": str(args.seed)}
    write_safetensors(os.path.join(out, "checkpoints", "zeroshot.safetensors"), state_a, dict(meta, endpoint="A"))
    write_safetensors(os.path.join(out, "checkpoints", "finetuned.safetensors"), state_b, dict(meta, endpoint="B"))
    with open(os.path.join(out, "classes.txt"), "w") as f:
        f.write("\n".join(CLASS_NAMES) + "\n")
    for name, (x, y) in list(datasets.items()) + [("sharpness_train", sharpness)]:
        write_idx_gz(os.path.join(out, "data", f"{name}-images-idx3-ubyte.gz"), x.numpy())
        write_idx_gz(os.path.join(out, "data", f"{name}-labels-idx1-ubyte.gz"), y.numpy().astype(np.uint8))

    # ---- sweep, from exactly what was written (files read back)
    state_a = read_safetensors(os.path.join(out, "checkpoints", "zeroshot.safetensors"))
    state_b = read_safetensors(os.path.join(out, "checkpoints", "finetuned.safetensors"))
    stored = OrderedDict()
    for name in datasets:
        x = torch.from_numpy(read_idx_gz(os.path.join(out, "data", f"{name}-images-idx3-ubyte.gz")))
        y = torch.from_numpy(read_idx_gz(os.path.join(out, "data", f"{name}-labels-idx1-ubyte.gz")).astype(np.int64))
        stored[name] = (x, y)
    t0 = time.time()
    sweep = OrderedDict()
    for i in range(11):
        alpha = i / 10
        model.load_state_dict(interpolate(state_a, state_b, alpha))
        model.eval()
        sweep[f"{alpha:.1f}"] = OrderedDict((name, evaluate(model, x, y)) for name, (x, y) in stored.items())
        row = sweep[f"{alpha:.1f}"]
        print(f"  alpha {alpha:.1f}: " + " ".join(f"{n}={r['top1'] * 100:.1f}" for n, r in row.items()), flush=True)
    time_sweep = time.time() - t0
    with open(os.path.join(out, "expected_python_sweep.json"), "w") as f:
        json.dump(sweep, f, indent=1)
        f.write("\n")
    summary = {"time_a_s": round(time_a, 1), "time_b_s": round(time_b, 1), "time_sweep_s": round(time_sweep, 1),
               "time_total_s": round(time.time() - t_start, 1), "args": vars(args)}
    print(json.dumps(summary), flush=True)
    with open(os.path.join(out, "generation_summary.json"), "w") as f:
        json.dump(summary, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()

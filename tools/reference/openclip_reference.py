"""Independent PyTorch reference of the open_clip image tower plus a linear classification head.

Written from the layout in the project notes, not copied from open_clip (which is not installed here).
The module's state-dict / named_parameters() names are exactly open_clip's:

    visual.class_embedding, visual.positional_embedding, visual.proj, visual.conv1.weight,
    visual.ln_pre.{weight,bias},
    visual.transformer.resblocks.{i}.ln_1.{weight,bias}
    visual.transformer.resblocks.{i}.attn.{in_proj_weight,in_proj_bias,out_proj.weight,out_proj.bias}
    visual.transformer.resblocks.{i}.ln_2.{weight,bias}
    visual.transformer.resblocks.{i}.mlp.{c_fc,c_proj}.{weight,bias}
    visual.ln_post.{weight,bias}, classification_head.{weight,bias}

Forward: image [B,3,H,W] -> logits [B,C] = normalize(image_features) @ W^T + b.

Also holds a dependency-free safetensors writer/reader (the pip package is not available here).
Everything is float32; the module scripts with torch.jit.script.
"""
import json
import math
import struct
from collections import OrderedDict
from typing import Dict, Optional

import torch
import torch.nn as nn
import torch.nn.functional as F

LAYER_NORM_EPS = 1e-5


# ------------------------------------------------------------------------------------------ config
class VisionConfig:
    """The subset of open_clip's model config that the image tower needs."""

    def __init__(self, embed_dim: int, quick_gelu: bool, image_size: int, layers: int, width: int,
                 patch_size: int, head_width: int = 64, mlp_ratio: float = 4.0):
        if image_size % patch_size != 0:
            raise ValueError(f"image_size {image_size} is not a multiple of patch_size {patch_size}")
        if width % head_width != 0:
            raise ValueError(f"width {width} is not a multiple of head_width {head_width}")
        self.embed_dim = embed_dim
        self.quick_gelu = quick_gelu
        self.image_size = image_size
        self.layers = layers
        self.width = width
        self.patch_size = patch_size
        self.head_width = head_width
        self.mlp_ratio = mlp_ratio

    @property
    def heads(self) -> int:
        return self.width // self.head_width

    @property
    def grid(self) -> int:
        return self.image_size // self.patch_size

    @property
    def mlp_width(self) -> int:
        return int(self.width * self.mlp_ratio)

    @staticmethod
    def from_json_dict(d: dict) -> "VisionConfig":
        v = d["vision_cfg"]
        return VisionConfig(embed_dim=d["embed_dim"], quick_gelu=bool(d.get("quick_gelu", False)),
                            image_size=v["image_size"], layers=v["layers"], width=v["width"],
                            patch_size=v["patch_size"], head_width=v.get("head_width", 64),
                            mlp_ratio=v.get("mlp_ratio", 4.0))

    @staticmethod
    def load(path: str) -> "VisionConfig":
        with open(path, "r", encoding="utf-8") as f:
            return VisionConfig.from_json_dict(json.load(f))


# ------------------------------------------------------------------------------------------ layers
class QuickGELU(nn.Module):
    """OpenAI CLIP's activation: x * sigmoid(1.702 x)."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * torch.sigmoid(1.702 * x)


class SelfAttention(nn.Module):
    """Multi-head self-attention with nn.MultiheadAttention's parameter names (in_proj_*, out_proj.*),
    written out by hand so the reference does not rely on the layer it is meant to check."""

    def __init__(self, width: int, heads: int):
        super().__init__()
        self.heads = heads
        self.head_dim = width // heads
        self.in_proj_weight = nn.Parameter(torch.empty(3 * width, width))
        self.in_proj_bias = nn.Parameter(torch.empty(3 * width))
        self.out_proj = nn.Linear(width, width)

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # x: [B, L, W]
        b, n, w = x.shape
        qkv = F.linear(x, self.in_proj_weight, self.in_proj_bias)          # [B, L, 3W]
        qkv = qkv.reshape(b, n, 3, self.heads, self.head_dim).permute(2, 0, 3, 1, 4)  # [3, B, H, L, D]
        q, k, v = qkv[0], qkv[1], qkv[2]
        scores = torch.matmul(q * (1.0 / math.sqrt(self.head_dim)), k.transpose(-2, -1))  # [B, H, L, L]
        out = torch.matmul(torch.softmax(scores, dim=-1), v)                # [B, H, L, D]
        out = out.permute(0, 2, 1, 3).reshape(b, n, w)
        return self.out_proj(out)


class ResidualAttentionBlock(nn.Module):
    def __init__(self, width: int, heads: int, mlp_width: int, quick_gelu: bool):
        super().__init__()
        self.ln_1 = nn.LayerNorm(width, eps=LAYER_NORM_EPS)
        self.attn = SelfAttention(width, heads)
        self.ln_2 = nn.LayerNorm(width, eps=LAYER_NORM_EPS)
        activation = QuickGELU() if quick_gelu else nn.GELU()  # nn.GELU default = exact erf form
        self.mlp = nn.Sequential(OrderedDict([
            ("c_fc", nn.Linear(width, mlp_width)),
            ("gelu", activation),
            ("c_proj", nn.Linear(mlp_width, width)),
        ]))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp(self.ln_2(x))


class Transformer(nn.Module):
    def __init__(self, cfg: VisionConfig):
        super().__init__()
        self.resblocks = nn.ModuleList([
            ResidualAttentionBlock(cfg.width, cfg.heads, cfg.mlp_width, cfg.quick_gelu)
            for _ in range(cfg.layers)])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for block in self.resblocks:
            x = block(x)
        return x


class VisionTransformer(nn.Module):
    def __init__(self, cfg: VisionConfig):
        super().__init__()
        w = cfg.width
        self.conv1 = nn.Conv2d(3, w, kernel_size=cfg.patch_size, stride=cfg.patch_size, bias=False)
        self.class_embedding = nn.Parameter(torch.empty(w))
        self.positional_embedding = nn.Parameter(torch.empty(cfg.grid * cfg.grid + 1, w))
        self.ln_pre = nn.LayerNorm(w, eps=LAYER_NORM_EPS)
        self.transformer = Transformer(cfg)
        self.ln_post = nn.LayerNorm(w, eps=LAYER_NORM_EPS)
        self.proj = nn.Parameter(torch.empty(w, cfg.embed_dim))

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        x = self.conv1(image)                       # [B, W, g, g]
        x = x.flatten(2).transpose(1, 2)            # [B, g*g, W], patches in row-major order
        cls = self.class_embedding.reshape(1, 1, -1).expand(x.shape[0], 1, x.shape[2])
        x = torch.cat([cls, x], dim=1) + self.positional_embedding
        x = self.ln_pre(x)
        x = self.transformer(x)
        return self.ln_post(x[:, 0, :]) @ self.proj  # [B, embed_dim], not normalised


class ImageClassifier(nn.Module):
    """open_clip image tower + zero-shot style linear head on L2-normalised features."""

    def __init__(self, cfg: VisionConfig, num_classes: int, head_bias: bool = True):
        super().__init__()
        self.visual = VisionTransformer(cfg)
        self.classification_head = nn.Linear(cfg.embed_dim, num_classes, bias=head_bias)

    def features(self, image: torch.Tensor) -> torch.Tensor:
        f = self.visual(image)
        return f / f.norm(p=2, dim=-1, keepdim=True)  # plain divide; no epsilon clamp as in F.normalize

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        return self.classification_head(self.features(image))


def build_model(cfg: VisionConfig, state_dict: Dict[str, torch.Tensor]) -> ImageClassifier:
    """A model in eval mode holding exactly the given tensors (strict: names and shapes must match)."""
    head = state_dict["classification_head.weight"]
    model = ImageClassifier(cfg, head.shape[0], head_bias="classification_head.bias" in state_dict)
    model.load_state_dict(state_dict, strict=True)
    return model.eval()


def interpolate(a: Dict[str, torch.Tensor], b: Dict[str, torch.Tensor], alpha_of) -> Dict[str, torch.Tensor]:
    """theta = a + alpha * (b - a) per tensor; alpha_of(name) -> float."""
    if list(a.keys()) != list(b.keys()):
        raise ValueError("endpoints have different tensor names")
    return OrderedDict((n, a[n] + alpha_of(n) * (b[n] - a[n])) for n in a)


# ------------------------------------------------------------------------------------------ safetensors
_DTYPE_TO_ST = {torch.float32: "F32", torch.float64: "F64", torch.float16: "F16",
                torch.int64: "I64", torch.int32: "I32", torch.uint8: "U8"}
_ST_TO_DTYPE = {v: k for k, v in _DTYPE_TO_ST.items()}
_BYTES_PER = {"F32": 4, "F64": 8, "F16": 2, "I64": 8, "I32": 4, "U8": 1}


def _raw_bytes(t: torch.Tensor) -> bytes:
    t = t.detach().contiguous().cpu()
    if t.dtype not in _DTYPE_TO_ST:
        raise ValueError(f"unsupported dtype {t.dtype}")
    # numpy's native order is little-endian on every platform this runs on; assert rather than assume
    arr = t.numpy()
    if arr.dtype.byteorder == ">":
        raise ValueError("big-endian host is not supported")
    return arr.tobytes()


def save_safetensors(tensors: Dict[str, torch.Tensor], path: str, metadata: Optional[Dict[str, str]] = None):
    """u64-LE header length N, N bytes of JSON header padded with spaces to a multiple of 8, then the raw
    little-endian tensor bytes in dict order (so data_offsets ascend with the order of `tensors`)."""
    header = OrderedDict()
    if metadata:
        header["__metadata__"] = OrderedDict((str(k), str(v)) for k, v in metadata.items())
    blobs = []
    offset = 0
    for name, t in tensors.items():
        raw = _raw_bytes(t)
        header[name] = OrderedDict([("dtype", _DTYPE_TO_ST[t.dtype]), ("shape", list(t.shape)),
                                    ("data_offsets", [offset, offset + len(raw)])])
        blobs.append(raw)
        offset += len(raw)
    header_bytes = json.dumps(header, separators=(",", ":")).encode("utf-8")
    header_bytes += b" " * (-len(header_bytes) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(header_bytes)))
        f.write(header_bytes)
        for raw in blobs:
            f.write(raw)


def load_safetensors(path: str):
    """Returns (OrderedDict name -> tensor in ascending offset order, metadata dict). Validates offsets."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    if n > len(data) - 8:
        raise ValueError(f"{path}: header length {n} exceeds file size")
    header = json.loads(data[8:8 + n].decode("utf-8"), object_pairs_hook=OrderedDict)
    body = memoryview(data)[8 + n:]
    metadata = dict(header.pop("__metadata__", {}) or {})
    entries = sorted(header.items(), key=lambda kv: kv[1]["data_offsets"][0])
    out = OrderedDict()
    expected_start = 0
    for name, info in entries:
        start, end = info["data_offsets"]
        dtype = info["dtype"]
        numel = 1
        for d in info["shape"]:
            numel *= d
        if start != expected_start or end - start != numel * _BYTES_PER[dtype] or end > len(body):
            raise ValueError(f"{path}: bad data_offsets for {name}")
        expected_start = end
        t = torch.frombuffer(bytearray(body[start:end]), dtype=_ST_TO_DTYPE[dtype]) if end > start \
            else torch.empty(0, dtype=_ST_TO_DTYPE[dtype])
        out[name] = t.reshape(info["shape"]).clone()
    if expected_start != len(body):
        raise ValueError(f"{path}: {len(body) - expected_start} trailing bytes after the last tensor")
    return out, metadata

"""Generate the tiny-ViT golden files the Java tests compare against (forward and interpolation parity).

usage: /usr/bin/python3 tools/reference/make_model_goldens.py [OUT_DIR]
       (default OUT_DIR: src/test/resources/golden/tiny_vit, relative to the repository root)

Writes config_quickgelu.json, config_gelu.json, a.safetensors, b.safetensors, a.torchscript.pt, b.torchscript.pt
and golden.safetensors (see the README.md written next to them). Deterministic: fixed seeds, float32, 1 thread.
"""
import json
import os
import re
import sys
from collections import OrderedDict

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from openclip_reference import (ImageClassifier, VisionConfig, build_model, interpolate,  # noqa: E402
                                load_safetensors, save_safetensors)

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
DEFAULT_OUT = os.path.join(REPO_ROOT, "src", "test", "resources", "golden", "tiny_vit")

NUM_CLASSES = 10
WEIGHT_SEED = 1234        # endpoint A
PERTURB_SEED = 5678       # B - A
INPUT_SEED = 42           # x
HEAD_NORM = 20.0          # row norm of the head, like a logit scale times unit text embeddings
RELATIVE_PERTURBATION = 0.10

CONFIG_QUICKGELU = OrderedDict([
    ("embed_dim", 32), ("quick_gelu", True),
    ("vision_cfg", OrderedDict([("image_size", 32), ("layers", 2), ("width", 64), ("patch_size", 8),
                                ("head_width", 16), ("mlp_ratio", 4.0)])),
])
CONFIG_GELU = OrderedDict(CONFIG_QUICKGELU, quick_gelu=False)

MIX_ALPHA = 0.3
EXTRAPOLATION_ALPHA = -0.5
# (regex matched with re.fullmatch against the open_clip tensor name, alpha); first match wins, else DEFAULT
LAYERWISE_RULES = [(r"visual\.transformer\.resblocks\.1\..*", 0.9), (r"classification_head\..*", 1.0)]
LAYERWISE_DEFAULT = 0.3


def layerwise_alpha(name: str) -> float:
    for pattern, alpha in LAYERWISE_RULES:
        if re.fullmatch(pattern, name):
            return alpha
    return LAYERWISE_DEFAULT


def init_endpoint_a(cfg: VisionConfig) -> "OrderedDict[str, torch.Tensor]":
    """Random weights in open_clip state-dict order. LayerNorm weights and all biases get noise so that a Java
    forward that ignores an LN affine or a bias cannot match by accident.

    Scales start from open_clip's Transformer.init_parameters (attn w^-0.5, proj w^-0.5 (2L)^-0.5, fc (2w)^-0.5),
    but q/k/v, the residual projections and conv1 are made larger: with open_clip's scales the class token of this
    2-layer model barely looks at the patches (features of different images had cosine ~0.96 and every image got
    the same class), which would let a Java forward with a broken patch path pass."""
    g = torch.Generator().manual_seed(WEIGHT_SEED)
    model = ImageClassifier(cfg, NUM_CLASSES, head_bias=True)
    w = cfg.width
    attn_std = 2.0 * w ** -0.5                    # sharper (not saturated) attention
    proj_std = 2.0 * w ** -0.5                    # residual branches visible next to the embeddings
    fc_std = (2 * w) ** -0.5
    conv_std = 2.0 * (3 * cfg.patch_size ** 2) ** -0.5

    def normal(shape, std):
        return torch.randn(shape, generator=g, dtype=torch.float32) * std

    out = OrderedDict()
    for name, p in model.state_dict().items():
        shape = p.shape
        if name == "classification_head.weight":
            t = HEAD_NORM * F.normalize(normal(shape, 1.0), dim=-1)
        elif name == "classification_head.bias":
            t = torch.zeros(shape)
        elif name in ("visual.class_embedding", "visual.positional_embedding", "visual.proj"):
            t = normal(shape, w ** -0.5)
        elif name == "visual.conv1.weight":
            t = normal(shape, conv_std)
        elif re.search(r"ln_\w+\.weight$", name):
            t = 1.0 + normal(shape, 0.1)
        elif name.endswith("bias"):
            t = normal(shape, 0.02)
        elif name.endswith("attn.in_proj_weight"):
            t = normal(shape, attn_std)
        elif name.endswith("attn.out_proj.weight") or name.endswith("mlp.c_proj.weight"):
            t = normal(shape, proj_std)
        elif name.endswith("mlp.c_fc.weight"):
            t = normal(shape, fc_std)
        else:
            raise AssertionError(f"no init rule for {name}")
        out[name] = t.contiguous()
    return out


def perturb_to_endpoint_b(a):
    """B = A + noise with RMS = 10% of each tensor's RMS; the zero head bias of A gets its own non-zero value."""
    g = torch.Generator().manual_seed(PERTURB_SEED)
    out = OrderedDict()
    for name, t in a.items():
        noise = torch.randn(t.shape, generator=g, dtype=torch.float32)
        if name == "classification_head.bias":
            out[name] = 0.5 * noise
        else:
            rms = t.pow(2).mean().sqrt()
            out[name] = (t + RELATIVE_PERTURBATION * rms * noise).contiguous()
    return out


@torch.no_grad()
def logits_of(cfg, state_dict, x):
    return build_model(cfg, state_dict)(x)


@torch.no_grad()
def torchscript_logits(path, x, replacement=None):
    """Load a TorchScript export; optionally overwrite its parameters in place by name (as the Java side does)."""
    module = torch.jit.load(path).eval()
    if replacement is not None:
        params = dict(module.named_parameters())
        if set(params) != set(replacement):
            raise AssertionError("TorchScript parameter names differ from the safetensors names")
        for name, p in params.items():
            p.copy_(replacement[name])
    return module(x)


def max_abs(a, b) -> float:
    return float((a - b).abs().max())


def main():
    if os.environ.get("PYTHONHASHSEED") != "0":
        # TorchScript writes module constants in set order; a fixed hash seed makes the .pt files byte-identical
        # from run to run, so regenerating does not churn the committed binaries.
        os.execve(sys.executable, [sys.executable] + sys.argv, dict(os.environ, PYTHONHASHSEED="0"))
    torch.set_num_threads(1)
    out_dir = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT
    os.makedirs(out_dir, exist_ok=True)

    for file_name, cfg_dict in (("config_quickgelu.json", CONFIG_QUICKGELU), ("config_gelu.json", CONFIG_GELU)):
        with open(os.path.join(out_dir, file_name), "w", encoding="utf-8") as f:
            json.dump(cfg_dict, f, indent=2)
            f.write("\n")
    cfg = VisionConfig.from_json_dict(CONFIG_QUICKGELU)
    cfg_gelu = VisionConfig.from_json_dict(CONFIG_GELU)

    a = init_endpoint_a(cfg)
    b = perturb_to_endpoint_b(a)
    weight_meta = {"format": "open_clip image tower + classification_head, float32",
                   "config": "config_quickgelu.json (also used with config_gelu.json)"}
    save_safetensors(a, os.path.join(out_dir, "a.safetensors"), dict(weight_meta, endpoint="A"))
    save_safetensors(b, os.path.join(out_dir, "b.safetensors"), dict(weight_meta, endpoint="B"))
    # everything below is computed from the weights as read back, so goldens describe the committed files
    a, _ = load_safetensors(os.path.join(out_dir, "a.safetensors"))
    b, _ = load_safetensors(os.path.join(out_dir, "b.safetensors"))

    x = torch.randn((4, 3, 32, 32), generator=torch.Generator().manual_seed(INPUT_SEED), dtype=torch.float32)

    golden = OrderedDict()
    golden["x"] = x
    with torch.no_grad():
        golden["features_a"] = build_model(cfg, a).features(x)
    golden["logits_a"] = logits_of(cfg, a, x)
    golden["logits_b"] = logits_of(cfg, b, x)
    mix03 = interpolate(a, b, lambda n: MIX_ALPHA)
    golden["logits_mix03"] = logits_of(cfg, mix03, x)
    golden["logits_mix_neg05"] = logits_of(cfg, interpolate(a, b, lambda n: EXTRAPOLATION_ALPHA), x)
    golden["logits_layerwise"] = logits_of(cfg, interpolate(a, b, layerwise_alpha), x)
    golden["logits_a_gelu"] = logits_of(cfg_gelu, a, x)
    golden["logits_b_gelu"] = logits_of(cfg_gelu, b, x)

    for stem, weights in (("a", a), ("b", b)):
        scripted = torch.jit.script(build_model(cfg, weights))
        names = [n for n, _ in scripted.named_parameters()]
        if names != list(weights.keys()):
            raise AssertionError(f"TorchScript names/order differ from open_clip names: {names}")
        scripted.save(os.path.join(out_dir, f"{stem}.torchscript.pt"))
    golden["logits_ts_a"] = torchscript_logits(os.path.join(out_dir, "a.torchscript.pt"), x)
    golden["logits_ts_b"] = torchscript_logits(os.path.join(out_dir, "b.torchscript.pt"), x)
    golden["logits_ts_mix03"] = torchscript_logits(os.path.join(out_dir, "a.torchscript.pt"), x, mix03)

    checks = {
        "ts_a_vs_a": max_abs(golden["logits_ts_a"], golden["logits_a"]),
        "ts_b_vs_b": max_abs(golden["logits_ts_b"], golden["logits_b"]),
        "ts_mix03_vs_mix03": max_abs(golden["logits_ts_mix03"], golden["logits_mix03"]),
    }
    for key, value in checks.items():
        if value > 1e-6:
            raise AssertionError(f"TorchScript and plain module disagree: {key} = {value}")

    golden_meta = OrderedDict([
        ("generator", "tools/reference/make_model_goldens.py"),
        ("torch_version", torch.__version__),
        ("config", "config_quickgelu.json unless the name ends in _gelu (config_gelu.json)"),
        ("interpolation", "theta = a + alpha * (b - a) per tensor, computed in float32"),
        ("logits_mix03_alpha", repr(MIX_ALPHA)),
        ("logits_mix_neg05_alpha", repr(EXTRAPOLATION_ALPHA)),
        ("logits_layerwise_rules", json.dumps({"rules": [[p, al] for p, al in LAYERWISE_RULES],
                                               "default": LAYERWISE_DEFAULT, "match": "re.fullmatch, first wins"})),
        ("logits_ts_mix03", "a.torchscript.pt with its parameters overwritten in place by the alpha=0.3 mix"),
        ("seeds", json.dumps({"weights_a": WEIGHT_SEED, "perturbation_b": PERTURB_SEED, "x": INPUT_SEED})),
    ])
    save_safetensors(golden, os.path.join(out_dir, "golden.safetensors"), golden_meta)

    print(f"wrote {out_dir}")
    for name in sorted(os.listdir(out_dir)):
        print(f"  {name:24s} {os.path.getsize(os.path.join(out_dir, name)):8d} bytes")
    for name, t in golden.items():
        print(f"  {name:18s} {list(t.shape)}  max|.|={float(t.abs().max()):.4f}")
    print(f"  argmax a={golden['logits_a'].argmax(-1).tolist()} b={golden['logits_b'].argmax(-1).tolist()} "
          f"max|a-b|={max_abs(golden['logits_a'], golden['logits_b']):.4f} "
          f"max|a-a_gelu|={max_abs(golden['logits_a'], golden['logits_a_gelu']):.4f}")
    for key, value in checks.items():
        print(f"  check {key}: max|diff| = {value:.3g}")


if __name__ == "__main__":
    main()

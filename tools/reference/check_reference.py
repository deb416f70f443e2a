"""Self-checks of the reference module and of the committed tiny-ViT goldens; prints max|diff| numbers.

usage: /usr/bin/python3 tools/reference/check_reference.py [GOLDEN_DIR]

1. safetensors: the committed files follow the format (8-aligned space-padded header, contiguous ascending
   offsets) and the reader agrees with a plain numpy parse; write -> read round trip is bit exact.
2. The module forward agrees with a second, functional forward that shares no layer code with it (patches by
   reshape instead of conv, torch's F.multi_head_attention_forward, F.layer_norm, activations from formulas):
   to ~1e-14 when both run in float64; the float32 goldens are within float32 rounding of that float64 answer.
3. The goldens are reproduced from a.safetensors / b.safetensors, and the TorchScript exports carry the open_clip
   names and reproduce the logits.
4. Every tensor matters: swapping any single tensor from A to B moves the logits far more than the 1e-4 tolerance,
   so a Java interpolation that skips or misnames a tensor cannot pass.
Exits non-zero if any check fails.
"""
import json
import math
import os
import struct
import sys
import tempfile

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_model_goldens as gen  # noqa: E402
from openclip_reference import (SelfAttention, VisionConfig, build_model, interpolate,  # noqa: E402
                                load_safetensors, save_safetensors)

FAILURES = []


def report(label: str, value: float, limit: float, above: bool = False):
    ok = value > limit if above else value <= limit
    print(f"  {'ok  ' if ok else 'FAIL'} {label}: {value:.3g} ({'>' if above else '<='} {limit:g})")
    if not ok:
        FAILURES.append(label)


def max_abs(a, b) -> float:
    return float((a - b).abs().max())


# ------------------------------------------------------------------------------------------ 1. safetensors
def check_safetensors_file(path: str):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    text = data[8:8 + n].decode("utf-8")
    stripped = text.rstrip(" ")
    header = json.loads(text)
    offsets = sorted(v["data_offsets"] for k, v in header.items() if k != "__metadata__")
    contiguous = all(offsets[i][1] == offsets[i + 1][0] for i in range(len(offsets) - 1))
    well_formed = (n % 8 == 0 and len(text) - len(stripped) < 8 and offsets[0][0] == 0 and contiguous
                   and offsets[-1][1] == len(data) - 8 - n)
    tensors, _ = load_safetensors(path)
    worst = 0.0
    for name, t in tensors.items():  # independent parse with numpy straight from the file bytes
        a, b = header[name]["data_offsets"]
        raw = np.frombuffer(data, dtype="<f4", count=(b - a) // 4, offset=8 + n + a).reshape(header[name]["shape"])
        worst = max(worst, float(np.abs(raw - t.numpy()).max()) if raw.size else 0.0)
    report(f"{os.path.basename(path)} well formed", 0.0 if well_formed else 1.0, 0.0)
    report(f"{os.path.basename(path)} reader vs numpy parse max|diff|", worst, 0.0)
    return tensors


def check_round_trip(tensors):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "rt.safetensors")
        save_safetensors(tensors, path, {"k": "v"})
        back, meta = load_safetensors(path)
    same_names = list(back.keys()) == list(tensors.keys()) and meta == {"k": "v"}
    report("round trip names/order/metadata", 0.0 if same_names else 1.0, 0.0)
    report("round trip max|diff|", max(max_abs(tensors[k], back[k]) for k in tensors), 0.0)


# ------------------------------------------------------------------------------------------ 2. functional forward
def functional_logits(cfg: VisionConfig, sd, image):
    """Same maths as the module, written with different primitives."""
    b = image.shape[0]
    p, g, w = cfg.patch_size, cfg.grid, cfg.width
    patches = image.reshape(b, 3, g, p, g, p).permute(0, 2, 4, 1, 3, 5).reshape(b, g * g, 3 * p * p)
    x = patches @ sd["visual.conv1.weight"].reshape(w, -1).t()
    x = torch.cat([sd["visual.class_embedding"].expand(b, 1, w), x], dim=1) + sd["visual.positional_embedding"]

    def ln(t, prefix):
        return F.layer_norm(t, (w,), sd[prefix + ".weight"], sd[prefix + ".bias"], eps=1e-5)

    x = ln(x, "visual.ln_pre")
    for i in range(cfg.layers):
        pre = f"visual.transformer.resblocks.{i}."
        h = ln(x, pre + "ln_1").transpose(0, 1)  # [L, B, W] as torch's functional attention wants
        attn, _ = F.multi_head_attention_forward(
            h, h, h, w, cfg.heads, sd[pre + "attn.in_proj_weight"], sd[pre + "attn.in_proj_bias"], None, None,
            False, 0.0, sd[pre + "attn.out_proj.weight"], sd[pre + "attn.out_proj.bias"], training=False,
            need_weights=False)
        x = x + attn.transpose(0, 1)
        h = ln(x, pre + "ln_2") @ sd[pre + "mlp.c_fc.weight"].t() + sd[pre + "mlp.c_fc.bias"]
        h = h / (1 + torch.exp(-1.702 * h)) if cfg.quick_gelu else 0.5 * h * (1 + torch.erf(h / math.sqrt(2.0)))
        x = x + h @ sd[pre + "mlp.c_proj.weight"].t() + sd[pre + "mlp.c_proj.bias"]
    f = ln(x[:, 0], "visual.ln_post") @ sd["visual.proj"]
    f = F.normalize(f, dim=-1)
    return f @ sd["classification_head.weight"].t() + sd["classification_head.bias"], f


def check_attention_alone():
    torch.manual_seed(0)
    w, heads = 64, 4
    attn = SelfAttention(w, heads).eval()
    with torch.no_grad():
        attn.in_proj_weight.normal_(0, 0.25)
        attn.in_proj_bias.normal_(0, 0.1)
        x = torch.randn(3, 17, w)
        mine = attn(x)
        h = x.transpose(0, 1)
        ref, _ = F.multi_head_attention_forward(h, h, h, w, heads, attn.in_proj_weight, attn.in_proj_bias, None,
                                                None, False, 0.0, attn.out_proj.weight, attn.out_proj.bias,
                                                training=False, need_weights=False)
    report("SelfAttention vs F.multi_head_attention_forward max|diff|", max_abs(mine, ref.transpose(0, 1)), 1e-5)


# ------------------------------------------------------------------------------------------ main
@torch.no_grad()
def main():
    torch.set_num_threads(1)
    d = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else gen.DEFAULT_OUT
    cfg = VisionConfig.load(os.path.join(d, "config_quickgelu.json"))
    cfg_gelu = VisionConfig.load(os.path.join(d, "config_gelu.json"))

    print("1. safetensors format")
    a = check_safetensors_file(os.path.join(d, "a.safetensors"))
    b = check_safetensors_file(os.path.join(d, "b.safetensors"))
    golden = check_safetensors_file(os.path.join(d, "golden.safetensors"))
    check_round_trip(a)
    x = golden["x"]
    report("logits of model rebuilt from a.safetensors vs golden logits_a",
           max_abs(build_model(cfg, a)(x), golden["logits_a"]), 0.0)

    print("2. module vs functional forward")
    check_attention_alone()
    mixes = {
        "logits_a": (cfg, a), "logits_b": (cfg, b),
        "logits_mix03": (cfg, interpolate(a, b, lambda n: gen.MIX_ALPHA)),
        "logits_mix_neg05": (cfg, interpolate(a, b, lambda n: gen.EXTRAPOLATION_ALPHA)),
        "logits_layerwise": (cfg, interpolate(a, b, gen.layerwise_alpha)),
        "logits_a_gelu": (cfg_gelu, a), "logits_b_gelu": (cfg_gelu, b),
    }
    # In float64 the two forwards must agree to rounding noise (same maths); the float32 goldens then differ from
    # the float64 answer only by float32 rounding, which is the error budget a Java float32 forward also has.
    x64 = x.double()
    for name, (c, sd) in mixes.items():
        sd64 = {k: v.double() for k, v in sd.items()}
        logits64, features64 = functional_logits(c, sd64, x64)
        report(f"{name}: functional vs module, both float64, max|diff|",
               max_abs(logits64, build_model(c, sd).double()(x64)), 1e-10)
        report(f"{name}: golden (float32) vs functional float64 max|diff|", max_abs(golden[name].double(), logits64),
               3e-5)
        report(f"{name}: functional float32 vs golden max|diff|", max_abs(functional_logits(c, sd, x)[0],
                                                                        golden[name]), 3e-5)
        if name == "logits_a":
            report("features_a: golden (float32) vs functional float64 max|diff|",
                   max_abs(golden["features_a"].double(), features64), 1e-6)

    print("3. goldens reproduced")
    for name, (c, sd) in mixes.items():
        report(f"{name}: module vs golden max|diff|", max_abs(build_model(c, sd)(x), golden[name]), 0.0)
    for stem, sd in (("a", a), ("b", b)):
        ts = torch.jit.load(os.path.join(d, f"{stem}.torchscript.pt")).eval()
        params = list(ts.named_parameters())
        names_ok = [n for n, _ in params] == list(sd.keys())
        report(f"{stem}.torchscript.pt named_parameters() == {stem}.safetensors names (in order)",
               0.0 if names_ok else 1.0, 0.0)
        report(f"{stem}.torchscript.pt params vs {stem}.safetensors max|diff|",
               max(max_abs(p, sd[n]) for n, p in params), 0.0)
        report(f"{stem}.torchscript.pt logits vs golden logits_ts_{stem} max|diff|",
               max_abs(ts(x), golden[f"logits_ts_{stem}"]), 0.0)
        report(f"golden logits_ts_{stem} vs logits_{stem} max|diff|",
               max_abs(golden[f"logits_ts_{stem}"], golden[f"logits_{stem}"]), 1e-6)
    report("golden logits_ts_mix03 vs logits_mix03 max|diff|",
           max_abs(golden["logits_ts_mix03"], golden["logits_mix03"]), 1e-6)

    print("4. sensitivity (each golden must be far from its neighbours and every tensor must matter)")
    report("min over golden pairs of max|diff| (a, b, mix03, neg05, layerwise, a_gelu)",
           min(max_abs(golden[p], golden[q]) for p in ("logits_a", "logits_b", "logits_mix03", "logits_mix_neg05",
                                                       "logits_layerwise", "logits_a_gelu")
               for q in ("logits_a", "logits_b", "logits_mix03", "logits_mix_neg05", "logits_layerwise",
                         "logits_a_gelu") if p < q), 1e-2, above=True)
    effects = {}
    for name in a:
        swapped = dict(a)
        swapped[name] = b[name]
        effects[name] = max_abs(build_model(cfg, swapped)(x), golden["logits_a"])
    weakest = min(effects, key=effects.get)
    report(f"min over tensors of max|logits(A with one tensor from B) - logits_a| (weakest: {weakest})",
           effects[weakest], 1e-3, above=True)

    print("FAILED: " + ", ".join(FAILURES) if FAILURES else "all checks passed")
    sys.exit(1 if FAILURES else 0)


if __name__ == "__main__":
    main()

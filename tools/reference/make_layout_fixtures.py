#!/usr/bin/python3
"""Write the checkpoint-layout fixtures: the tiny-ViT endpoints of golden/tiny_vit in other libraries' layouts.

usage: /usr/bin/python3 tools/reference/make_layout_fixtures.py [OUT_DIR]
       (default OUT_DIR: src/test/resources/golden/layouts; reads src/test/resources/golden/tiny_vit)

Independent of the Java code. The conversion follows each library's own naming:
  * Hugging Face transformers CLIP (convert_clip_original_pytorch_to_hf.py / modeling_clip.py): in_proj split with
    chunk(3, dim=0) in the order q, k, v; visual.proj [W, E] -> visual_projection.weight [E, W] (transposed);
    ln_pre -> pre_layrnorm, ln_post -> post_layernorm; embeddings.position_ids int64 buffer; text tower under
    text_model.*, text_projection.weight, logit_scale (0-d).
  * model-soups (ModelWrapper.state_dict()): model.visual.*, text leftovers model.*, unprefixed classification_head.*
The logits written to golden.safetensors come from a forward written with the Hugging Face names and structure
(CLIPVisionEmbeddings, pre_layrnorm, CLIPEncoderLayer with q/k/v/out projections, post_layernorm on the class
token, visual_projection), so they check the mapping and the claim that HF's forward equals open_clip's.

Files:
  hf_a.safetensors            CLIPModel layout of endpoint A (+ tiny fake text tower, logit_scale, position_ids)
                              + classification_head.* in the same file
  hf_a_fp16.safetensors       the same, floating tensors as float16
  hf_a_bf16.safetensors       the same, floating tensors as bfloat16 (written by hand: raw upper 16 bits)
  hf_b_vision.safetensors     CLIPVisionModelWithProjection layout of endpoint B (no text, no head)
  hf_b_head.safetensors       endpoint B's classification_head.{weight,bias} alone
  sharded/model.safetensors.index.json + model-0000{1,2}-of-00002.safetensors: hf_a split in two shards
  soups_b.pt                  torch.save of a model-soups ModelWrapper state dict of endpoint B (zip format)
  openai_a.pt                 an OpenAI-CLIP-style TorchScript archive (torch.jit.script, fp16 like OpenAI's
                              ViT-B-32.pt): endpoint A's image tower as `visual.*` beside text-side parameters
                              (token_embedding, positional_embedding, ln_final, text_projection, logit_scale), no head
  openai_a_head.safetensors   endpoint A's classification_head.{weight,bias} alone (float32)
  custom_b.safetensors        endpoint B under names no tool uses (backbone.* for visual.*, fc.* for the head,
                              plus an extra ema.step counter): the target of a project's nameMap
  config_clip.json            HF CLIPConfig (model_type clip, quick_gelu) for the tiny ViT
  config_vision_gelu.json     HF CLIPVisionConfig (model_type clip_vision_model, gelu)
  golden.safetensors          logits_hf_a, logits_hf_b (HF-named forward, quick_gelu), logits_hf_a_fp16,
                              logits_hf_a_bf16 (same forward over the rounded weights), on golden/tiny_vit x
"""
import json
import math
import os
import struct
import sys
from collections import OrderedDict

import torch
import torch.nn.functional as F

torch.set_num_threads(1)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from openclip_reference import VisionConfig, VisionTransformer, load_safetensors, save_safetensors  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
TINY = os.path.join(REPO, "src", "test", "resources", "golden", "tiny_vit")
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "src", "test", "resources", "golden", "layouts")
HEADS = 4
LAYERS = 2
EPS = 1e-5


def to_hf_vision(sd):
    """open_clip names -> transformers CLIPVisionModelWithProjection names (vision tower only)."""
    out = OrderedDict()
    out["vision_model.embeddings.class_embedding"] = sd["visual.class_embedding"]
    out["vision_model.embeddings.patch_embedding.weight"] = sd["visual.conv1.weight"]
    out["vision_model.embeddings.position_embedding.weight"] = sd["visual.positional_embedding"]
    out["vision_model.embeddings.position_ids"] = torch.arange(sd["visual.positional_embedding"].shape[0]).unsqueeze(0)
    out["vision_model.pre_layrnorm.weight"] = sd["visual.ln_pre.weight"]
    out["vision_model.pre_layrnorm.bias"] = sd["visual.ln_pre.bias"]
    for i in range(LAYERS):
        o = f"visual.transformer.resblocks.{i}."
        h = f"vision_model.encoder.layers.{i}."
        q, k, v = sd[o + "attn.in_proj_weight"].chunk(3, dim=0)
        qb, kb, vb = sd[o + "attn.in_proj_bias"].chunk(3, dim=0)
        for name, w, b in (("q_proj", q, qb), ("k_proj", k, kb), ("v_proj", v, vb)):
            out[h + f"self_attn.{name}.weight"] = w.clone()
            out[h + f"self_attn.{name}.bias"] = b.clone()
        out[h + "self_attn.out_proj.weight"] = sd[o + "attn.out_proj.weight"]
        out[h + "self_attn.out_proj.bias"] = sd[o + "attn.out_proj.bias"]
        out[h + "layer_norm1.weight"] = sd[o + "ln_1.weight"]
        out[h + "layer_norm1.bias"] = sd[o + "ln_1.bias"]
        out[h + "mlp.fc1.weight"] = sd[o + "mlp.c_fc.weight"]
        out[h + "mlp.fc1.bias"] = sd[o + "mlp.c_fc.bias"]
        out[h + "mlp.fc2.weight"] = sd[o + "mlp.c_proj.weight"]
        out[h + "mlp.fc2.bias"] = sd[o + "mlp.c_proj.bias"]
        out[h + "layer_norm2.weight"] = sd[o + "ln_2.weight"]
        out[h + "layer_norm2.bias"] = sd[o + "ln_2.bias"]
    out["vision_model.post_layernorm.weight"] = sd["visual.ln_post.weight"]
    out["vision_model.post_layernorm.bias"] = sd["visual.ln_post.bias"]
    out["visual_projection.weight"] = sd["visual.proj"].t().contiguous()
    return out


def fake_text_tower(seed):
    g = torch.Generator().manual_seed(seed)
    t = OrderedDict()
    t["text_model.embeddings.token_embedding.weight"] = torch.randn(20, 16, generator=g)
    t["text_model.embeddings.position_embedding.weight"] = torch.randn(8, 16, generator=g)
    t["text_model.embeddings.position_ids"] = torch.arange(8).unsqueeze(0)
    t["text_model.final_layer_norm.weight"] = torch.ones(16)
    t["text_model.final_layer_norm.bias"] = torch.zeros(16)
    t["text_projection.weight"] = torch.randn(32, 16, generator=g)
    t["logit_scale"] = torch.tensor(math.log(100.0))
    return t


def hf_logits(t, x, quick_gelu=True):
    """transformers' CLIPVisionModelWithProjection forward, written with its names, plus the linear head."""
    p = "vision_model."
    w = t[p + "embeddings.patch_embedding.weight"].float()
    patch = F.conv2d(x, w, stride=w.shape[-1]).flatten(2).transpose(1, 2)
    cls = t[p + "embeddings.class_embedding"].float().expand(x.shape[0], 1, -1)
    h = torch.cat([cls, patch], dim=1) + t[p + "embeddings.position_embedding.weight"].float()
    width = h.shape[-1]

    def ln(z, name):
        return F.layer_norm(z, (width,), t[name + ".weight"].float(), t[name + ".bias"].float(), EPS)

    def lin(z, name):
        return F.linear(z, t[name + ".weight"].float(), t[name + ".bias"].float())

    h = ln(h, p + "pre_layrnorm")
    hd = width // HEADS
    for i in range(LAYERS):
        L = p + f"encoder.layers.{i}."
        r = h
        z = ln(h, L + "layer_norm1")
        bsz, n, _ = z.shape
        q = (lin(z, L + "self_attn.q_proj") * hd ** -0.5).view(bsz, n, HEADS, hd).transpose(1, 2)
        k = lin(z, L + "self_attn.k_proj").view(bsz, n, HEADS, hd).transpose(1, 2)
        v = lin(z, L + "self_attn.v_proj").view(bsz, n, HEADS, hd).transpose(1, 2)
        a = torch.softmax(q @ k.transpose(-1, -2), dim=-1) @ v
        h = r + lin(a.transpose(1, 2).reshape(bsz, n, width), L + "self_attn.out_proj")
        r = h
        z = lin(ln(h, L + "layer_norm2"), L + "mlp.fc1")
        z = z * torch.sigmoid(1.702 * z) if quick_gelu else F.gelu(z)
        h = r + lin(z, L + "mlp.fc2")
    pooled = ln(h[:, 0, :], p + "post_layernorm")
    feats = pooled @ t["visual_projection.weight"].float().t()
    feats = feats / feats.norm(dim=-1, keepdim=True)
    return F.linear(feats, t["classification_head.weight"].float(), t["classification_head.bias"].float())


def head(sd):
    return OrderedDict((k, sd[k]) for k in ("classification_head.weight", "classification_head.bias"))


def rounded(sd, dtype):
    return OrderedDict((k, v.to(dtype) if v.is_floating_point() else v) for k, v in sd.items())


def save_bf16(tensors, path):
    """safetensors with BF16 tensors (the shared writer knows no bf16): raw upper halves of the float32 bits."""
    header, blobs, offset = OrderedDict(), [], 0
    for name, t in tensors.items():
        if t.dtype == torch.bfloat16:
            raw = (t.float().contiguous().view(torch.int32) >> 16).to(torch.int16).numpy().tobytes()
            dt = "BF16"
        else:
            raw = t.contiguous().numpy().tobytes()
            dt = {torch.float32: "F32", torch.int64: "I64"}[t.dtype]
        header[name] = OrderedDict([("dtype", dt), ("shape", list(t.shape)), ("data_offsets", [offset, offset + len(raw)])])
        blobs.append(raw)
        offset += len(raw)
    hb = json.dumps(header, separators=(",", ":")).encode()
    hb += b" " * (-len(hb) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(hb)) + hb + b"".join(blobs))


class OpenAIStyleClip(torch.nn.Module):
    """The parameter names of OpenAI's CLIP TorchScript archive (image tower `visual.*` + text side), no head."""

    def __init__(self, cfg):
        super().__init__()
        self.visual = VisionTransformer(cfg)
        self.token_embedding = torch.nn.Embedding(20, 16)
        self.positional_embedding = torch.nn.Parameter(torch.zeros(8, 16))
        self.ln_final = torch.nn.LayerNorm(16)
        self.text_projection = torch.nn.Parameter(torch.zeros(16, 32))
        self.logit_scale = torch.nn.Parameter(torch.tensor(math.log(100.0)))

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        return self.visual(image.type(self.visual.conv1.weight.dtype))


def main():
    if os.environ.get("PYTHONHASHSEED") != "0":
        # TorchScript writes module constants in set order: a fixed hash seed keeps openai_a.pt byte-identical
        os.execve(sys.executable, [sys.executable] + sys.argv, dict(os.environ, PYTHONHASHSEED="0"))
    os.makedirs(os.path.join(OUT, "sharded"), exist_ok=True)
    a, _ = load_safetensors(os.path.join(TINY, "a.safetensors"))
    b, _ = load_safetensors(os.path.join(TINY, "b.safetensors"))
    gold, _ = load_safetensors(os.path.join(TINY, "golden.safetensors"))
    x = gold["x"]

    hf_a = OrderedDict(list(to_hf_vision(a).items()) + list(fake_text_tower(7).items()) + list(head(a).items()))
    save_safetensors(hf_a, os.path.join(OUT, "hf_a.safetensors"), {"format": "pt"})
    save_safetensors(rounded(hf_a, torch.float16), os.path.join(OUT, "hf_a_fp16.safetensors"), {"format": "pt"})
    save_bf16(rounded(hf_a, torch.bfloat16), os.path.join(OUT, "hf_a_bf16.safetensors"))
    hf_b = to_hf_vision(b)
    save_safetensors(hf_b, os.path.join(OUT, "hf_b_vision.safetensors"), {"format": "pt"})
    save_safetensors(head(b), os.path.join(OUT, "hf_b_head.safetensors"))

    names = list(hf_a.keys())
    split = len(names) // 2
    shards = [("model-00001-of-00002.safetensors", names[:split]), ("model-00002-of-00002.safetensors", names[split:])]
    weight_map = OrderedDict()
    for file, part in shards:
        save_safetensors(OrderedDict((n, hf_a[n]) for n in part), os.path.join(OUT, "sharded", file), {"format": "pt"})
        for n in part:
            weight_map[n] = file
    total = sum(v.numel() * v.element_size() for v in hf_a.values())
    with open(os.path.join(OUT, "sharded", "model.safetensors.index.json"), "w") as f:
        json.dump(OrderedDict([("metadata", {"total_size": total}), ("weight_map", weight_map)]), f, indent=2)
        f.write("\n")

    soups = OrderedDict(("model." + k, v) for k, v in b.items() if k.startswith("visual."))
    soups["model.positional_embedding"] = torch.randn(8, 16, generator=torch.Generator().manual_seed(3))
    soups["model.token_embedding.weight"] = torch.randn(20, 16, generator=torch.Generator().manual_seed(4))
    soups["model.logit_scale"] = torch.tensor(math.log(100.0))
    soups.update(head(b))
    torch.save(soups, os.path.join(OUT, "soups_b.pt"))
    custom = OrderedDict()
    for k, v in b.items():
        custom[("backbone." + k[len("visual."):]) if k.startswith("visual.") else k.replace("classification_head.", "fc.")] = v
    custom["ema.step"] = torch.tensor([3], dtype=torch.int64)
    save_safetensors(custom, os.path.join(OUT, "custom_b.safetensors"))

    torch.manual_seed(11)
    with open(os.path.join(TINY, "config_quickgelu.json")) as f:
        openai = OpenAIStyleClip(VisionConfig.from_json_dict(json.load(f)))
    openai.visual.load_state_dict(OrderedDict((k[len("visual."):], v) for k, v in a.items() if k.startswith("visual.")))
    openai = openai.half().eval()
    torch.jit.save(torch.jit.script(openai), os.path.join(OUT, "openai_a.pt"))
    save_safetensors(head(a), os.path.join(OUT, "openai_a_head.safetensors"))

    vision = OrderedDict([("hidden_size", 64), ("intermediate_size", 256), ("num_attention_heads", HEADS),
                          ("num_hidden_layers", LAYERS), ("patch_size", 8), ("image_size", 32),
                          ("hidden_act", "quick_gelu"), ("layer_norm_eps", EPS), ("model_type", "clip_vision_model")])
    clip = OrderedDict([("architectures", ["CLIPModel"]), ("model_type", "clip"), ("projection_dim", 32),
                        ("text_config", {"hidden_size": 16, "model_type": "clip_text_model"}),
                        ("vision_config", vision)])
    with open(os.path.join(OUT, "config_clip.json"), "w") as f:
        json.dump(clip, f, indent=2)
        f.write("\n")
    vcfg = OrderedDict(vision, hidden_act="gelu", projection_dim=32, architectures=["CLIPVisionModelWithProjection"])
    with open(os.path.join(OUT, "config_vision_gelu.json"), "w") as f:
        json.dump(vcfg, f, indent=2)
        f.write("\n")

    with torch.no_grad():
        la = hf_logits(hf_a, x)
        lb = hf_logits(OrderedDict(list(hf_b.items()) + list(head(b).items())), x)
        l16 = hf_logits(rounded(hf_a, torch.float16), x)
        lbf = hf_logits(rounded(hf_a, torch.bfloat16), x)
    d_a = (la - gold["logits_a"]).abs().max().item()
    d_b = (lb - gold["logits_b"]).abs().max().item()
    print(f"HF-named forward vs open_clip goldens: max|diff| A {d_a:.2e}, B {d_b:.2e}")
    print(f"fp16 weights: max|diff| {(l16 - la).abs().max().item():.2e}, top-1 equal "
          f"{bool((l16.argmax(1) == la.argmax(1)).all())}; bf16: {(lbf - la).abs().max().item():.2e}, "
          f"top-1 equal {bool((lbf.argmax(1) == la.argmax(1)).all())}")
    if d_a > 1e-4 or d_b > 1e-4:
        raise SystemExit("HF forward does not match the open_clip goldens")
    save_safetensors(OrderedDict([("logits_hf_a", la), ("logits_hf_b", lb), ("logits_hf_a_fp16", l16),
                                  ("logits_hf_a_bf16", lbf)]), os.path.join(OUT, "golden.safetensors"),
                     {"x": "golden/tiny_vit/golden.safetensors x"})


if __name__ == "__main__":
    main()

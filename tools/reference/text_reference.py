#!/usr/bin/python3
"""Independent PyTorch reference of the open_clip text tower, CLIP's zero-shot head and the two tokenizers, plus the
generator of the text-tower goldens the Java tests compare against.

usage: /usr/bin/python3 tools/reference/text_reference.py [OUT_DIR]
       (default OUT_DIR: src/test/resources/golden/text, relative to the repository root)

Written from the open_clip / OpenAI CLIP layout, not copied (neither is installed here). The attention is
torch.nn.MultiheadAttention with a causal attn_mask on [L, B, W] inputs, as in open_clip, so the Java version (hand-
written batched attention) is checked against a different implementation. Tensor names are open_clip's:

    token_embedding.weight [vocab, width], positional_embedding [context, width],
    transformer.resblocks.{i}.{ln_1, attn.in_proj_weight, attn.in_proj_bias, attn.out_proj, ln_2, mlp.c_fc, mlp.c_proj},
    ln_final.{weight,bias}, text_projection [width, embed_dim], logit_scale (0-dim)

Zero-shot head (OpenAI notebook / wise-ft): per class, encode every template, normalise each feature, average,
normalise again; stack [C, embed]; multiply by logit_scale.exp(); bias 0.

Files written (deterministic: fixed seeds, float32, 1 thread):
    config.json          open_clip-style config (embed_dim, quick_gelu, vision_cfg of golden/tiny_vit, text_cfg)
    vocab.txt            word-level vocabulary (<pad>, <sot>, <eot>, <unk>, then the words; id = line index)
    classes.txt          class names, one per line
    templates.txt        prompt templates, one per line
    weights.safetensors  the random text tower
    golden.safetensors   tokens [C*T, L] int64 (class-major), text_features (pool at <eot>, QuickGELU),
                         text_features_gelu (exact GELU), text_features_argmax (pool at argmax of ids),
                         head_weight [C, E], head_bias [C]
It also prints CLIP-BPE ids for the strings of the Java tokenizer test, computed with the small merges file
src/test/resources/tokenize/tiny_merges.txt (a cross-check of the hand-computed expectations there).
"""
import gzip
import json
import math
import os
import re
import sys
from collections import OrderedDict

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from openclip_reference import save_safetensors  # noqa: E402

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
DEFAULT_OUT = os.path.join(REPO_ROOT, "src", "test", "resources", "golden", "text")
TINY_MERGES = os.path.join(REPO_ROOT, "src", "test", "resources", "tokenize", "tiny_merges.txt")

WEIGHT_SEED = 2024
# a full CLIP config: the image tower of golden/tiny_vit (whose visual.proj is [64, 32]) plus this text tower
CONFIG = OrderedDict([
    ("embed_dim", 32), ("quick_gelu", True),
    ("vision_cfg", OrderedDict([("image_size", 32), ("layers", 2), ("width", 64), ("patch_size", 8),
                                ("head_width", 16), ("mlp_ratio", 4.0)])),
    ("text_cfg", OrderedDict([("context_length", 12), ("vocab_size", 64), ("width", 32), ("heads", 4),
                              ("layers", 2), ("mlp_ratio", 4.0)])),
])
CLASSES = ["T-shirt/top", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle boot"]
TEMPLATES = [
    "a photo of a {}.",
    "a sketch of a {}.",
    "a blurry photo of the {}.",
    "a {} in the wild.",                      # "wild" is left out of the vocabulary: <unk>
    "a very very blurry low contrast photo of the small {} seen from far away.",  # longer than the context
]
OUT_OF_VOCABULARY = {"wild"}
RESERVED = ["<pad>", "<sot>", "<eot>", "<unk>"]
LAYER_NORM_EPS = 1e-5


# ------------------------------------------------------------------------------------------ word tokenizer
def words(text):
    """Lower-case runs of letters, a hyphen between letters kept inside the word ([^\\W\\d_] = a letter)."""
    return re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", text.lower())


def word_tokenize(text, vocab, context_length):
    ids = {w: i for i, w in enumerate(vocab)}
    body = [ids.get(w, ids["<unk>"]) for w in words(text)]
    seq = [ids["<sot>"]] + body + [ids["<eot>"]]
    if len(seq) > context_length:           # open_clip's truncate rule: cut, then force EOT last
        seq = seq[:context_length]
        seq[-1] = ids["<eot>"]
    return seq + [ids["<pad>"]] * (context_length - len(seq))


# ------------------------------------------------------------------------------------------ CLIP BPE (re-only)
def bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("\u00a1"), ord("\u00ac") + 1)) + \
        list(range(ord("\u00ae"), ord("\u00ff") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, [chr(c) for c in cs]))


class ClipBpe:
    """CLIP's SimpleTokenizer without ftfy. Python's re has no \\p{L}: [^\\W\\d_] (letters) and \\d stand in for
    \\p{L} and \\p{N}, which agree on the ASCII/Latin-1 strings used here."""

    def __init__(self, merges_path):
        opener = gzip.open if merges_path.endswith(".gz") else open
        with opener(merges_path, "rb") as f:
            lines = f.read().decode("utf-8").split("\n")
        merges = [tuple(m.split()) for m in lines[1:49152 - 256 - 2 + 1] if m.strip()]
        self.byte_encoder = bytes_to_unicode()
        vocab = list(self.byte_encoder.values())
        vocab = vocab + [v + "</w>" for v in vocab]
        vocab += ["".join(m) for m in merges]
        vocab += ["<|startoftext|>", "<|endoftext|>"]
        self.encoder = dict(zip(vocab, range(len(vocab))))
        self.ranks = dict(zip(merges, range(len(merges))))
        self.pat = re.compile(r"<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[^\W\d_]+|\d|"
                              r"(?:[^\s\w]|_)+", re.IGNORECASE)

    def bpe(self, token):
        word = tuple(token[:-1]) + (token[-1] + "</w>",)
        while len(word) > 1:
            pairs = set(zip(word, word[1:]))
            bigram = min(pairs, key=lambda p: self.ranks.get(p, float("inf")))
            if bigram not in self.ranks:
                break
            first, second = bigram
            new, i = [], 0
            while i < len(word):
                if i < len(word) - 1 and word[i] == first and word[i + 1] == second:
                    new.append(first + second)
                    i += 2
                else:
                    new.append(word[i])
                    i += 1
            word = tuple(new)
        return word

    def encode(self, text, context_length):
        text = re.sub(r"\s+", " ", text).strip().lower()
        ids = []
        for piece in self.pat.findall(text):
            if piece in ("<|startoftext|>", "<|endoftext|>"):
                ids.append(self.encoder[piece])
                continue
            token = "".join(self.byte_encoder[b] for b in piece.encode("utf-8"))
            ids.extend(self.encoder[t] for t in self.bpe(token))
        sot, eot = self.encoder["<|startoftext|>"], self.encoder["<|endoftext|>"]
        seq = [sot] + ids + [eot]
        if len(seq) > context_length:
            seq = seq[:context_length]
            seq[-1] = eot
        return seq + [0] * (context_length - len(seq))


# ------------------------------------------------------------------------------------------ text tower
class QuickGELU(nn.Module):
    def forward(self, x):
        return x * torch.sigmoid(1.702 * x)


class Block(nn.Module):
    def __init__(self, width, heads, mlp_width, quick_gelu):
        super().__init__()
        self.ln_1 = nn.LayerNorm(width, eps=LAYER_NORM_EPS)
        self.attn = nn.MultiheadAttention(width, heads)
        self.ln_2 = nn.LayerNorm(width, eps=LAYER_NORM_EPS)
        self.mlp = nn.Sequential(OrderedDict([("c_fc", nn.Linear(width, mlp_width)),
                                              ("gelu", QuickGELU() if quick_gelu else nn.GELU()),
                                              ("c_proj", nn.Linear(mlp_width, width))]))

    def forward(self, x, mask):  # x: [L, B, W]
        h = self.ln_1(x)
        x = x + self.attn(h, h, h, need_weights=False, attn_mask=mask)[0]
        return x + self.mlp(self.ln_2(x))


class Transformer(nn.Module):
    def __init__(self, cfg, quick_gelu):
        super().__init__()
        w = cfg["width"]
        self.resblocks = nn.ModuleList([Block(w, cfg["heads"], int(w * cfg.get("mlp_ratio", 4.0)), quick_gelu)
                                        for _ in range(cfg["layers"])])

    def forward(self, x, mask):
        for block in self.resblocks:
            x = block(x, mask)
        return x


class TextTower(nn.Module):
    """Parameter names match a full open_clip CLIP state dict (the text part)."""

    def __init__(self, config, quick_gelu=None):
        super().__init__()
        cfg = config["text_cfg"]
        qg = config.get("quick_gelu", False) if quick_gelu is None else quick_gelu
        self.context_length = cfg["context_length"]
        self.positional_embedding = nn.Parameter(torch.empty(cfg["context_length"], cfg["width"]))
        self.text_projection = nn.Parameter(torch.empty(cfg["width"], config["embed_dim"]))
        self.logit_scale = nn.Parameter(torch.tensor(0.0))
        self.transformer = Transformer(cfg, qg)
        self.token_embedding = nn.Embedding(cfg["vocab_size"], cfg["width"])
        self.ln_final = nn.LayerNorm(cfg["width"], eps=LAYER_NORM_EPS)
        # open_clip: torch.empty(L, L).fill_(-inf).triu_(1)
        self.register_buffer("attn_mask", torch.empty(self.context_length, self.context_length)
                             .fill_(float("-inf")).triu_(1), persistent=False)

    def encode_text(self, text, pool_positions):
        x = self.token_embedding(text) + self.positional_embedding      # [B, L, W]
        x = self.transformer(x.permute(1, 0, 2), self.attn_mask).permute(1, 0, 2)
        x = self.ln_final(x)
        return x[torch.arange(x.shape[0]), pool_positions] @ self.text_projection


def zero_shot_head(tower, tokens_per_class, pool_per_class):
    rows = []
    for tokens, pool in zip(tokens_per_class, pool_per_class):
        f = tower.encode_text(tokens, pool)
        f = f / f.norm(dim=-1, keepdim=True)
        mean = f.mean(dim=0)
        rows.append(mean / mean.norm())
    return torch.stack(rows, dim=0) * tower.logit_scale.exp()


def random_weights(tower):
    """LN affines and biases get noise (a Java forward ignoring one cannot match); embeddings large enough that
    every token matters; attention sharp enough that the pooled token depends on the earlier ones."""
    g = torch.Generator().manual_seed(WEIGHT_SEED)
    w = CONFIG["text_cfg"]["width"]

    def normal(shape, std):
        return torch.randn(shape, generator=g, dtype=torch.float32) * std

    out = OrderedDict()
    for name, p in tower.state_dict().items():
        if name == "logit_scale":
            t = torch.tensor(math.log(1 / 0.07), dtype=torch.float32)
        elif name.endswith("ln_1.weight") or name.endswith("ln_2.weight") or name == "ln_final.weight":
            t = 1.0 + normal(p.shape, 0.1)
        elif name.endswith(".bias"):
            t = normal(p.shape, 0.05)
        elif name in ("token_embedding.weight", "positional_embedding"):
            t = normal(p.shape, 1.0)
        elif name == "text_projection":
            t = normal(p.shape, w ** -0.5)
        else:  # in_proj, out_proj, c_fc, c_proj weights
            t = normal(p.shape, 2.0 * p.shape[-1] ** -0.5)
        out[name] = t.contiguous()
    return out


def main(argv):
    torch.set_num_threads(1)
    out_dir = argv[1] if len(argv) > 1 else DEFAULT_OUT
    os.makedirs(out_dir, exist_ok=True)
    ctx = CONFIG["text_cfg"]["context_length"]

    texts = CLASSES + TEMPLATES
    vocab = RESERVED + sorted({w for t in texts for w in words(t.replace("{}", " "))} - OUT_OF_VOCABULARY)
    assert len(vocab) <= CONFIG["text_cfg"]["vocab_size"], len(vocab)
    eot = vocab.index("<eot>")

    tokens_per_class = [torch.tensor([word_tokenize(t.replace("{}", c), vocab, ctx) for t in TEMPLATES])
                        for c in CLASSES]
    eot_pool = [(tk == eot).int().argmax(dim=1) for tk in tokens_per_class]
    argmax_pool = [tk.argmax(dim=1) for tk in tokens_per_class]
    tokens = torch.cat(tokens_per_class, dim=0).to(torch.int64)

    tower = TextTower(CONFIG)
    weights = random_weights(tower)
    tower.load_state_dict(weights, strict=True)
    tower.eval()
    gelu_tower = TextTower(CONFIG, quick_gelu=False)
    gelu_tower.load_state_dict(weights, strict=True)
    gelu_tower.eval()
    with torch.no_grad():
        features = torch.cat([tower.encode_text(t, p) for t, p in zip(tokens_per_class, eot_pool)])
        features_gelu = torch.cat([gelu_tower.encode_text(t, p) for t, p in zip(tokens_per_class, eot_pool)])
        features_argmax = torch.cat([tower.encode_text(t, p) for t, p in zip(tokens_per_class, argmax_pool)])
        head = zero_shot_head(tower, tokens_per_class, eot_pool)

    with open(os.path.join(out_dir, "config.json"), "w", encoding="utf-8") as f:
        json.dump(CONFIG, f, indent=2)
        f.write("\n")
    for name, lines in (("vocab.txt", vocab), ("classes.txt", CLASSES), ("templates.txt", TEMPLATES)):
        with open(os.path.join(out_dir, name), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
    save_safetensors(weights, os.path.join(out_dir, "weights.safetensors"))
    save_safetensors(OrderedDict([
        ("tokens", tokens), ("text_features", features.contiguous()),
        ("text_features_gelu", features_gelu.contiguous()), ("text_features_argmax", features_argmax.contiguous()),
        ("head_weight", head.contiguous()), ("head_bias", torch.zeros(len(CLASSES))),
    ]), os.path.join(out_dir, "golden.safetensors"))

    # sensitivity: the goldens must not be reproducible by a broken forward
    with torch.no_grad():
        no_mask = TextTower(CONFIG)
        no_mask.load_state_dict(weights)
        no_mask.attn_mask.zero_()
        d_mask = (torch.cat([no_mask.encode_text(t, p) for t, p in zip(tokens_per_class, eot_pool)])
                  - features).abs().max().item()
        d_gelu = (features_gelu - features).abs().max().item()
        d_pool = (features_argmax - features).abs().max().item()
        cos = F.normalize(head, dim=1) @ F.normalize(head, dim=1).T
    print(f"vocabulary {len(vocab)} words, tokens {tuple(tokens.shape)}, head {tuple(head.shape)}, "
          f"scale {tower.logit_scale.exp().item():.4f}")
    print(f"sensitivity max|diff| vs features: without causal mask {d_mask:.3g}, exact GELU {d_gelu:.3g}, "
          f"argmax pooling {d_pool:.3g}; max off-diagonal cosine between class rows "
          f"{(cos - torch.eye(len(CLASSES))).max().item():.3f}")

    if os.path.exists(TINY_MERGES):
        bpe = ClipBpe(TINY_MERGES)
        for text in ["hello cat", "Hello,   CAT's 2024!", "\u00e9", "\u00ad", "a cat. a cat. a cat. hello"]:
            print(f"BPE {text!r}: {bpe.encode(text, 8)}")


if __name__ == "__main__":
    main(sys.argv)

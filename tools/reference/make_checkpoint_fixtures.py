#!/usr/bin/python3
"""Generate the small checkpoint fixtures used by the Java checkpoint-reader tests.

Run with Debian's interpreter (torch 1.13), from the repository root:

    /usr/bin/python3 tools/reference/make_checkpoint_fixtures.py [OUT_DIR]

OUT_DIR defaults to src/test/resources/checkpoints. Every file is tiny (< 50 KB). The script also writes
expected.json: for each fixture either the tensors the Java reader must return (name, shape, dtype and the float64
sum of the values, so tests compare values and not only names) or the text the reader's error must contain.

Fixtures:
  state_dict.pt            torch.save(state_dict) zip: fp32/fp16/bf16/int64, a transposed (non-contiguous) view,
                           two tensors sharing one storage (one at a storage offset), a 0-dim tensor
  wrapped_state_dict.pt    {"state_dict": {"module."+k: v, "module.config": {plain data}}, "epoch": 3,
                           "optimizer": {plain data}}
  state_dict.safetensors   the same tensors (contiguous) with a __metadata__ block
  legacy.pt                torch.save(..., _use_new_zipfile_serialization=False)
  unsafe_reduce.pt         a dict holding an object whose __reduce__ returns (os.system, ("echo pwned",));
                           crafted only, never loaded
  wiseft_model.pt          torch.save(model) of a wise-ft style ImageClassifier (class module src.models.modeling)
  wiseft_model.pkl         pickle.dump(model) of the same object
  torchscript.pt           torch.jit.script of a small module with open_clip-like parameter names
  no_tensors.pt            torch.save({"epoch": 3, "note": "no weights here"}): plain data, no tensors
"""
import json
import os
import pickle
import struct
import sys
import types
from collections import OrderedDict

import torch
import torch.nn as nn

torch.set_num_threads(1)

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join("src", "test", "resources", "checkpoints")

DJL_DTYPE = {torch.float32: "float32", torch.float16: "float16", torch.bfloat16: "bfloat16",
             torch.float64: "float64", torch.int64: "int64", torch.int32: "int32",
             torch.int8: "int8", torch.uint8: "uint8", torch.bool: "boolean"}
ST_DTYPE = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16",
            torch.float64: "F64", torch.int64: "I64", torch.int32: "I32",
            torch.int8: "I8", torch.uint8: "U8", torch.bool: "BOOL"}


def make_state_dict():
    g = torch.Generator().manual_seed(1234)
    sd = OrderedDict()
    sd["visual.conv1.weight"] = torch.randn(4, 3, 2, 2, generator=g)
    sd["visual.class_embedding"] = torch.randn(4, generator=g)
    sd["visual.positional_embedding"] = torch.randn(5, 4, generator=g)
    # two tensors sharing one storage; the bias starts at storage offset 4
    shared = torch.arange(8, dtype=torch.float32) * 0.25 - 1.0
    sd["visual.ln_pre.weight"] = shared[:4]
    sd["visual.ln_pre.bias"] = shared[4:]
    sd["visual.transformer.resblocks.0.attn.in_proj_weight"] = torch.randn(12, 4, generator=g).half()
    sd["visual.transformer.resblocks.0.ln_1.weight"] = torch.randn(4, generator=g).to(torch.bfloat16)
    # non-contiguous: transposed view of a [3,4] tensor -> shape [4,3], strides (1,4)
    sd["visual.proj"] = torch.randn(3, 4, generator=g).t()
    sd["visual.position_ids"] = torch.arange(5, dtype=torch.int64) * 3
    sd["logit_scale"] = torch.tensor(4.6052)  # 0-dim
    sd["classification_head.weight"] = torch.randn(3, 3, generator=g)
    sd["classification_head.bias"] = torch.randn(3, generator=g)
    assert not sd["visual.proj"].is_contiguous()
    assert sd["visual.ln_pre.bias"].storage_offset() == 4
    return sd


def describe(sd, prefix=""):
    return [{"name": prefix + k, "shape": list(v.shape), "dtype": DJL_DTYPE[v.dtype],
             "sum": float(v.double().sum().item())} for k, v in sd.items()]


def save_safetensors(tensors, path, metadata):
    """u64-LE header length, JSON header padded with spaces to a multiple of 8, raw little-endian bytes."""
    header, blobs, off = {}, [], 0
    for name, t in tensors.items():
        t = t.detach().contiguous()
        raw = (t.view(torch.int16) if t.dtype == torch.bfloat16 else t).numpy().tobytes()
        header[name] = {"dtype": ST_DTYPE[t.dtype], "shape": list(t.shape), "data_offsets": [off, off + len(raw)]}
        blobs.append(raw)
        off += len(raw)
    header["__metadata__"] = metadata
    hb = json.dumps(header, separators=(",", ":")).encode("utf-8")
    hb += b" " * ((8 - len(hb) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(hb)))
        f.write(hb)
        for b in blobs:
            f.write(b)


class Evil:
    """Never loaded: its pickle calls os.system when unpickled by an unrestricted loader."""

    def __reduce__(self):
        return (os.system, ("echo pwned",))


def wiseft_module():
    """A fake `src.models.modeling` module so the pickle names the class exactly as wise-ft does."""
    for name in ("src", "src.models", "src.models.modeling"):
        sys.modules.setdefault(name, types.ModuleType(name))
    mod = sys.modules["src.models.modeling"]

    class TinyVisual(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(3, 4, 2, 2, bias=False)
            self.proj = nn.Parameter(torch.randn(4, 3))

    class ImageEncoder(nn.Module):
        def __init__(self):
            super().__init__()
            self.model = nn.Module()
            self.model.visual = TinyVisual()

    class ClassificationHead(nn.Linear):
        def __init__(self):
            super().__init__(3, 2)

    class ImageClassifier(nn.Module):
        def __init__(self):
            super().__init__()
            self.image_encoder = ImageEncoder()
            self.classification_head = ClassificationHead()

    for cls in (TinyVisual, ImageEncoder, ClassificationHead, ImageClassifier):
        cls.__module__ = mod.__name__
        cls.__qualname__ = cls.__name__
        setattr(mod, cls.__name__, cls)
    return ImageClassifier()


class ScriptVisual(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 4, 2, 2, bias=False)
        self.proj = nn.Parameter(torch.randn(4, 3))

    def forward(self, x):
        return self.conv1(x).flatten(2).mean(2) @ self.proj


class ScriptModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.visual = ScriptVisual()
        self.classification_head = nn.Linear(3, 2)

    def forward(self, x):
        return self.classification_head(self.visual(x))


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(7)
    expected = {}
    sd = make_state_dict()

    path = os.path.join(OUT, "state_dict.pt")
    torch.save(sd, path)
    expected["state_dict.pt"] = {"format": "PYTORCH_ZIP", "tensors": describe(sd)}

    wrapped = {"state_dict": OrderedDict([("module." + k, v) for k, v in sd.items()]
                                         + [("module.config", {"lr": 0.001, "warmup": 10})]),
               "epoch": 3, "optimizer": {"lr": 0.001, "betas": (0.9, 0.999)}}
    torch.save(wrapped, os.path.join(OUT, "wrapped_state_dict.pt"))
    expected["wrapped_state_dict.pt"] = {"format": "PYTORCH_ZIP", "tensors": describe(sd),
                                         "metadata_contains": ["state_dict", "module.", "config", "epoch"]}

    st_meta = {"format": "pt", "source": "make_checkpoint_fixtures.py"}
    save_safetensors(sd, os.path.join(OUT, "state_dict.safetensors"), st_meta)
    expected["state_dict.safetensors"] = {"format": "SAFETENSORS", "tensors": describe(sd), "metadata": st_meta}

    torch.save(sd, os.path.join(OUT, "legacy.pt"), _use_new_zipfile_serialization=False)
    expected["legacy.pt"] = {"error_contains": ["legacy PyTorch pickle format"]}

    torch.save({"visual.proj": sd["visual.proj"], "evil": Evil()}, os.path.join(OUT, "unsafe_reduce.pt"))
    expected["unsafe_reduce.pt"] = {"error_contains": ["unsafe pickle", "refuses global " + os.system.__module__
                                                       + ".system"]}

    model = wiseft_module()
    torch.save(model, os.path.join(OUT, "wiseft_model.pt"))
    with open(os.path.join(OUT, "wiseft_model.pkl"), "wb") as f:
        pickle.dump(model, f)
    hint = "pickled Python model object, not a state dict"
    for name in ("wiseft_model.pt", "wiseft_model.pkl"):
        expected[name] = {"error_contains": ["src.models.modeling.ImageClassifier", hint,
                                             "tools/export_state_dict.py"]}

    scripted = torch.jit.script(ScriptModel().eval())
    scripted.save(os.path.join(OUT, "torchscript.pt"))
    expected["torchscript.pt"] = {"format": "TORCHSCRIPT",
                                  "tensors": describe(OrderedDict(scripted.named_parameters()))}

    torch.save({"epoch": 3, "note": "no weights here"}, os.path.join(OUT, "no_tensors.pt"))
    expected["no_tensors.pt"] = {"error_contains": ["no tensors found (top-level keys: epoch, note)"]}

    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=2, sort_keys=True)
        f.write("\n")
    for name in sorted(os.listdir(OUT)):
        size = os.path.getsize(os.path.join(OUT, name))
        assert size < 50_000, (name, size)
        print(f"{size:8d}  {name}")


if __name__ == "__main__":
    main()

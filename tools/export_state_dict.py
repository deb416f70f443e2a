#!/usr/bin/python3
"""Export a wise-ft style pickled model as a safetensors state dict with open_clip tensor names.

wise-ft saves whole model objects (``torch.save(model)`` of an ``ImageClassifier``, or ``pickle.dump(model)``).
RFT Workbench refuses such files on purpose: unpickling a model object runs code named by the file. This script
does that unpickling once, on YOUR machine, and writes a plain state dict that the workbench can read safely.

TRUSTED INPUT ONLY. Loading a pickled model object can execute arbitrary code from the file, and it needs the code
that defined the model's classes importable (for wise-ft: the repository root on PYTHONPATH, so that
``src.models.modeling.ImageClassifier`` resolves). Only run it on files you created yourself or fully trust.

Renaming (open_clip layout): a leading ``module.`` (DataParallel) is dropped, ``image_encoder.model.`` is stripped
so ``image_encoder.model.visual.*`` becomes ``visual.*``, and ``classification_head.*`` is kept as is. Other tensors
keep their names. A file that already holds a state dict (optionally wrapped in {"state_dict": ...},
{"model_state_dict": ...} or {"model": ...}) is accepted too.

Usage (Debian's interpreter has torch):
    PYTHONPATH=/path/to/wise-ft /usr/bin/python3 tools/export_state_dict.py finetuned.pt finetuned.safetensors
    PYTHONPATH=/path/to/wise-ft /usr/bin/python3 tools/export_state_dict.py model.pkl out.safetensors \\
        --torchscript out_scripted.pt

Options:
    --torchscript PATH   also save torch.jit.script(model) to PATH, nothing fancy: no tracing, no wrappers; fails
                         with a message if the model does not script (only possible for a model object).
"""
import argparse
import json
import os
import pickle
import struct
import sys
import tempfile

import torch

ST_DTYPE = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.float64: "F64",
            torch.int64: "I64", torch.int32: "I32", torch.int16: "I16", torch.int8: "I8", torch.uint8: "U8",
            torch.bool: "BOOL"}
WRAPPER_KEYS = ("state_dict", "model_state_dict", "model")


def load_trusted(path):
    """torch.load (zip or legacy torch.save), falling back to plain pickle.load for pickle.dump files."""
    try:
        return torch.load(path, map_location="cpu", weights_only=False)
    except Exception as first:  # a plain pickle.dump file has no torch magic number
        try:
            with open(path, "rb") as f:
                return pickle.load(f)
        except Exception:
            raise first


def state_dict_of(obj):
    if isinstance(obj, torch.nn.Module):
        return obj.state_dict()
    if isinstance(obj, dict):
        if any(isinstance(v, torch.Tensor) for v in obj.values()):
            return {k: v for k, v in obj.items() if isinstance(v, torch.Tensor)}
        for key in WRAPPER_KEYS:
            if key in obj:
                return state_dict_of(obj[key])
    raise SystemExit(f"no model or state dict found in the file (top-level type {type(obj).__name__})")


def open_clip_name(name):
    if name.startswith("module."):
        name = name[len("module."):]
    if name.startswith("image_encoder.model."):
        name = name[len("image_encoder.model."):]
    return name


def save_safetensors_atomically(tensors, path, metadata):
    """u64-LE header length, JSON header padded with spaces to a multiple of 8, raw little-endian bytes."""
    header, blobs, offset = {"__metadata__": metadata}, [], 0
    for name, t in tensors.items():
        t = t.detach().cpu().contiguous()
        if t.dtype not in ST_DTYPE:
            raise SystemExit(f"tensor {name} has dtype {t.dtype}, which safetensors cannot hold here")
        raw = (t.view(torch.int16) if t.dtype == torch.bfloat16 else t).numpy().tobytes()
        header[name] = {"dtype": ST_DTYPE[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
    encoded += b" " * ((8 - len(encoded) % 8) % 8)
    directory = os.path.dirname(os.path.abspath(path))
    fd, temporary = tempfile.mkstemp(dir=directory, prefix="." + os.path.basename(path) + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(struct.pack("<Q", len(encoded)))
            f.write(encoded)
            for blob in blobs:
                f.write(blob)
            f.flush()
            os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp creates 0600; give the file the usual permissions
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model", help="wise-ft model file (torch.save(model) or pickle.dump(model)); TRUSTED only")
    parser.add_argument("output", help="safetensors file to write")
    parser.add_argument("--torchscript", metavar="PATH", help="also save torch.jit.script(model) to PATH")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)

    obj = load_trusted(args.model)
    tensors = {}
    for name, tensor in state_dict_of(obj).items():
        renamed = open_clip_name(name)
        if renamed in tensors:
            raise SystemExit(f"two tensors map to the name {renamed}")
        tensors[renamed] = tensor
    save_safetensors_atomically(tensors, args.output, {"format": "pt", "source": os.path.basename(args.model),
                                                        "exported_by": "tools/export_state_dict.py"})
    print(f"wrote {len(tensors)} tensors "
          f"({sum(t.numel() for t in tensors.values()):,} values) to {args.output}")

    if args.torchscript:
        if not isinstance(obj, torch.nn.Module):
            raise SystemExit("--torchscript needs a pickled model object, not a state dict")
        try:
            scripted = torch.jit.script(obj.eval())
        except Exception as e:
            raise SystemExit(f"the model does not script: {str(e).splitlines()[0]}")
        scripted.save(args.torchscript)
        print(f"wrote TorchScript to {args.torchscript}")


if __name__ == "__main__":
    sys.exit(main())

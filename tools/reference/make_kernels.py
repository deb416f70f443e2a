#!/usr/bin/python3
"""Builds the TorchScript kernels the Java core calls where DJL exposes no fused operation.

interpolate.pt: forward(outs, starts, ends, weights) writes torch.lerp(starts[i], ends[i], weights[i]) into outs[i]
for every i, in place, in one call. lerp is a single fused pass (read A, read B, write theta) and is exact at weight
0 and 1; DJL alone needs four passes (copy, subtract, scale, add). The Java side (Interpolator) calls it once per alpha.

Run with Debian's interpreter: /usr/bin/python3 tools/reference/make_kernels.py
"""
import os
import sys
from typing import List

import torch


class Interpolate(torch.nn.Module):
    def forward(self, outs: List[torch.Tensor], starts: List[torch.Tensor], ends: List[torch.Tensor],
                weights: List[float]) -> int:
        for i in range(len(outs)):
            torch.lerp(starts[i], ends[i], weights[i], out=outs[i])
        return len(outs)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out_dir = os.path.join(here, "..", "..", "src", "main", "resources", "org", "rftworkbench", "kernels")
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, "interpolate.pt")
    scripted = torch.jit.script(Interpolate())
    scripted.save(path)
    # self-check: the saved kernel computes lerp in place and is exact at the endpoints
    k = torch.jit.load(path)
    a, b = torch.randn(1000), torch.randn(1000)
    out = torch.empty(1000)
    for w in (0.0, 0.3, 1.0):
        k([out], [a], [b], [w])
        assert torch.equal(out, torch.lerp(a, b, w)), w
    k([out], [a], [b], [0.0])
    assert torch.equal(out, a)
    k([out], [a], [b], [1.0])
    assert torch.equal(out, b)
    print("wrote", os.path.relpath(path), os.path.getsize(path), "bytes")


if __name__ == "__main__":
    sys.exit(main())

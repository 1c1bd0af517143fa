#!/usr/bin/env python3
"""Generate the tiny random-weight diffusion renderer used by the tests of @mewm/world-model.

It has the renderer contract of a real model (see packages/world-model/src/renderer/README.md) but
random weights: it renders noise, not CT. It exists so that the ONNX session, the DDIM sampler and
the pipeline can be tested end to end without a trained model. Never use it as the default renderer.

Run with Debian's torch and onnx (not a virtualenv):

    /usr/bin/python3 models/renderer-tiny/make_tiny_renderer.py

Writes models/renderer-tiny.onnx and its model card models/renderer-tiny.json (sha256 included).
The weights come from a fixed torch seed; the script is the source of truth, the files are its output.

Contract (batch fixed at 1; D = z slowest, W = x fastest, i.e. a C-order view of an x-fastest volume):
  sample     float32 [1, 1, 32, 32, 32]  noisy sample x_t in model units ([-1, 1] at t = 0)
  condition  float32 [1, 3, 32, 32, 32]  expected HU (windowed), region mask, context HU blanked in region
  timestep   float32 [1]                 diffusion timestep t in [0, trainSteps)
  prediction float32 [1, 1, 32, 32, 32]  epsilon (the noise in x_t)
"""
import hashlib
import json
import math
import os
import sys

import torch
from torch import nn

SEED = 20250602
GRID = 32
CHANNELS = 8
EMBED = 16
OPSET = 17
TRAIN_STEPS = 1000

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = os.path.dirname(HERE)
ONNX_NAME = "renderer-tiny.onnx"


class TinyRenderer(nn.Module):
    """Three 3x3x3 convolutions; a sinusoidal timestep embedding shifts the first feature map."""

    def __init__(self):
        super().__init__()
        self.conv_in = nn.Conv3d(1 + 3, CHANNELS, kernel_size=3, padding=1)
        self.embed = nn.Linear(EMBED, CHANNELS)
        self.conv_mid = nn.Conv3d(CHANNELS, CHANNELS, kernel_size=3, padding=1)
        self.conv_out = nn.Conv3d(CHANNELS, 1, kernel_size=3, padding=1)
        half = EMBED // 2
        freqs = torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float32) / half)
        self.register_buffer("freqs", freqs)

    def forward(self, sample, condition, timestep):
        angles = timestep[:, None] * self.freqs[None, :]
        emb = self.embed(torch.cat([torch.sin(angles), torch.cos(angles)], dim=1))
        h = self.conv_in(torch.cat([sample, condition], dim=1))
        h = h + emb[:, :, None, None, None]
        h = nn.functional.silu(h)
        h = nn.functional.silu(self.conv_mid(h))
        return self.conv_out(h)


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def card(sha, size_bytes, params):
    io_shape = [1, 1, GRID, GRID, GRID]
    return {
        "schemaVersion": 1,
        "name": "renderer-tiny",
        "version": "0.1.0",
        "kind": "diffusion-renderer",
        "label": "research use only, not for clinical use",
        "description": "Tiny random-weight 3D convolutional denoiser with the renderer contract. "
        "For tests only: it renders noise, not CT.",
        "onnx": {"path": ONNX_NAME, "sha256": sha, "sizeBytes": size_bytes, "format": "onnx", "opset": OPSET},
        "inputs": [
            {"name": "sample", "dtype": "float32", "shape": io_shape, "description": "noisy sample x_t, model units"},
            {"name": "condition", "dtype": "float32", "shape": [1, 3, GRID, GRID, GRID],
             "description": "condition channels in the order of renderer.conditionChannels"},
            {"name": "timestep", "dtype": "float32", "shape": [1], "description": "diffusion timestep t"},
        ],
        "outputs": [
            {"name": "prediction", "dtype": "float32", "shape": io_shape,
             "description": "epsilon (renderer.parameterisation)"},
        ],
        "renderer": {
            "space": "pixel",
            "grid": {"shape": [GRID, GRID, GRID], "spacingMm": [2.0, 2.0, 2.0]},
            "huWindow": [-200, 300],
            "io": {"sample": "sample", "condition": "condition", "timestep": "timestep", "prediction": "prediction"},
            "conditionChannels": [
                {"name": "expectedHu", "encoding": "hu-window",
                 "meaning": "coarse expected post-treatment HU from the dynamics model, windowed to [-1, 1]"},
                {"name": "regionMask", "encoding": "binary",
                 "meaning": "1 where the renderer generates tissue, 0 where the real CT stays"},
                {"name": "contextHu", "encoding": "hu-window",
                 "meaning": "surrounding real CT windowed to [-1, 1], set to contextBlankValue inside the region"},
            ],
            "contextBlankValue": 0.0,
            "parameterisation": "epsilon",
            "noiseSchedule": {"kind": "cosine", "trainSteps": TRAIN_STEPS, "cosineOffset": 0.008, "maxBeta": 0.999},
            "defaultSteps": 8,
            "defaultEta": 0.0,
        },
        "training": {
            "data": "none: weights drawn from torch's default initialisation with seed %d" % SEED,
            "licence": "Apache-2.0 (generated by models/renderer-tiny/make_tiny_renderer.py)",
            "script": "models/renderer-tiny/make_tiny_renderer.py",
            "seed": SEED,
            "parameters": params,
        },
        "evaluation": {"kind": "none", "reason": "none: random weights, for tests only"},
        "intendedUse": "Tests of the ONNX session, the DDIM sampler and the simulation pipeline. "
        "Never the default renderer; its output is not CT.",
    }


def main():
    torch.manual_seed(SEED)
    model = TinyRenderer().eval()
    sample = torch.zeros(1, 1, GRID, GRID, GRID)
    condition = torch.zeros(1, 3, GRID, GRID, GRID)
    timestep = torch.tensor([500.0])
    onnx_path = os.path.join(MODELS, ONNX_NAME)
    with torch.no_grad():
        torch.onnx.export(
            model, (sample, condition, timestep), onnx_path,
            input_names=["sample", "condition", "timestep"], output_names=["prediction"],
            opset_version=OPSET, do_constant_folding=True,
        )
    import onnx  # imported late: only the check needs it
    onnx.checker.check_model(onnx.load(onnx_path))
    params = sum(p.numel() for p in model.parameters())
    size_bytes = os.path.getsize(onnx_path)
    if size_bytes > 200_000:
        sys.exit("renderer-tiny.onnx is %d bytes; the tiny model must stay under 200 KB" % size_bytes)
    with open(os.path.join(MODELS, "renderer-tiny.json"), "w") as f:
        json.dump(card(sha256(onnx_path), size_bytes, params), f, indent=2)
        f.write("\n")
    print("wrote %s (%d bytes, %d parameters)" % (onnx_path, size_bytes, params))


if __name__ == "__main__":
    main()

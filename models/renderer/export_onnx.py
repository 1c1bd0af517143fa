#!/usr/bin/env python3
"""Export trained renderer weights (renderer-ct.pt from train.py) to ONNX (opset 17) with its model card.

    /usr/bin/python3 models/renderer/export_onnx.py <renderer-ct.pt> <out dir> [<config.json>]

The card is written from the configuration stored in the checkpoint. A config file given as the third
argument may change only what is chosen after training - the name, version and the sampler defaults
(defaultSteps, defaultEta and the low-pass consistency, chosen on the selection regions) - and must agree with the checkpoint on
everything the weights depend on (grid, HU window, coarse map, schedule, parameterisation, sample
encoding, network).

Writes <out>/renderer-ct.onnx and <out>/renderer-ct.json (contract, grid, window, schedule, training,
sha256). The card's evaluation block is filled by `npm run renderer:evaluate` (the TypeScript pipeline
and the shipped ONNX, not torch). Checks the graph with onnx.checker and, where onnxruntime is
installed, that ONNX Runtime reproduces torch within 1e-4.
"""
import hashlib
import inspect
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from renderer_common import load_config  # noqa: E402
from renderer_model import build_model  # noqa: E402

MAX_BYTES = 50 * 1024 * 1024


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def card(cfg, sha, size, ckpt):
    D, H, W = cfg["grid"]["shape"]
    io = [1, 1, D, H, W]
    return {
        "schemaVersion": 1,
        "name": cfg["name"],
        "version": cfg["version"],
        "kind": "diffusion-renderer",
        "label": "research use only, not for clinical use",
        "description": "3D pixel-space diffusion renderer (v-prediction UNet, %d parameters) that turns a coarse "
        "expected-HU map, a region mask and the surrounding real CT into CT texture inside the region, on a "
        "%g x %g x %g mm grid of %d x %d x %d voxels (z, y, x). Trained self-supervised on real portal-venous "
        "abdominal CT; it has never seen treated tumours, so it renders what the dynamics model asks for "
        "with the texture of real CT, nothing more." % (ckpt["parameters"], *cfg["grid"]["spacingMm"], D, H, W),
        "onnx": {"path": cfg["name"] + ".onnx", "sha256": sha, "sizeBytes": size, "format": "onnx", "opset": cfg["opset"]},
        "inputs": [
            {"name": "sample", "dtype": "float32", "shape": io,
             "description": "noisy sample x_t: (CT - expectedHu) / scaleHu at t = 0 (renderer.sampleEncoding)"},
            {"name": "condition", "dtype": "float32", "shape": [1, 3, D, H, W],
             "description": "condition channels in the order of renderer.conditionChannels"},
            {"name": "timestep", "dtype": "float32", "shape": [1], "description": "diffusion timestep t"},
        ],
        "outputs": [{"name": "prediction", "dtype": "float32", "shape": io, "description": "v (renderer.parameterisation) of the sample (renderer.sampleEncoding)"}],
        "renderer": {
            "space": "pixel",
            "grid": cfg["grid"],
            "huWindow": cfg["huWindow"],
            "io": {"sample": "sample", "condition": "condition", "timestep": "timestep", "prediction": "prediction"},
            "conditionChannels": [
                {"name": "expectedHu", "encoding": "hu-window",
                 "meaning": "coarse expected post-treatment HU from the dynamics model, windowed to [-1, 1]; in training, "
                 "the real crop Gaussian-blurred (sigma %g mm) inside the region" % cfg["coarse"]["sigmaMm"]},
                {"name": "regionMask", "encoding": "binary", "meaning": "1 where the renderer generates tissue, 0 where the real CT stays"},
                {"name": "contextHu", "encoding": "hu-window",
                 "meaning": "surrounding real CT windowed to [-1, 1], set to contextBlankValue inside the region"},
            ],
            "contextBlankValue": cfg["contextBlankValue"],
            "parameterisation": cfg["parameterisation"],
            "sampleEncoding": cfg["sampleEncoding"],
            "noiseSchedule": cfg["noiseSchedule"],
            "defaultSteps": cfg["defaultSteps"],
            "defaultEta": cfg["defaultEta"],
            "conditionBlurMm": cfg["coarse"]["sigmaMm"],
            **({"lowpassConsistency": cfg["lowpassConsistency"]} if "lowpassConsistency" in cfg else {}),
        },
        "training": {
            "data": "Self-supervised on real CT resampled to the model grid: TCIA HCC-TACE-Seg HCC_048 (portal-venous, "
            "CC BY 4.0) and TCIA Colorectal-Liver-Metastases CRLM-CT-1004 (CC BY 4.0); CRLM-CT-1006 held out for "
            "evaluation. %d optimiser steps (batch %d, %.0f s on %s); held-out v-loss %.5f." % (
                ckpt["steps"], cfg["train"]["batch"], ckpt["seconds"], ckpt["device"], ckpt["heldOutLoss"]),
            "licence": "weights: Apache-2.0 (this project); training data CC BY 4.0 (TCIA: HCC-TACE-Seg, Colorectal-Liver-Metastases), "
            "attribution in ../shared/data",
            "script": "models/renderer/train.py",
            "config": "models/renderer/config.json",
            "seed": cfg["seed"],
            "parameters": ckpt["parameters"],
            "lossLog": "models/renderer/loss-log.csv",
        },
        "evaluation": {"kind": "none", "reason": "not evaluated yet: run npm run renderer:evaluate"},
        "intendedUse": "Research: rendering simulated post-treatment CT texture in the MeWM simulation pipeline. "
        "Not for clinical use; not a diagnostic image.",
    }


TRAINED_KEYS = ("grid", "huWindow", "contextBlankValue", "coarse", "noiseSchedule", "parameterisation", "sampleEncoding", "model")
AFTER_TRAINING_KEYS = ("name", "version", "defaultSteps", "defaultEta", "lowpassConsistency")


def resolve_config(ckpt, config_path=None):
    cfg = dict(ckpt.get("config") or load_config())
    if config_path is None:
        return cfg
    chosen = load_config(config_path)
    for k in TRAINED_KEYS:
        if chosen.get(k) != cfg.get(k):
            sys.exit("%s: '%s' differs from the checkpoint's training config (%r vs %r)" % (config_path, k, chosen.get(k), cfg.get(k)))
    for k in AFTER_TRAINING_KEYS:
        if k in chosen:
            cfg[k] = chosen[k]
        else:
            cfg.pop(k, None)
    return cfg


def export(ckpt_path, out_dir, config_path=None):
    ckpt = torch.load(ckpt_path, map_location="cpu")
    cfg = resolve_config(ckpt, config_path)
    model = build_model(cfg)
    model.load_state_dict(ckpt["state_dict"])
    model.eval()
    D, H, W = cfg["grid"]["shape"]
    g = torch.Generator().manual_seed(1)
    sample = torch.randn(1, 1, D, H, W, generator=g)
    condition = torch.rand(1, 3, D, H, W, generator=g) * 2 - 1
    timestep = torch.tensor([500.0])
    path = os.path.join(out_dir, cfg["name"] + ".onnx")
    with torch.no_grad():
        ref = model(sample, condition, timestep).numpy()
        # the TorchScript exporter gives opset 17 exactly; torch >= 2.9 defaults to the dynamo one
        legacy = {"dynamo": False} if "dynamo" in inspect.signature(torch.onnx.export).parameters else {}
        torch.onnx.export(model, (sample, condition, timestep), path, input_names=["sample", "condition", "timestep"],
                          output_names=["prediction"], opset_version=cfg["opset"], do_constant_folding=True, **legacy)
    import onnx
    onnx.checker.check_model(onnx.load(path))
    size = os.path.getsize(path)
    if size > MAX_BYTES:
        sys.exit("%s is %d bytes, over the 50 MB limit" % (path, size))
    try:
        import onnxruntime as ort
        sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
        got = sess.run(None, {"sample": sample.numpy(), "condition": condition.numpy(), "timestep": timestep.numpy()})[0]
        err = float(abs(got - ref).max())
        print("onnxruntime vs torch: max abs difference %.2e" % err)
        if err > 1e-4:
            sys.exit("ONNX Runtime output differs from torch by %.2e" % err)
    except ImportError:
        print("onnxruntime not installed here: checked the graph only")
    with open(os.path.join(out_dir, cfg["name"] + ".json"), "w") as f:
        json.dump(card(cfg, sha256(path), size, ckpt), f, indent=2)
        f.write("\n")
    print("wrote %s (%d bytes) and its card" % (path, size))


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: export_onnx.py <renderer-ct.pt> <out dir> [<config.json>]")
    export(*sys.argv[1:])

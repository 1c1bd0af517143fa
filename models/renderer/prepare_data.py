#!/usr/bin/env python3
"""Resample the shared real CT series to the renderer's model grid for training.

Input: NIfTI files written by `mewm ingest` (de-identified, HU, x fastest) in .renderer-cache/nifti/
(`npm run renderer:prepare` makes them from ../shared/data). Output: .renderer-cache/train/<name>.npy,
int16 HU in C-order [z, y, x] at the model spacing (config.json grid.spacingMm = [sz, sy, sx]),
resampled by trilinear interpolation without prefiltering — what the TypeScript pipeline's
resampleToGrid(..., 'linear') does to a crop — keeping the outer faces of the field of view; plus
<name>.centres.npy: model-grid voxel centres [z, y, x] around which a whole crop fits and whose
neighbourhood is homogeneous soft tissue (local mean in regions.tissueHu, local SD at most
regions.tissueMaxLocalSdHu), where training regions are placed.

    /usr/bin/python3 models/renderer/prepare_data.py
"""
import json
import os
import sys

import nibabel as nib
import numpy as np
from scipy import ndimage

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from renderer_common import load_config  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CACHE = os.path.join(ROOT, ".renderer-cache")


def resample(vol, spacing, target):
    """vol [x, y, z] at spacing (sx, sy, sz) → [x', y', z'] at target spacing; outer faces kept."""
    shape = [max(1, int(round(n * s / t))) for n, s, t in zip(vol.shape, spacing, target)]
    coords = np.meshgrid(*[(np.arange(n) + 0.5) * (t / s) - 0.5 for n, s, t in zip(shape, spacing, target)], indexing="ij")
    return ndimage.map_coordinates(vol, coords, order=1, mode="nearest", prefilter=False)


def tissue_centres(hu, cfg):
    rc = cfg["regions"]
    D, H, W = cfg["grid"]["shape"]
    size = (3, 7, 7)  # ≈ 9 × 10.5 × 10.5 mm neighbourhood
    mean = ndimage.uniform_filter(hu, size=size, mode="nearest")
    sq = ndimage.uniform_filter(hu * hu, size=size, mode="nearest")
    sd = np.sqrt(np.maximum(sq - mean * mean, 0))
    ok = (mean >= rc["tissueHu"][0]) & (mean <= rc["tissueHu"][1]) & (sd <= rc["tissueMaxLocalSdHu"])
    margin = np.zeros_like(ok)
    nz, ny, nx = hu.shape
    margin[D // 2: nz - D // 2, H // 2: ny - H // 2, W // 2: nx - W // 2] = True
    return np.argwhere(ok & margin).astype(np.int32)


def main():
    cfg = load_config()
    sz, sy, sx = cfg["grid"]["spacingMm"]
    os.makedirs(os.path.join(CACHE, "train"), exist_ok=True)
    summary = {}
    for name in cfg["data"]["train"] + cfg["data"]["heldOut"]:
        img = nib.load(os.path.join(CACHE, "nifti", name + ".nii.gz"))
        vol = np.asarray(img.dataobj, dtype=np.float32)
        spacing = [float(v) for v in img.header.get_zooms()[:3]]
        xyz = resample(vol, spacing, (sx, sy, sz))
        zyx = np.ascontiguousarray(np.clip(np.rint(xyz.transpose(2, 1, 0)), -32768, 32767).astype(np.int16))
        centres = tissue_centres(zyx.astype(np.float32), cfg)
        np.save(os.path.join(CACHE, "train", name + ".npy"), zyx)
        np.save(os.path.join(CACHE, "train", name + ".centres.npy"), centres)
        summary[name] = {"sourceSpacingMm": spacing, "shapeZYX": list(zyx.shape), "tissueCentres": int(len(centres))}
        print(name, summary[name])
    with open(os.path.join(CACHE, "train", "summary.json"), "w") as f:
        json.dump(summary, f, indent=2)


if __name__ == "__main__":
    main()

"""Shared pieces of the renderer's training: config, noise schedule, HU window, the coarse condition map
and the random lesion-like regions. Torch tensors throughout, so the same code runs on CPU or GPU.

Array layout: C-order [D, H, W] = [z, y, x] (x fastest), the layout of packages/world-model's
renderer contract. Research use only, not for clinical use.
"""
import json
import math
import os

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))


def _merge(base, over):
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(base[k], v) if isinstance(v, dict) and isinstance(base.get(k), dict) else v
    return out


def load_config(path=None):
    """The training config. A variant file may name `"extends": "<file>"` (relative to itself) and
    override any keys (deep merge), e.g. variants/*.json over config.json."""
    path = path or os.path.join(HERE, "config.json")
    with open(path) as f:
        cfg = json.load(f)
    base = cfg.pop("extends", None)
    if base is not None:
        cfg = _merge(load_config(os.path.join(os.path.dirname(os.path.abspath(path)), base)), cfg)
    return cfg


def alpha_bars(schedule):
    """ᾱ[t], t = 0..T-1, as packages/world-model/src/renderer/noise-schedule.ts computes it (float64)."""
    T = schedule["trainSteps"]
    s = schedule["cosineOffset"]
    g = lambda u: math.cos((u + s) / (1 + s) * math.pi / 2) ** 2  # noqa: E731
    out, prod = [], 1.0
    for t in range(T):
        beta = min(1 - g((t + 1) / T) / g(t / T), schedule["maxBeta"])
        prod *= 1 - beta
        out.append(prod)
    return torch.tensor(out, dtype=torch.float64)


def hu_to_model(hu, window):
    lo, hi = window
    return torch.clamp((hu - lo) * (2.0 / (hi - lo)) - 1.0, -1.0, 1.0)


def gaussian_kernel(sigma_vox, truncate):
    """scipy.ndimage.gaussian_filter1d's kernel: radius int(truncate·σ + 0.5), normalised."""
    radius = int(truncate * sigma_vox + 0.5)
    x = torch.arange(-radius, radius + 1, dtype=torch.float64)
    k = torch.exp(-0.5 * (x / sigma_vox) ** 2)
    return (k / k.sum()).float(), radius


def gaussian_blur(vol, spacing_mm, sigma_mm, truncate):
    """Separable Gaussian of a batch [B, 1, D, H, W], 'nearest' edges (scipy mode='nearest')."""
    out = vol
    for axis, sp in enumerate(spacing_mm):  # axis 0 = D (z), 1 = H (y), 2 = W (x)
        k, r = gaussian_kernel(sigma_mm / sp, truncate)
        k = k.to(vol.device)
        shape = [1, 1, 1, 1, 1]
        shape[2 + axis] = 2 * r + 1
        pad = [0, 0, 0, 0, 0, 0]  # F.pad order: W left/right, H, D
        pad[2 * (2 - axis)] = r
        pad[2 * (2 - axis) + 1] = r
        out = F.conv3d(F.pad(out, pad, mode="replicate"), k.view(shape))
    return out


def coarse_from_real(hu, region, spacing_mm, coarse_cfg):
    """The coarse condition map: Gaussian-blurred real HU inside the region, the real HU outside it.
    Mirrors packages/world-model's coarseFromReal (σ in mm per axis, scipy 'nearest' semantics)."""
    blurred = gaussian_blur(hu, spacing_mm, coarse_cfg["sigmaMm"], coarse_cfg["truncate"])
    return torch.where(region > 0.5, blurred, hu)


def build_condition(hu, region, cfg):
    """([B, 3, D, H, W] condition, coarse HU): expectedHu (coarse, windowed), regionMask, contextHu
    (windowed, blanked in the region)."""
    window = cfg["huWindow"]
    spacing = cfg["grid"]["spacingMm"]
    coarse = coarse_from_real(hu, region, spacing, cfg["coarse"])
    context = torch.where(region > 0.5, torch.full_like(hu, cfg["contextBlankValue"]), hu_to_model(hu, window))
    return torch.cat([hu_to_model(coarse, window), region, context], dim=1), coarse


def encode_sample(hu, coarse, cfg):
    """The diffusion target x0 (config sampleEncoding): 'residual' → (hu − coarse) / scaleHu clipped to ±clip,
    as packages/world-model's sample-encoding.ts decodes it; 'hu-window' → the windowed HU."""
    enc = cfg.get("sampleEncoding", {"kind": "hu-window"})
    if enc["kind"] == "residual":
        return torch.clamp((hu - coarse) / enc["scaleHu"], -enc["clip"], enc["clip"])
    return hu_to_model(hu, cfg["huWindow"])


def random_regions(batch, cfg, generator, device):
    """Lesion-like regions [B, 1, D, H, W] centred near the middle of the crop: rotated ellipsoids with a
    smooth random boundary (low-frequency noise field), sometimes the union of two. Vectorised over
    the batch (no host round trips), so region drawing never starves the GPU."""
    D, H, W = cfg["grid"]["shape"]
    sz, sy, sx = cfg["grid"]["spacingMm"]
    rc = cfg["regions"]
    rmin, rmax = rc["radiusMm"]
    zz = (torch.arange(D, device=device) - (D - 1) / 2) * sz
    yy = (torch.arange(H, device=device) - (H - 1) / 2) * sy
    xx = (torch.arange(W, device=device) - (W - 1) / 2) * sx
    grid = torch.stack(torch.meshgrid(zz, yy, xx, indexing="ij"), dim=-1)  # [D, H, W, 3] mm
    spacing = torch.tensor([sz, sy, sx], device=device)
    u = lambda *s: torch.rand(*s, generator=generator, device=device)  # noqa: E731
    base = rmin + (rmax - rmin) * u(batch, 1)
    second = u(batch) < rc["secondBlobProbability"]
    mask = torch.zeros(batch, D, H, W, dtype=torch.bool, device=device)
    for k in range(2):
        radii = base * (1.0 / rc["maxAspect"] + (1 - 1.0 / rc["maxAspect"]) * u(batch, 3)) * (0.6 if k > 0 else 1.0)
        centre = (u(batch, 3) - 0.5) * 2 * spacing * rc["centreJitterVoxels"]
        if k > 0:
            centre = centre + (u(batch, 3) - 0.5) * base * 1.5
        q, _ = torch.linalg.qr(torch.randn(batch, 3, 3, generator=generator, device=device))
        p = torch.matmul(grid[None] - centre[:, None, None, None, :], q[:, None, None])  # [B, D, H, W, 3]
        rho = torch.sqrt(((p / radii[:, None, None, None, :]) ** 2).sum(-1))
        noise = torch.randn(batch, 1, 4, 6, 6, generator=generator, device=device)
        noise = F.interpolate(noise, size=(D, H, W), mode="trilinear", align_corners=True)[:, 0]
        blob = rho + rc["boundaryJitter"] * noise * torch.clamp(rho, max=1.0) < 1.0
        mask |= blob if k == 0 else blob & second[:, None, None, None]
    return mask[:, None].float()


def dilate(mask, voxels):
    if voxels <= 0:
        return mask
    k = 2 * voxels + 1
    return F.max_pool3d(mask, kernel_size=k, stride=1, padding=voxels)

#!/usr/bin/env python3
"""Train the CT renderer self-supervised on real CT (no treatment labels needed).

From a real crop x on the model grid: a random lesion-like region R; the condition is the coarse map
(x Gaussian-blurred by coarse.sigmaMm inside R, x outside), R itself, and x outside R (blanked inside);
the target is x as the config's sampleEncoding says — by default the residual (x − coarse) / scaleHu, so
CT texture of a few HU is a sizeable signal — (v-prediction, cosine schedule, loss weighted towards R). At inference the coarse map
inside R comes from the dynamics model instead. Held-out series (config data.heldOut) never enter
training; a fixed set of held-out crops gives the validation loss in the log.

    /usr/bin/python3 models/renderer/train.py --device cuda --out <dir>   # the shipped weights (GPU)
    /usr/bin/python3 models/renderer/train.py --device cpu --out <dir>    # same recipe on this 2-core CPU

The run is time-budgeted (config train.gpuMinutes / cpuMinutes); the learning rate follows a cosine
over the elapsed fraction of that budget, so the step count depends on the machine (it is logged).
Writes <out>/renderer-ct.pt (EMA weights), <out>/loss-log.csv and, with --export, the ONNX + card.
Research use only, not for clinical use.
"""
import argparse
import contextlib
import copy
import math
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from renderer_common import alpha_bars, build_condition, dilate, encode_sample, load_config, random_regions  # noqa: E402
from renderer_model import build_model  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class CropSource:
    """Random crops [B, 1, D, H, W] (HU, float32) centred on soft-tissue centres of the given series, with
    a fraction (regions.homogeneousFraction) centred where the tissue is homogeneous (local SD over
    ~9 x 10.5 x 10.5 mm at most regions.homogeneousMaxLocalSdHu) - the parenchyma a rendered lesion
    mostly sits in. Random flips of each axis and an in-plane transpose; everything is gathered on the
    device in one indexing operation (no per-crop Python loop)."""

    def __init__(self, names, cfg, device, data_dir):
        self.cfg = cfg
        self.device = device
        rc = cfg["regions"]
        flat, offsets, strides, centres, homogeneous = [], [], [], [], []
        base = 0
        for v, n in enumerate(names):
            vol = torch.from_numpy(np.load(os.path.join(data_dir, n + ".npy")).astype(np.float32)).to(device)
            c = torch.from_numpy(np.load(os.path.join(data_dir, n + ".centres.npy")).astype(np.int64)).to(device)
            nz, ny, nx = vol.shape
            # local SD as prepare_data.py computes it (uniform 3 x 7 x 7 window)
            pad = (3, 3, 3, 3, 1, 1)
            v5 = torch.nn.functional.pad(vol[None, None], pad, mode="replicate")
            mean = torch.nn.functional.avg_pool3d(v5, (3, 7, 7), stride=1)[0, 0]
            sq = torch.nn.functional.avg_pool3d(v5 * v5, (3, 7, 7), stride=1)[0, 0]
            sd = torch.sqrt(torch.clamp(sq - mean * mean, min=0))
            homogeneous.append(sd[c[:, 0], c[:, 1], c[:, 2]] <= rc.get("homogeneousMaxLocalSdHu", rc["tissueMaxLocalSdHu"]))
            centres.append(torch.cat([torch.full((len(c), 1), v, device=device, dtype=torch.int64), c], dim=1))
            flat.append(vol.reshape(-1))
            offsets.append(base)
            strides.append((ny * nx, nx))
            base += vol.numel()
        self.flat = torch.cat(flat)
        self.offsets = torch.tensor(offsets, device=device, dtype=torch.int64)
        self.strides = torch.tensor(strides, device=device, dtype=torch.int64)
        self.centres = torch.cat(centres)
        self.homogeneous = self.centres[torch.cat(homogeneous)]
        self.fraction = rc.get("homogeneousFraction", 0.0) if len(self.homogeneous) > 0 else 0.0

    def sample(self, batch, gen, augment=True):
        D, H, W = self.cfg["grid"]["shape"]
        dev = self.device
        n_h = int(round(self.fraction * batch))
        pick = torch.cat([
            self.homogeneous[torch.randint(len(self.homogeneous), (n_h,), generator=gen, device=dev)] if n_h else self.centres[:0],
            self.centres[torch.randint(len(self.centres), (batch - n_h,), generator=gen, device=dev)],
        ])
        v, cz, cy, cx = pick.unbind(1)
        oz = torch.arange(D, device=dev) - D // 2
        oy = torch.arange(H, device=dev) - H // 2
        ox = torch.arange(W, device=dev) - W // 2
        if augment:
            flips = torch.rand(batch, 4, generator=gen, device=dev) < 0.5
            oz = torch.where(flips[:, :1], oz.flip(0), oz)
            oy = torch.where(flips[:, 1:2], oy.flip(0), oy)
            ox = torch.where(flips[:, 2:3], ox.flip(0), ox)
            transpose = flips[:, 3]
        else:
            oz, oy, ox = oz.expand(batch, D), oy.expand(batch, H), ox.expand(batch, W)
            transpose = torch.zeros(batch, dtype=torch.bool, device=dev)
        zi = (cz[:, None] + oz)[:, :, None, None]
        yi = (cy[:, None] + oy)[:, :, None].expand(batch, H, W)
        xi = (cx[:, None] + ox)[:, None, :].expand(batch, H, W)
        t = transpose[:, None, None]
        yi, xi = torch.where(t, yi.transpose(1, 2), yi), torch.where(t, xi.transpose(1, 2), xi)
        s = self.strides[v]
        lin = self.offsets[v][:, None, None, None] + zi * s[:, 0, None, None, None] + (yi * s[:, 1, None, None] + xi)[:, None]
        return self.flat[lin][:, None].contiguous()


def autocast(enabled):
    """bf16 autocast on CUDA; nothing on CPU (Debian's CPU-only torch cannot even construct a CUDA autocast)."""
    return torch.autocast(device_type="cuda", dtype=torch.bfloat16) if enabled else contextlib.nullcontext()


def v_loss(model, hu, region, t, noise, abar, cfg, amp):
    """Region-weighted MSE of the v-prediction. The condition, x_t and the target are built in float32
    (a bf16 blur would round HU); only the network runs under autocast."""
    cond, coarse = build_condition(hu, region, cfg)
    x0 = encode_sample(hu, coarse, cfg)
    a = abar[t].float().view(-1, 1, 1, 1, 1)
    xt = a.sqrt() * x0 + (1 - a).sqrt() * noise
    target = a.sqrt() * noise - (1 - a).sqrt() * x0
    with autocast(amp):
        pred = model(xt, cond, t.float())
    lc = cfg["loss"]
    w = lc["outsideWeight"] + (lc["regionWeight"] - lc["outsideWeight"]) * dilate(region, lc["dilateVoxels"])
    return (w * (pred.float() - target) ** 2).sum() / w.sum()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--out", required=True)
    ap.add_argument("--data", default=os.path.join(ROOT, ".renderer-cache", "train"))
    ap.add_argument("--minutes", type=float, help="override the config's time budget")
    ap.add_argument("--max-steps", type=int, default=0, help="stop after this many steps (0: time budget only)")
    ap.add_argument("--export", action="store_true", help="export ONNX + card into --out when done")
    ap.add_argument("--config", help="config file (default config.json; variants/*.json extend it)")
    ap.add_argument("--batch", type=int, help="override the config's batch (smoke tests)")
    ap.add_argument("--checkpoint-every", type=float, default=60.0, help="seconds between EMA checkpoints (0: only at the end)")
    args = ap.parse_args()

    cfg = load_config(args.config)
    if args.batch:
        cfg["train"]["batch"] = args.batch
    tc = cfg["train"]
    device = torch.device(args.device)
    torch.backends.cudnn.benchmark = device.type == "cuda"
    torch.manual_seed(cfg["seed"])
    gen = torch.Generator(device=device).manual_seed(cfg["seed"])
    os.makedirs(args.out, exist_ok=True)

    train = CropSource(cfg["data"]["train"], cfg, device, args.data)
    held = CropSource(cfg["data"]["heldOut"], cfg, device, args.data)
    vgen = torch.Generator(device=device).manual_seed(cfg["seed"] + 1)
    val = [(held.sample(8, vgen, augment=False), random_regions(8, cfg, vgen, device)) for _ in range(4)]
    val_t = torch.linspace(50, 950, 8, device=device).long()
    val_noise = [torch.randn(8, 1, *cfg["grid"]["shape"], generator=vgen, device=device) for _ in range(4)]

    model = build_model(cfg).to(device)
    ema = copy.deepcopy(model).eval()
    for p in ema.parameters():
        p.requires_grad_(False)
    params = sum(p.numel() for p in model.parameters())
    opt = torch.optim.AdamW(model.parameters(), lr=tc["lr"], weight_decay=tc["weightDecay"])
    abar = alpha_bars(cfg["noiseSchedule"]).to(device)
    T = cfg["noiseSchedule"]["trainSteps"]
    budget = 60 * (args.minutes if args.minutes is not None else tc["gpuMinutes" if device.type == "cuda" else "cpuMinutes"])
    amp = device.type == "cuda"
    print(f"device {device}, {params} parameters, budget {budget:.0f} s", flush=True)

    def save(held_out_loss):
        """EMA weights + the resolved config, written atomically (a run cut short keeps its last one)."""
        path = os.path.join(args.out, "renderer-ct.pt")
        torch.save({"state_dict": ema.state_dict(), "steps": step, "seconds": time.time() - t_start, "config": cfg,
                    "device": str(torch.cuda.get_device_name(0) if amp else "cpu"), "parameters": params,
                    "heldOutLoss": held_out_loss}, path + ".part")
        os.replace(path + ".part", path)

    def held_out_loss():
        with torch.no_grad():
            return float(np.mean([v_loss(ema, h, r, val_t, n, abar, cfg, amp).item() for (h, r), n in zip(val, val_noise)]))

    log = open(os.path.join(args.out, "loss-log.csv"), "w")
    log.write("step,seconds,lr,trainLoss,heldOutLoss\n")
    t_start = time.time()
    step, window = 0, []
    last_save = t_start
    while True:
        elapsed = time.time() - t_start
        frac = elapsed / budget
        if frac >= 1 or (args.max_steps and step >= args.max_steps):
            break
        lr = tc["lr"] * min(1.0, (step + 1) / tc["warmupSteps"]) * 0.5 * (1 + math.cos(math.pi * min(frac, 1.0)))
        for g in opt.param_groups:
            g["lr"] = lr
        hu = train.sample(tc["batch"], gen)
        region = random_regions(tc["batch"], cfg, gen, device)
        t = torch.randint(0, T, (tc["batch"],), generator=gen, device=device)
        noise = torch.randn(hu.shape, generator=gen, device=device)
        loss = v_loss(model, hu, region, t, noise, abar, cfg, amp)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        with torch.no_grad():
            d = min(tc["emaDecay"], (1 + step) / (10 + step))
            ema_params = list(ema.parameters())
            torch._foreach_mul_(ema_params, d)
            torch._foreach_add_(ema_params, [p.detach() for p in model.parameters()], alpha=1 - d)
        window.append(loss.detach())
        step += 1
        if step % tc["logEvery"] == 0:
            held = "%.6f" % held_out_loss() if step % (tc["logEvery"] * 10) == 0 else ""
            train_loss = torch.stack(window).mean().item()
            log.write(f"{step},{time.time() - t_start:.1f},{lr:.3e},{train_loss:.6f},{held}\n")
            log.flush()
            print(f"step {step} {time.time() - t_start:.0f}s loss {train_loss:.5f} held-out {held}", flush=True)
            window = []
            if args.checkpoint_every and time.time() - last_save >= args.checkpoint_every:
                save(float("nan"))
                last_save = time.time()
    final_held = held_out_loss()
    log.write(f"{step},{time.time() - t_start:.1f},0,,{final_held:.6f}\n")
    log.close()
    save(final_held)
    print(f"done: {step} steps in {time.time() - t_start:.0f} s, held-out v-loss {final_held:.5f}", flush=True)
    if args.export:
        from export_onnx import export
        export(os.path.join(args.out, "renderer-ct.pt"), args.out)


if __name__ == "__main__":
    main()

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
    """Random crops [B, 1, D, H, W] (HU, float32) centred on soft-tissue centres of the given series."""

    def __init__(self, names, cfg, device, data_dir):
        self.cfg = cfg
        self.vols = [torch.from_numpy(np.load(os.path.join(data_dir, n + ".npy")).astype(np.float32)).to(device) for n in names]
        self.centres = [np.load(os.path.join(data_dir, n + ".centres.npy")) for n in names]
        counts = np.array([len(c) for c in self.centres], dtype=np.float64)
        self.p = counts / counts.sum()

    def sample(self, batch, rng, augment=True):
        D, H, W = self.cfg["grid"]["shape"]
        crops = []
        for _ in range(batch):
            v = rng.choice(len(self.vols), p=self.p)
            cz, cy, cx = self.centres[v][rng.integers(len(self.centres[v]))]
            crop = self.vols[v][cz - D // 2: cz - D // 2 + D, cy - H // 2: cy - H // 2 + H, cx - W // 2: cx - W // 2 + W]
            if augment:
                dims = [d for d in range(3) if rng.random() < 0.5]
                if dims:
                    crop = torch.flip(crop, dims)
                if rng.random() < 0.5:
                    crop = crop.transpose(1, 2)
            crops.append(crop)
        return torch.stack(crops)[:, None].contiguous()


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
    args = ap.parse_args()

    cfg = load_config()
    tc = cfg["train"]
    device = torch.device(args.device)
    torch.backends.cudnn.benchmark = device.type == "cuda"
    torch.manual_seed(cfg["seed"])
    rng = np.random.default_rng(cfg["seed"])
    gen = torch.Generator(device=device).manual_seed(cfg["seed"])
    os.makedirs(args.out, exist_ok=True)

    train = CropSource(cfg["data"]["train"], cfg, device, args.data)
    held = CropSource(cfg["data"]["heldOut"], cfg, device, args.data)
    vrng = np.random.default_rng(cfg["seed"] + 1)
    vgen = torch.Generator(device=device).manual_seed(cfg["seed"] + 1)
    val = [(held.sample(8, vrng, augment=False), random_regions(8, cfg, vgen, device)) for _ in range(4)]
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

    log = open(os.path.join(args.out, "loss-log.csv"), "w")
    log.write("step,seconds,lr,trainLoss,heldOutLoss\n")
    t_start = time.time()
    step, window = 0, []
    while True:
        elapsed = time.time() - t_start
        frac = elapsed / budget
        if frac >= 1 or (args.max_steps and step >= args.max_steps):
            break
        lr = tc["lr"] * min(1.0, (step + 1) / tc["warmupSteps"]) * 0.5 * (1 + math.cos(math.pi * min(frac, 1.0)))
        for g in opt.param_groups:
            g["lr"] = lr
        hu = train.sample(tc["batch"], rng)
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
            for pe, pm in zip(ema.parameters(), model.parameters()):
                pe.mul_(d).add_(pm.detach(), alpha=1 - d)
        window.append(loss.item())
        step += 1
        if step % tc["logEvery"] == 0:
            held_loss = ""
            if step % (tc["logEvery"] * 10) == 0:
                with torch.no_grad():
                    held_loss = "%.6f" % np.mean([v_loss(ema, h, r, val_t, n, abar, cfg, amp).item() for (h, r), n in zip(val, val_noise)])
            log.write(f"{step},{time.time() - t_start:.1f},{lr:.3e},{np.mean(window):.6f},{held_loss}\n")
            log.flush()
            print(f"step {step} {time.time() - t_start:.0f}s loss {np.mean(window):.5f} held-out {held_loss}", flush=True)
            window = []
    with torch.no_grad():
        final_held = float(np.mean([v_loss(ema, h, r, val_t, n, abar, cfg, amp).item() for (h, r), n in zip(val, val_noise)]))
    log.write(f"{step},{time.time() - t_start:.1f},0,,{final_held:.6f}\n")
    log.close()
    torch.save({"state_dict": ema.state_dict(), "steps": step, "seconds": time.time() - t_start,
                "device": str(torch.cuda.get_device_name(0) if amp else "cpu"), "parameters": params,
                "heldOutLoss": final_held}, os.path.join(args.out, "renderer-ct.pt"))
    print(f"done: {step} steps in {time.time() - t_start:.0f} s, held-out v-loss {final_held:.5f}", flush=True)
    if args.export:
        from export_onnx import export
        export(os.path.join(args.out, "renderer-ct.pt"), args.out)


if __name__ == "__main__":
    main()

"""The renderer network: a small 3-level 3D UNet denoiser (v-prediction) conditioned by concatenation.

Inputs follow the renderer contract (packages/world-model/src/renderer/README.md): sample x_t
[1, 1, D, H, W], condition [1, 3, D, H, W] and timestep [1] (float). Down-sampling by strided
convolutions, up-sampling by transposed convolutions with additive skips (cheaper than concatenation
at full resolution, which dominates the cost); the timestep enters every residual block as a bias.
Research use only, not for clinical use.
"""
import math

import torch
from torch import nn


class ResBlock(nn.Module):
    def __init__(self, cin, cout, temb, groups):
        super().__init__()
        self.norm1 = nn.GroupNorm(groups, cin)
        self.conv1 = nn.Conv3d(cin, cout, 3, padding=1)
        self.emb = nn.Linear(temb, cout)
        self.norm2 = nn.GroupNorm(groups, cout)
        self.conv2 = nn.Conv3d(cout, cout, 3, padding=1)
        self.skip = nn.Identity() if cin == cout else nn.Conv3d(cin, cout, 1)
        nn.init.zeros_(self.conv2.weight)
        nn.init.zeros_(self.conv2.bias)

    def forward(self, x, emb):
        h = self.conv1(nn.functional.silu(self.norm1(x)))
        h = h + self.emb(emb)[:, :, None, None, None]
        h = self.conv2(nn.functional.silu(self.norm2(h)))
        return h + self.skip(x)


class RendererUNet(nn.Module):
    def __init__(self, channels=(16, 32, 64), groups=4, time_embed=64, mid_blocks=2, condition_channels=3):
        super().__init__()
        c1, c2, c3 = channels
        temb = time_embed * 2
        half = time_embed // 2
        self.register_buffer("freqs", torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float32) / half))
        self.time = nn.Sequential(nn.Linear(time_embed, temb), nn.SiLU(), nn.Linear(temb, temb))
        self.conv_in = nn.Conv3d(1 + condition_channels, c1, 3, padding=1)
        self.enc1 = ResBlock(c1, c1, temb, groups)
        self.down1 = nn.Conv3d(c1, c2, 3, stride=2, padding=1)
        self.enc2 = ResBlock(c2, c2, temb, groups)
        self.down2 = nn.Conv3d(c2, c3, 3, stride=2, padding=1)
        self.mid = nn.ModuleList([ResBlock(c3, c3, temb, groups) for _ in range(mid_blocks)])
        self.up2 = nn.ConvTranspose3d(c3, c2, 2, stride=2)
        self.dec2 = ResBlock(c2, c2, temb, groups)
        self.up1 = nn.ConvTranspose3d(c2, c1, 2, stride=2)
        self.dec1 = ResBlock(c1, c1, temb, groups)
        self.norm_out = nn.GroupNorm(groups, c1)
        self.conv_out = nn.Conv3d(c1, 1, 3, padding=1)

    def forward(self, sample, condition, timestep):
        angles = timestep.float()[:, None] * self.freqs[None, :]
        emb = self.time(torch.cat([torch.sin(angles), torch.cos(angles)], dim=1))
        h1 = self.enc1(self.conv_in(torch.cat([sample, condition], dim=1)), emb)
        h2 = self.enc2(self.down1(h1), emb)
        h = self.down2(h2)
        for block in self.mid:
            h = block(h, emb)
        h = self.dec2(self.up2(h) + h2, emb)
        h = self.dec1(self.up1(h) + h1, emb)
        return self.conv_out(nn.functional.silu(self.norm_out(h)))


def build_model(cfg):
    m = cfg["model"]
    return RendererUNet(tuple(m["channels"]), m["groups"], m["timeEmbed"], m["midBlocks"])

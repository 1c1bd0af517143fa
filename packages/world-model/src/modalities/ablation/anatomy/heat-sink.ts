/**
 * Heat sink: blood flowing in vessels ≥ 3 mm cools the tissue next to them, which then escapes
 * ablation (Lu et al. 2002: viable perivascular tissue next to veins > 3 mm after RFA; MWA is less
 * affected, Primavesi et al. 2018), and such vessels stay patent, so their lumen is not ablated tissue.
 *
 * Model: every vessel voxel whose local diameter D ≥ `ablation.heatSink.vesselDiameterMm` spares the
 * zone within a cooling depth
 *   RFA: min(max, depthAt3 + perMm · (D − 3)),   MWA: relativeCooling × the RFA depth,
 * and its own voxel. Applied in one pass with a generalised distance transform (f = −depth² on the
 * vessel voxels: a voxel is spared when it lies inside any vessel voxel's ball).
 */
import type { Vec3 } from '@mewm/dicom';
import { lowerEnvelopeTransformMm } from '../../../dynamics/distance-transform-mm.ts';
import type { ParameterReader } from '../../../outcome/parameter-reader.ts';

/** Depth (mm) of tissue left unablated next to a vessel of `diameterMm` (0 below the heat-sink size). */
export function coolingDepthMm(technique: 'rfa' | 'mwa', diameterMm: number, read: ParameterReader): number {
  const threshold = read('ablation.heatSink.vesselDiameterMm');
  if (!(diameterMm >= threshold)) return 0;
  const rfa = Math.min(
    read('ablation.heatSink.coolingDepthMaxMm'),
    read('ablation.heatSink.rfa.coolingDepthAt3MmVesselMm') + read('ablation.heatSink.rfa.coolingDepthPerMmMm') * (diameterMm - threshold),
  );
  return technique === 'rfa' ? rfa : rfa * read('ablation.heatSink.mwa.relativeCooling');
}

export interface HeatSinkResult {
  /** The zone without patent large-vessel lumen (no cooling): what the margin would be without the heat sink. */
  zoneWithoutCooling: Uint8Array;
  /** The zone after cooling. */
  zone: Uint8Array;
  /** Zone voxels spared by cooling (not counting lumen). */
  sparedVoxels: number;
}

/**
 * @param zone 1 = ablated before cooling
 * @param vesselDiameters local vessel diameter per voxel (0 = not vessel), vesselDiameterMap
 */
export function applyHeatSink(
  zone: Uint8Array, vesselDiameters: Float32Array, technique: 'rfa' | 'mwa', dims: Vec3, spacingMm: Vec3, read: ParameterReader,
): HeatSinkResult {
  const n = zone.length;
  const threshold = read('ablation.heatSink.vesselDiameterMm');
  const f = new Float64Array(n).fill(Infinity);
  const zoneWithoutCooling = new Uint8Array(zone);
  let anyBall = false;
  for (let v = 0; v < n; v++) {
    const d = vesselDiameters[v]!;
    if (!(d >= threshold)) continue;
    zoneWithoutCooling[v] = 0;
    const depth = coolingDepthMm(technique, d, read);
    if (depth > 0) {
      f[v] = -depth * depth;
      anyBall = true;
    }
  }
  const out = new Uint8Array(zoneWithoutCooling);
  let sparedVoxels = 0;
  if (anyBall) {
    const g = lowerEnvelopeTransformMm(f, dims, spacingMm);
    for (let v = 0; v < n; v++) {
      if (out[v] && g[v]! < 0) {
        out[v] = 0;
        sparedVoxels++;
      }
    }
  }
  return { zoneWithoutCooling, zone: out, sparedVoxels };
}

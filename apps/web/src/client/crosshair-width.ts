/**
 * Crosshair lines that stay visible at any tile size. NiiVue draws the 2D crosshair as thin cylinders
 * whose width is in voxels by default (0.8 mm on our CT): in a small tile (~1.2 mm per screen pixel)
 * that is under a pixel and the rasteriser drops one line or the other. The width in mm that makes a
 * line `linePx` screen pixels wide in a tile showing `fovMm` across `tilePx` device pixels.
 */
export function crosshairWidthMm(fovMm: number, tilePx: number, linePx = 1.5): number {
  if (!(fovMm > 0) || !(tilePx > 0)) return 1;
  return (linePx * fovMm) / tilePx;
}

/**
 * Key slices for the plan report: axial and coronal planes through the centre of the largest lesion,
 * pre-treatment CT vs simulated post-treatment CT, liver window, radiological orientation, square pixels.
 */
import { sameGrid, type LabelVolume, type Volume } from '@mewm/dicom';
import type { KeySliceImages } from '../plan/contracts.ts';
import { assertCtWindow, LIVER_WINDOW, windowToGrey, type CtWindow } from './ct-window.ts';
import { encodePng, type RasterImage } from './encode-png.ts';
import { largestLesion } from './largest-lesion.ts';
import { ReportInputError } from './report-errors.ts';
import { samplePlane, slicePlane, type SliceOrientation, type SlicePlane } from './slice-plane.ts';

export interface KeySliceOptions {
  /** Display window; default the liver window W 150 / L 60 HU. */
  window?: CtWindow;
  /** Draw the pre-treatment lesion outline (1 px, amber) on every image; default true. */
  outline?: boolean;
  /** Longest image side, px; default 1024. */
  maxPx?: number;
}

/** Colour of the lesion outline (amber: visible on grey, distinct from the report's curve colours). */
export const OUTLINE_RGB: readonly [number, number, number] = [255, 176, 0];

/** HU given to pixels outside the volume (displayed black). */
const OUTSIDE_HU = -1024;

/** The planes used by renderKeySlices (exposed for tests and for captions). */
export function keySlicePlanes(grid: Volume | LabelVolume, lesionMask: LabelVolume, maxPx = 1024): Record<SliceOrientation, SlicePlane> {
  const through = largestLesion(lesionMask).centreVoxelRas;
  return { axial: slicePlane(grid, 'axial', through, maxPx), coronal: slicePlane(grid, 'coronal', through, maxPx) };
}

/**
 * Render axial and coronal key slices (PNG) of `pre` and `post` through the largest lesion's centre.
 * Images: patient's right on the image left; anterior up (axial), superior up (coronal).
 * @throws ReportInputError when the three grids differ, the mask is empty or the window is invalid
 */
export function renderKeySlices(pre: Volume, post: Volume, lesionMask: LabelVolume, opts: KeySliceOptions = {}): KeySliceImages {
  const window = opts.window ?? LIVER_WINDOW;
  assertCtWindow(window);
  if (!sameGrid(pre, post)) throw new ReportInputError('renderKeySlices: pre and post volumes are not on the same grid');
  if (!sameGrid(pre, lesionMask)) throw new ReportInputError('renderKeySlices: lesionMask is not on the CT grid');
  for (const [name, v] of [['pre', pre], ['post', post], ['lesionMask', lesionMask]] as const) {
    const n = v.dims[0] * v.dims[1] * v.dims[2];
    if (v.data.length !== n) throw new ReportInputError(`renderKeySlices: ${name} has ${v.data.length} voxels, dims need ${n}`);
  }
  const maxPx = opts.maxPx ?? 1024;
  const outline = opts.outline ?? true;
  const fixed = preSlices(pre, lesionMask, { window, outline, maxPx });
  const render = (vol: Volume, orientation: SliceOrientation): Uint8Array => {
    const plane = fixed.planes[orientation];
    return encodePng(toRaster(samplePlane(vol, plane, 'linear', OUTSIDE_HU), plane, window, fixed.edges[orientation]));
  };
  return {
    axialPre: fixed.axialPre,
    axialPost: render(post, 'axial'),
    coronalPre: fixed.coronalPre,
    coronalPost: render(post, 'coronal'),
  };
}

/** What every candidate's key slices share: the planes, the outline and the pre-treatment images. */
interface PreSlices {
  planes: Record<SliceOrientation, SlicePlane>;
  edges: Record<SliceOrientation, Uint8Array | undefined>;
  axialPre: Uint8Array;
  coronalPre: Uint8Array;
}

/** Per pre-treatment CT and lesion mask (volumes are not modified in place), per display options. */
const preSlicesMemo = new WeakMap<Volume, WeakMap<LabelVolume, Map<string, PreSlices>>>();

function preSlices(pre: Volume, lesionMask: LabelVolume, o: { window: CtWindow; outline: boolean; maxPx: number }): PreSlices {
  const key = JSON.stringify([o.window, o.outline, o.maxPx]);
  let byMask = preSlicesMemo.get(pre);
  if (!byMask) preSlicesMemo.set(pre, (byMask = new WeakMap()));
  let byOptions = byMask.get(lesionMask);
  if (!byOptions) byMask.set(lesionMask, (byOptions = new Map<string, PreSlices>()));
  const hit = byOptions.get(key);
  if (hit) return hit;
  const planes = keySlicePlanes(pre, lesionMask, o.maxPx);
  const edge = (plane: SlicePlane) => (o.outline ? outlinePixels(samplePlane(lesionMask, plane, 'nearest', 0), plane) : undefined);
  const edges = { axial: edge(planes.axial), coronal: edge(planes.coronal) };
  const image = (orientation: SliceOrientation) =>
    encodePng(toRaster(samplePlane(pre, planes[orientation], 'linear', OUTSIDE_HU), planes[orientation], o.window, edges[orientation]));
  const made: PreSlices = { planes, edges, axialPre: image('axial'), coronalPre: image('coronal') };
  byOptions.set(key, made);
  return made;
}

/** Mask pixels with a 4-neighbour outside the mask (a 1-pixel inner outline). */
function outlinePixels(mask: Float32Array, plane: SlicePlane): Uint8Array {
  const w = plane.widthPx, h = plane.heightPx;
  const out = new Uint8Array(w * h);
  const inside = (c: number, r: number) => c >= 0 && r >= 0 && c < w && r < h && mask[c + w * r]! > 0;
  for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) {
    if (!inside(c, r)) continue;
    if (!inside(c - 1, r) || !inside(c + 1, r) || !inside(c, r - 1) || !inside(c, r + 1)) out[c + w * r] = 1;
  }
  return out;
}

function toRaster(hu: Float32Array, plane: SlicePlane, window: CtWindow, edge: Uint8Array | undefined): RasterImage {
  const n = plane.widthPx * plane.heightPx;
  if (!edge) {
    const data = new Uint8Array(n);
    for (let p = 0; p < n; p++) data[p] = windowToGrey(hu[p]!, window);
    return { widthPx: plane.widthPx, heightPx: plane.heightPx, channels: 1, data };
  }
  const data = new Uint8Array(3 * n);
  for (let p = 0; p < n; p++) {
    if (edge[p]) {
      data[3 * p] = OUTLINE_RGB[0];
      data[3 * p + 1] = OUTLINE_RGB[1];
      data[3 * p + 2] = OUTLINE_RGB[2];
    } else {
      const g = windowToGrey(hu[p]!, window);
      data[3 * p] = g;
      data[3 * p + 1] = g;
      data[3 * p + 2] = g;
    }
  }
  return { widthPx: plane.widthPx, heightPx: plane.heightPx, channels: 3, data };
}

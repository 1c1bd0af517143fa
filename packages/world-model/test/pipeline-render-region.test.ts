/**
 * The render path's crop-only work: the feathered paste writes into a copy of the CT in the CT's own
 * data type (no whole-volume float arrays), and the response summary read on a box that holds every
 * changed and lesion voxel equals the summary read on the whole grid.
 */
import { describe, expect, it } from 'vitest';
import type { IndexBox, Volume } from '@mewm/dicom';
import { TISSUE_STATE } from '@mewm/contracts';
import { synthesiseTissueState } from '../src/dynamics/index.ts';
import { pasteFeathered, renderRegion, summariseResponse, labelLesions, type BaselineLesion, type RegionRenderer } from '../src/pipeline/index.ts';
import { createRng } from '../src/random.ts';
import { makePhantom, outcome } from './dynamics-phantom.ts';

const phantom = makePhantom([{ centre: [40, 60, 12], radiusMm: 9 }, { centre: [82, 60, 12], radiusMm: 7 }]);
const box: IndexBox = { min: [20, 40, 4], max: [100, 80, 20] };
const boxVoxels = (box.max[0] - box.min[0]) * (box.max[1] - box.min[1]) * (box.max[2] - box.min[2]);

/** A region (lesion 1) and a rendered crop of constant HU over `box`. */
function pasteInputs(renderedHu: number) {
  const region = phantom.lesions.data.map((l) => (l === 1 ? 1 : 0));
  return { region, rendered: new Float32Array(boxVoxels).fill(renderedHu) };
}

describe('pasteFeathered', () => {
  it('returns a copy of an Int16 CT as Int16, rounded, with the rendered HU deep inside the region and the CT untouched outside it', () => {
    const { region, rendered } = pasteInputs(-321.4);
    const out = pasteFeathered(phantom.ct, rendered, box, region, 3);
    expect(out).toBeInstanceOf(Int16Array);
    expect(out).not.toBe(phantom.ct.data);
    const [nx, ny] = phantom.ct.dims;
    const centre = 40 + nx * (60 + ny * 12);
    expect(out[centre]).toBe(-321); // weight 1 at the lesion centre, rounded to the nearest integer
    let changedOutside = 0, blended = 0;
    for (let v = 0; v < out.length; v++) {
      if (!region[v] && out[v] !== phantom.ct.data[v]) changedOutside++;
      if (region[v] && out[v] !== -321 && out[v] !== phantom.ct.data[v]) blended++;
    }
    expect(changedOutside).toBe(0);
    expect(blended).toBeGreaterThan(0); // the feathered edge inside the region
  });

  it('keeps a Float32 CT in float32, each value as a Float32Array stores w · rendered + (1 − w) · ct', () => {
    const ct: Volume = { ...phantom.ct, data: Float32Array.from(phantom.ct.data, (h) => h + 0.25) };
    const { region, rendered } = pasteInputs(-321.4);
    const out = pasteFeathered(ct, rendered, box, region, 3);
    expect(out).toBeInstanceOf(Float32Array);
    const [nx, ny] = ct.dims;
    expect(out[40 + nx * (60 + ny * 12)]).toBe(Math.fround(-321.4));
    let changedOutside = 0, fractional = 0;
    for (let v = 0; v < out.length; v++) {
      if (!region[v] && out[v] !== ct.data[v]) changedOutside++;
      if (!Number.isInteger(out[v])) fractional++;
    }
    expect(changedOutside).toBe(0);
    expect(fractional).toBe(out.length); // nothing was rounded to integers
  });
});

describe('summariseResponse on a box', () => {
  const lesions = labelLesions(phantom.lesions);
  const baseline: BaselineLesion[] = [{ label: 1, volumeMl: 3, longestAxialDiameterMm: 18 }, { label: 2, volumeMl: 1.4, longestAxialDiameterMm: 14 }];
  const outcomes = new Map([
    [1, outcome({ response: 'PR', viableFraction: 0.4, residualPattern: 'rim', lipiodolFraction: 0.5, lipiodolHu: 600 })],
    [2, outcome({ response: 'PD', viableFraction: 1.5, totalVolumeFactor: 1.5, residualPattern: 'diffuse' })],
  ]);
  const dyn = synthesiseTissueState({ ct: phantom.ct, lesions, liver: phantom.liver, outcomes, rng: createRng(3) });

  it('equals the whole-grid summary when the box holds every changed and lesion voxel', () => {
    let lo = [...phantom.ct.dims], hi = [-1, -1, -1];
    const [nx, ny] = phantom.ct.dims;
    for (let v = 0; v < dyn.states.data.length; v++) {
      if (!dyn.states.data[v] && !lesions.data[v]) continue;
      const ijk = [v % nx, Math.floor(v / nx) % ny, Math.floor(v / (nx * ny))];
      lo = lo.map((m, a) => Math.min(m, ijk[a]!));
      hi = hi.map((m, a) => Math.max(m, ijk[a]!));
    }
    const whole = summariseResponse(dyn.states, lesions, baseline);
    expect(whole.viableVolumeMl).toBeGreaterThan(0);
    expect(whole.lipiodolCoverage).toBeGreaterThan(0);
    expect(dyn.states.data.includes(TISSUE_STATE.growth)).toBe(true);
    const within = { min: lo as [number, number, number], max: hi as [number, number, number] };
    expect(summariseResponse(dyn.states, lesions, baseline, within)).toEqual(whole);
    // a box that cuts lesion 1 off measures something else: the box is read, not the grid
    const cut = { min: [lo[0]! + 20, lo[1]!, lo[2]!] as [number, number, number], max: within.max };
    expect(summariseResponse(dyn.states, lesions, baseline, cut).viableVolumeMl).toBeLessThan(whole.viableVolumeMl);
  });
});

describe('the expected-HU map on a box', () => {
  const lesions = labelLesions(phantom.lesions);
  const outcomes = new Map([
    [1, outcome({ response: 'PD', viableFraction: 1.4, totalVolumeFactor: 1.4, residualPattern: 'diffuse' })],
    [2, outcome({ response: 'PR', viableFraction: 0.3, residualPattern: 'rim', ablationMarginMm: 5 })],
  ]);
  const dyn = synthesiseTissueState({ ct: phantom.ct, lesions, liver: phantom.liver, outcomes, rng: createRng(8) });

  it('holds the values of expectedHu on a box that covers every changed voxel; expectedHu is the CT elsewhere', () => {
    const { origin, dims, data } = dyn.expectedHuBox;
    const full = dyn.expectedHu;
    const [nx, ny] = phantom.ct.dims;
    let differ = 0, changedOutside = 0, notCt = 0;
    for (let v = 0; v < full.length; v++) {
      const ijk = [v % nx, Math.floor(v / nx) % ny, Math.floor(v / (nx * ny))];
      const inBox = ijk.every((x, a) => x >= origin[a]! && x < origin[a]! + dims[a]!);
      if (!inBox) {
        if (dyn.states.data[v]) changedOutside++;
        if (full[v] !== phantom.ct.data[v]) notCt++;
        continue;
      }
      const b = ijk[0]! - origin[0] + dims[0] * (ijk[1]! - origin[1] + dims[1] * (ijk[2]! - origin[2]));
      if (data[b] !== full[v]) differ++;
      if (!dyn.states.data[v] && full[v] !== phantom.ct.data[v]) notCt++;
    }
    expect(differ).toBe(0);
    expect(changedOutside).toBe(0);
    expect(notCt).toBe(0);
    expect(dyn.expectedHu).toBe(full); // made once
  });

  it('gives renderRegion the same crop, and so the same output, as the whole-grid map', async () => {
    const seen: Float32Array[] = [];
    const renderer: RegionRenderer = {
      name: 'echo', version: '0', learned: false, grid: { shape: [24, 24, 8], spacingMm: [2, 2, 6] },
      async render(input) {
        seen.push(input.expectedHu);
        return { hu: input.expectedHu.map((h, v) => h + (input.regionMask[v] ? 7.3 : 0)), timingsMs: {} };
      },
      async dispose() {},
    };
    const region = dyn.states.data;
    const fromBox = await renderRegion({ ct: phantom.ct, expectedHu: dyn.expectedHuBox, region, bbox: dyn.changed }, { renderer, seed: 1 });
    const fromFull = await renderRegion({ ct: phantom.ct, expectedHu: dyn.expectedHu, region, bbox: dyn.changed }, { renderer, seed: 1 });
    const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    expect(seen).toHaveLength(2);
    expect(bytes(seen[0]!).equals(bytes(seen[1]!))).toBe(true);
    expect(bytes(fromBox.data).equals(bytes(fromFull.data))).toBe(true);
    expect(bytes(fromBox.data).equals(bytes(phantom.ct.data))).toBe(false);
  });
});

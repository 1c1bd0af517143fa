/**
 * The reading tools' pure logic: window/level arithmetic, compare layouts and paging, the difference
 * overlay's transparent band, the tissue-state label table, and the clipping plane.
 */
import { describe, expect, it } from 'vitest';
import { TISSUE_STATE } from '@mewm/contracts';
import { layoutTiles } from '../src/client/compare-layout.ts';
import { differenceOverlayColormap } from '../src/client/difference-colormap.ts';
import { clipPlaneArgs, maskOutside } from '../src/client/render-3d.ts';
import { TISSUE_STATE_COLOURS, tissueStateLabelColormap } from '../src/client/tissue-state-colormap.ts';
import { customWindow, windowAttr, windowRange } from '../src/client/window-level.ts';

describe('window/level', () => {
  it('maps a preset to its display range and back', () => {
    expect(windowRange({ widthHu: 400, levelHu: 40 })).toEqual({ min: -160, max: 240 });
    const w = customWindow(-160, 240);
    expect(w).toEqual({ id: 'custom', label: 'W 400 / L 40', widthHu: 400, levelHu: 40 });
    expect(windowRange(w)).toEqual({ min: -160, max: 240 });
    expect(windowAttr(windowRange(w))).toBe('-160,240');
  });
  it('rounds a dragged range to whole HU, orders it, and keeps a width of at least 1 HU', () => {
    expect(customWindow(100.4, -50.2)).toMatchObject({ widthHu: 151, levelHu: 25 });
    expect(customWindow(7, 7).widthHu).toBe(1);
  });
  it('refuses a range that is not finite', () => {
    expect(() => customWindow(Number.NaN, 1)).toThrow(/must be finite HU/);
  });
});

describe('compare layouts', () => {
  const keys = ['pre', 'a', 'b', 'c', 'd'];
  it('shows every tile in "all"', () => {
    expect(layoutTiles(keys, 'all', 3)).toMatchObject({ shown: keys, page: 0, pageCount: 1 });
  });
  it('pages through the tiles in 1×1, 1×2 and 2×2, clamping the page', () => {
    expect(layoutTiles(keys, '1x1', 2)).toMatchObject({ shown: ['b'], page: 2, pageCount: 5, columns: 1 });
    expect(layoutTiles(keys, '1x2', 2)).toMatchObject({ shown: ['d'], page: 2, pageCount: 3, columns: 2 });
    expect(layoutTiles(keys, '2x2', 9)).toMatchObject({ shown: ['d'], page: 1, pageCount: 2 });
    expect(layoutTiles(keys, '2x2', -1)).toMatchObject({ shown: ['pre', 'a', 'b', 'c'], page: 0 });
  });
  it('pins the baseline beside the chosen candidate (the first one when none or an unknown one is chosen)', () => {
    expect(layoutTiles(keys, 'baseline', 0, 'c').shown).toEqual(['pre', 'c']);
    expect(layoutTiles(keys, 'baseline', 0).shown).toEqual(['pre', 'a']);
    expect(layoutTiles(keys, 'baseline', 0, 'pre').shown).toEqual(['pre', 'a']);
    expect(layoutTiles(['pre'], 'baseline', 0).shown).toEqual(['pre']);
    expect(layoutTiles([], '2x2', 0).shown).toEqual([]);
  });
});

describe('difference overlay colormap', () => {
  const alphaAt = (cm: ReturnType<typeof differenceOverlayColormap>, index: number) => {
    const I = cm.I;
    const n = I.findIndex((x) => x >= index);
    return I[n] === index ? cm.A[n] : Math.min(cm.A[n - 1]!, cm.A[n]!);
  };
  it('is transparent around 0 HU within the threshold and opaque beyond it', () => {
    const cm = differenceOverlayColormap(20, 200); // 20 HU of ±200 HU: ±13 of 256 indices around 128
    expect(alphaAt(cm, 128)).toBe(0);
    expect(alphaAt(cm, 128 - 13)).toBe(0);
    expect(alphaAt(cm, 128 + 13)).toBe(0);
    expect(cm.A[0]).toBe(255);
    expect(cm.A.at(-1)).toBe(255);
    expect(alphaAt(cm, 128 + 14)).toBe(255);
    // diverging: blue at the low end, red at the high end
    expect(cm.B[0]).toBeGreaterThan(cm.R[0]!);
    expect(cm.R.at(-1)).toBeGreaterThan(cm.B.at(-1)!);
    expect([...cm.I]).toEqual([...cm.I].sort((a, b) => a - b));
  });
  it('refuses a window ≤ 0 or a negative threshold', () => {
    expect(() => differenceOverlayColormap(10, 0)).toThrow(RangeError);
    expect(() => differenceOverlayColormap(-1, 100)).toThrow(/thresholdHu ≥ 0/);
  });
});

describe('tissue-state label table', () => {
  it('lists every drawn state once, in label order, with the colormap built from the same rows', () => {
    const drawn = Object.entries(TISSUE_STATE).filter(([, v]) => v !== 0).map(([k]) => k);
    expect(TISSUE_STATE_COLOURS.map((s) => s.name).sort()).toEqual(drawn.sort());
    const cm = tissueStateLabelColormap();
    expect(cm.I).toEqual([0, ...TISSUE_STATE_COLOURS.map((s) => s.value)]);
    expect(cm.A[0]).toBe(0); // unchanged: transparent
    TISSUE_STATE_COLOURS.forEach((s, i) => expect([cm.R[i + 1], cm.G[i + 1], cm.B[i + 1]]).toEqual(s.rgb));
    expect(new Set(TISSUE_STATE_COLOURS.map((s) => s.rgb.join())).size).toBe(TISSUE_STATE_COLOURS.length);
  });
});

describe('3D render', () => {
  it('gives NiiVue\'s clip plane arguments, off as depth 2', () => {
    expect(clipPlaneArgs({ orientation: 'off', depth: 0.3 })).toEqual([2, 0, 0]);
    expect(clipPlaneArgs({ orientation: 'axial', depth: 0.1 })).toEqual([0.1, 0, 90]);
    expect(clipPlaneArgs({ orientation: 'coronal', depth: -0.2 })).toEqual([-0.2, 180, 0]);
    expect(() => clipPlaneArgs({ orientation: 'sagittal', depth: 0.7 })).toThrow(/depth must be within -0\.5\.\.0\.5/);
  });
  it('keeps the CT inside the body mask and sets the rest to the outside value', () => {
    const out = maskOutside(Int16Array.from([50, 200, -30]), Uint8Array.from([1, 0, 1]), -1024, new Int16Array(3));
    expect([...out]).toEqual([50, -1024, -30]);
    expect(() => maskOutside(new Int16Array(2), new Uint8Array(3), 0, new Int16Array(2))).toThrow(RangeError);
  });
});

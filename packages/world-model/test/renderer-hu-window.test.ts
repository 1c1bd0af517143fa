import { describe, expect, it } from 'vitest';
import { ModelInputError } from '../src/errors.ts';
import { huToModel, modelToHu } from '../src/renderer/hu-window.ts';

const W = [-200, 300] as const;

describe('huToModel / modelToHu', () => {
  it('maps the window ends and centre to −1, 1 and 0', () => {
    expect([...huToModel([-200, 50, 300], W)]).toEqual([-1, 0, 1]);
    expect([...modelToHu([-1, 0, 1], W)]).toEqual([-200, 50, 300]);
  });

  it('round-trips HU inside the window within 1e-3 HU', () => {
    const hu = Float32Array.from({ length: 1001 }, (_, i) => -200 + i * 0.5);
    const back = modelToHu(huToModel(hu, W), W);
    for (let i = 0; i < hu.length; i++) expect(Math.abs(back[i]! - hu[i]!)).toBeLessThan(1e-3);
  });

  it('clamps HU outside the window (air, bone, contrast) and model values outside [−1, 1]', () => {
    expect([...huToModel([-1000, 1200], W)]).toEqual([-1, 1]);
    expect([...modelToHu([-3, 2.5], W)]).toEqual([-200, 300]);
  });

  it('rejects an empty or inverted window', () => {
    expect(() => huToModel([0], [100, 100])).toThrow(ModelInputError);
    expect(() => modelToHu([0], [300, -200])).toThrow(/lo < hi/);
    expect(() => huToModel([0], [Number.NaN, 1])).toThrow(ModelInputError);
  });
});

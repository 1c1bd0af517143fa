/**
 * Untreated growth over many lesions: the doubling times the outcome model implies follow the cited
 * distribution (Nathani et al., Gut 2021: median 4.6 months, 35 % of HCC double in under 3 months), so
 * a single plan's samples may grow fast, but the cohort of draws does not.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../src/random.ts';
import { resolveProtocol } from '../src/protocol/index.ts';
import { sampleLesionOutcome } from '../src/outcome/index.ts';

describe('untreated growth across draws', () => {
  const protocol = resolveProtocol('best-supportive-care');
  const days = 90;
  const lesion = { volumeMl: 82, longestAxialDiameterMm: 54 };
  const tvdts = Array.from({ length: 800 }, (_, s) => {
    const o = sampleLesionOutcome(protocol, lesion, days, createRng(1000 + s).fork('outcome-1'));
    return (days * Math.LN2) / Math.log(o.totalVolumeFactor);
  }).sort((a, b) => a - b);

  it('has the cited median doubling time (140 days) within sampling error', () => {
    const median = tvdts[tvdts.length / 2]!;
    expect(median).toBeGreaterThan(120);
    expect(median).toBeLessThan(165);
  });

  it('puts about 35 % of lesions below a 90-day doubling time, none below the 30-day clamp', () => {
    const rapid = tvdts.filter((t) => t < 90).length / tvdts.length;
    expect(rapid).toBeGreaterThan(0.3);
    expect(rapid).toBeLessThan(0.4);
    expect(tvdts[0]!).toBeGreaterThanOrEqual(30 - 1e-9);
  });

  it('gives an 82 mL lesion the cited 90-day volume at the median: about 128 mL, not 390 mL', () => {
    const medianFactor = Math.pow(2, days / tvdts[tvdts.length / 2]!);
    expect(82 * medianFactor).toBeGreaterThan(115);
    expect(82 * medianFactor).toBeLessThan(140);
  });
});

/**
 * The numbers people read, from one place (plan-report-display.ts): samples numbered from 1 and volumes
 * to two significant figures (whole millilitres from 100 mL), for the web app, the PDF and the DICOM SR.
 */
import { describe, expect, it } from 'vitest';
import { formatVolumeMl, sampleLabel, sampleNumber, survivalStepVertices } from '../src/index.ts';

describe('display rules', () => {
  it('numbers samples from 1: report.json index 0 is "sample 1"', () => {
    expect([0, 1, 3].map(sampleNumber)).toEqual([1, 2, 4]);
    expect(sampleLabel(0)).toBe('sample 1');
  });

  it('shows volumes to two significant figures, whole mL from 100 mL, never as if exact', () => {
    expect([14.312, 9.04, 2.349, 0.4512, 99.6, 164.4, 790.2, 0].map(formatVolumeMl)).toEqual(['14', '9.0', '2.3', '0.45', '100', '164', '790', '0']);
    expect(formatVolumeMl(Number.NaN)).toBe('-');
  });
});

describe('survivalStepVertices', () => {
  it('draws S(t) as a staircase: across to the next time at the old value, then down', () => {
    expect(survivalStepVertices([{ months: 0, s: 1 }, { months: 6, s: 0.8 }, { months: 12, s: 0.5 }])).toEqual([
      { months: 0, s: 1 }, { months: 6, s: 1 }, { months: 6, s: 0.8 }, { months: 12, s: 0.8 }, { months: 12, s: 0.5 },
    ]);
    expect(survivalStepVertices([])).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { mrecistNonTargetResponse, mrecistOverallResponse, mrecistTargetResponse, SurvivalInputError } from '../src/index.ts';

describe('mRECIST target response (Lencioni & Llovet 2010)', () => {
  it.each([
    [50, 0, false, 'CR'],
    [50, 35, true, 'PR'], // -30 %
    [50, 35.5, true, 'SD'],
    [50, 59.5, true, 'SD'],
    [50, 60, true, 'PD'], // +20 %
    [50, 0, true, 'PR'], // viable voxels that measure 0 mm are not CR
  ] as const)('baseline %s mm, follow-up %s mm, viable %s → %s', (b, f, viable, expected) => {
    expect(mrecistTargetResponse(b, f, viable)).toBe(expected);
  });

  it('takes PD against the nadir and PR against the baseline', () => {
    expect(mrecistTargetResponse(50, 30, true, 25)).toBe('PD'); // +20 % over nadir 25
    expect(mrecistTargetResponse(50, 29, true, 25)).toBe('PR');
    expect(mrecistTargetResponse(50, 5, true, 0)).toBe('PD'); // reappearance after CR
  });

  it('refuses sums that are not finite mm >= 0, a zero baseline, a nadir above baseline', () => {
    expect(() => mrecistTargetResponse(Number.NaN, 1, true)).toThrow(/baselineSumMm/);
    expect(() => mrecistTargetResponse(10, -1, true)).toThrow(/followUpSumMm/);
    expect(() => mrecistTargetResponse(0, 0, false)).toThrow(/baselineSumMm: must be > 0/);
    expect(() => mrecistTargetResponse(10, 5, true, 11)).toThrow(SurvivalInputError);
  });
});

describe('mRECIST non-target and overall response', () => {
  it('non-target: none, CR, non-CR/non-PD, PD at +20 %', () => {
    expect(mrecistNonTargetResponse(0, 0, 0, false)).toBe('none');
    expect(mrecistNonTargetResponse(2, 16, 0, false)).toBe('CR');
    expect(mrecistNonTargetResponse(2, 16, 16, true)).toBe('nonCRnonPD');
    expect(mrecistNonTargetResponse(2, 16, 19.2, true)).toBe('PD');
    expect(() => mrecistNonTargetResponse(-1, 0, 0, false)).toThrow(/count/);
  });

  it.each([
    ['CR', 'CR', 0, 'CR'],
    ['CR', 'none', 0, 'CR'],
    ['CR', 'nonCRnonPD', 0, 'PR'],
    ['PR', 'nonCRnonPD', 0, 'PR'],
    ['SD', 'CR', 0, 'SD'],
    ['PR', 'PD', 0, 'PD'],
    ['CR', 'CR', 1, 'PD'],
    ['notEvaluable', 'CR', 0, 'CR'],
    ['notEvaluable', 'nonCRnonPD', 0, 'SD'],
    ['notEvaluable', 'nonCRnonPD', 2, 'PD'],
  ] as const)('target %s, non-target %s, %s new lesions → %s', (t, nt, n, expected) => {
    expect(mrecistOverallResponse(t, nt, n)).toBe(expected);
  });

  it('refuses nothing to assess and a bad new-lesion count', () => {
    expect(() => mrecistOverallResponse('notEvaluable', 'none', 0)).toThrow(SurvivalInputError);
    expect(() => mrecistOverallResponse('SD', 'none', 0.5)).toThrow(/newLesions/);
  });
});

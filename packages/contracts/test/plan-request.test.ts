import { describe, expect, it } from 'vitest';
import { effectivePolicy, errorKindOf, parsePlanPreviewRequest, parsePlanRequest, PlanRequestError, planProgressSchema } from '../src/index.ts';

const files = { kind: 'files', ct: ['ct.nii.gz'], lesion: { kind: 'mask', path: 'lesion.nii.gz' } } as const;

describe('plan request', () => {
  it('fills the defaults of `mewm plan` (K = 4, seed 1, no candidates) and derives the policy', () => {
    const r = parsePlanRequest({ inputs: files, outDir: 'out', options: { disease: 'crlm' } });
    expect(r.options).toEqual({ disease: 'crlm', candidates: [], samples: 4, seed: 1 });
    expect(effectivePolicy(r.options)).toBe('guideline');
    expect(effectivePolicy(parsePlanRequest({ inputs: { kind: 'phantom' }, outDir: 'o', options: { disease: 'hcc', candidates: ['rfa'] } }).options)).toBe('user');
    expect(effectivePolicy(parsePlanRequest({ inputs: { kind: 'phantom' }, outDir: 'o', options: { disease: 'hcc', candidates: ['rfa'], policy: 'both' } }).options)).toBe('both');
  });

  it('requires the disease: a request without it (or without options) is refused naming options.disease', () => {
    for (const options of [undefined, {}, { samples: 2 }]) {
      expect(() => parsePlanRequest({ inputs: files, outDir: 'o', ...(options ? { options } : {}) }))
        .toThrow(/^options\.disease: is required: the disease the plan is for, one of hcc, crlm/);
    }
    expect(() => parsePlanPreviewRequest({ inputs: files })).toThrow(/^options\.disease: is required/);
    expect(() => parsePlanRequest({ inputs: files, outDir: 'o', options: { disease: 'HCC' } })).toThrow(/^options\.disease: must be one of hcc, crlm, got "HCC"/);
  });

  it('bad input: an input error naming the field and the allowed range', () => {
    const fieldOf = (value: unknown) => {
      try {
        parsePlanRequest(value);
      } catch (e) {
        expect(e).toBeInstanceOf(PlanRequestError);
        expect(errorKindOf(e)).toBe('input');
        return (e as PlanRequestError).message;
      }
      throw new Error('accepted');
    };
    expect(fieldOf({ inputs: files, outDir: 'o', options: { disease: 'hcc', samples: 65 } })).toBe('options.samples: must be an integer 1..64');
    expect(fieldOf({ inputs: files, outDir: 'o', options: { disease: 'hcc', seed: 2 ** 31 - 2, samples: 4 } })).toMatch(/^options\.seed: must be an integer 0\.\.2147483644/);
    expect(fieldOf({ inputs: { ...files, lesion: { kind: 'point', pointRas: [1, 2] } }, outDir: 'o', options: { disease: 'hcc' } })).toMatch(/^inputs\.lesion\.pointRas/);
    expect(fieldOf({ inputs: { kind: 'dicomweb' }, outDir: 'o', options: { disease: 'hcc' } })).toMatch(/^inputs\.kind/);
    expect(fieldOf({ inputs: files, outDir: '', options: { disease: 'hcc' } })).toMatch(/^outDir: must be a non-empty path/);
    expect(fieldOf({ inputs: files, outDir: 'o', options: { disease: 'hcc', candidates: ['rfa'], clinical: [] } })).toMatch(/^options\.clinical/);
    expect(fieldOf(null)).toMatch(/^request: /);
  });

  it('a preview request needs no output folder', () => {
    expect(parsePlanPreviewRequest({ inputs: files, options: { disease: 'hcc' } }).options.samples).toBe(4);
    expect(() => parsePlanPreviewRequest({ inputs: files, outDir: 'o', options: { disease: 'hcc' } })).toThrow(/outDir/);
  });

  it('progress events are checked by phase', () => {
    expect(planProgressSchema.safeParse({ phase: 'simulate', candidate: 1, candidates: 2, sample: 1, samples: 4, name: 'rfa' }).success).toBe(true);
    expect(planProgressSchema.safeParse({ phase: 'simulate', candidate: 0, candidates: 2, sample: 1, samples: 4, name: 'rfa' }).success).toBe(false);
    expect(planProgressSchema.safeParse({ phase: 'render' }).success).toBe(false);
  });
});

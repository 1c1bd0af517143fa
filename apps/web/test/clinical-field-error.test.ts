/**
 * The clinical form's field errors in words, with units, from @mewm/survival's real covariate schema:
 * bounds named with the unit, the usual unit mix-ups (albumin in g/dL, bilirubin in mg/dL) pointed out.
 */
import { clinicalCovariatesSchema } from '@mewm/survival/clinical-covariates';
import { describe, expect, it } from 'vitest';
import { clinicalFieldError } from '../src/client/clinical-field-error.ts';

function errorOf(field: string, value: unknown, label: string, unit?: string): string {
  const parsed = clinicalCovariatesSchema.safeParse({ [field]: value });
  expect(parsed.success).toBe(false);
  const issue = parsed.error!.issues.find((i) => i.path[0] === field)!;
  return clinicalFieldError({ label, unit }, issue, typeof value === 'number' ? value : undefined);
}

describe('clinicalFieldError', () => {
  it('names the bound and the unit, and the likely unit mix-up', () => {
    expect(errorOf('albuminGPerL', 3.5, 'Albumin', 'g/L')).toBe('Albumin must be at least 5 g/L (it looks like g/dL: 3.5 g/dL is 35 g/L)');
    expect(errorOf('albuminGPerL', 90, 'Albumin', 'g/L')).toBe('Albumin must be at most 70 g/L');
    expect(errorOf('ageYears', 130, 'Age', 'years')).toBe('Age must be at most 120 years');
    expect(errorOf('ageYears', 'sixty', 'Age', 'years')).toBe('Age must be a number in years, or left empty if unknown');
  });
});

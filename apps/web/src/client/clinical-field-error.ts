/**
 * A clinical form field's validation problem in words a clinician reads, with the field's unit:
 * "at least 5 g/L (albumin 3.5 looks like g/dL: 35 g/L)" rather than zod's "Too small: expected number
 * to be >=5". Built from the issue's kind and bounds (zod 4 issues), never from its English text.
 */
export interface FieldUnit { label: string; unit?: string | undefined }

interface IssueLike { code: string; minimum?: unknown; maximum?: unknown; inclusive?: boolean; origin?: string; expected?: string; format?: string; message: string }

/** g/dL → g/L (×10) and mg/dL → µmol/L (×17.1) are the usual unit mix-ups for albumin and bilirubin. */
const UNIT_HINTS: Record<string, (v: number) => string | null> = {
  'g/L': (v) => (v > 0 && v < 10 ? `it looks like g/dL: ${v} g/dL is ${(v * 10).toFixed(0)} g/L` : null),
  'µmol/L': (v) => (v > 0 && v < 5 ? `if it is mg/dL, ${v} mg/dL is ${(v * 17.1).toFixed(0)} µmol/L` : null),
};

export function clinicalFieldError(field: FieldUnit, issue: IssueLike, value: number | undefined): string {
  const unit = field.unit ? ` ${field.unit}` : '';
  const bound = (b: unknown) => (typeof b === 'bigint' || typeof b === 'number' ? String(b) : '?');
  if (issue.code === 'too_small') {
    const hint = value === undefined || !field.unit ? null : UNIT_HINTS[field.unit]?.(value) ?? null;
    return `${field.label} must be at least ${bound(issue.minimum)}${unit}${hint ? ` (${hint})` : ''}`;
  }
  if (issue.code === 'too_big') return `${field.label} must be at most ${bound(issue.maximum)}${unit}`;
  if (issue.code === 'invalid_type') return `${field.label} must be a number${unit ? ` in${unit}` : ''}, or left empty if unknown`;
  if (issue.code === 'invalid_value' || issue.code === 'invalid_enum_value') return `${field.label}: choose one of the listed values, or unknown`;
  if (issue.code === 'not_multiple_of' || issue.format === 'safeint') return `${field.label} must be a whole number${unit}`;
  return `${field.label}: ${issue.message}`;
}

/**
 * Shift DICOM dates by whole days (the Retain Longitudinal Temporal Information with Modified Dates
 * option). Times are kept: a whole-day shift preserves the interval between any two date-times.
 * Every function returns `undefined` for a value it cannot parse, so the caller can blank it rather
 * than keep an original date it did not understand.
 */

const MS_PER_DAY = 86_400_000;

/** Shift one DA value "YYYYMMDD" (or the ACR-NEMA form "YYYY.MM.DD") by `days`; undefined if unparseable. */
export function shiftDate(value: string, days: number): string | undefined {
  const m = /^(\d{4})\.?(\d{2})\.?(\d{2})$/.exec(value.trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  const t = Date.UTC(y, mo - 1, d);
  const check = new Date(t);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return undefined;
  const s = new Date(t + days * MS_PER_DAY);
  const yy = s.getUTCFullYear();
  if (yy < 1 || yy > 9999) return undefined;
  return `${String(yy).padStart(4, '0')}${pad2(s.getUTCMonth() + 1)}${pad2(s.getUTCDate())}`;
}

/**
 * Shift one DT value "YYYY[MM[DD[HH[MM[SS[.F]]]]]][&ZZXX]" by `days`. A DT with only a year or
 * year-month is coarser than a day and cannot be shifted faithfully: undefined.
 */
export function shiftDateTime(value: string, days: number): string | undefined {
  const m = /^(\d{8})(\d{0,6}(?:\.\d{1,6})?)?([+-]\d{4})?$/.exec(value.trim());
  if (!m) return undefined;
  const date = shiftDate(m[1]!, days);
  if (date === undefined) return undefined;
  return `${date}${m[2] ?? ''}${m[3] ?? ''}`;
}

/**
 * Shift a whole DA or DT element value: multiple values (backslash) are shifted one by one, empty
 * values stay empty. Ranges occur only in queries, never in stored instances, so they are not parsed
 * (undefined). Undefined if any value cannot be parsed.
 */
export function shiftDateElementValue(vr: 'DA' | 'DT', value: string, days: number): string | undefined {
  const shiftOne = vr === 'DA' ? shiftDate : shiftDateTime;
  const out: string[] = [];
  for (const v of value.split('\\')) {
    if (v.trim() === '') {
      out.push('');
      continue;
    }
    const s = shiftOne(v, days);
    if (s === undefined) return undefined;
    out.push(s);
  }
  return out.join('\\');
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

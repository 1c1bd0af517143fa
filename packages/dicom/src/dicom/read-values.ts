/**
 * Typed accessors over a dicom-parser DataSet. Each one names the tag (keyword and number) in the
 * DicomParseError it throws for a present but malformed value; an absent or empty value reads as
 * `undefined`. Values are never copied into messages (they may be identifiers).
 */
import type { DataSet } from 'dicom-parser';
import { DicomParseError } from '../errors.ts';
import type { Vec3 } from '../geometry.ts';

/** A tag as dicom-parser names it ("x00280010") plus its keyword, for messages. */
export interface TagRef {
  tag: string;
  keyword: string;
}

export function tagLabel(t: TagRef): string {
  const hex = t.tag.slice(1).toUpperCase();
  return `${t.keyword} (${hex.slice(0, 4)},${hex.slice(4)})`;
}

function present(ds: DataSet, t: TagRef): boolean {
  const el = ds.elements[t.tag];
  return el !== undefined && el.length > 0;
}

/** A string value (trailing padding removed), or undefined when absent or empty. */
export function readString(ds: DataSet, t: TagRef, source: string): string | undefined {
  if (!present(ds, t)) return undefined;
  let s: string | undefined;
  try {
    s = ds.string(t.tag);
  } catch {
    throw new DicomParseError(`${tagLabel(t)} cannot be read as text`, { source });
  }
  s = s?.replace(/\0+$/, '').trim();
  return s === undefined || s === '' ? undefined : s;
}

/** An unsigned 16-bit value (VR US), or undefined when absent. */
export function readUint16(ds: DataSet, t: TagRef, source: string): number | undefined {
  if (!present(ds, t)) return undefined;
  const el = ds.elements[t.tag]!;
  if (el.length < 2) throw new DicomParseError(`${tagLabel(t)} is shorter than 2 bytes (VR US)`, { source });
  return ds.uint16(t.tag);
}

/**
 * `count` decimal-string (DS/IS) values, or undefined when the tag is absent or empty.
 * Throws when present with fewer values or a non-finite value.
 */
export function readNumbers(ds: DataSet, t: TagRef, count: number, source: string): number[] | undefined {
  const s = readString(ds, t, source);
  if (s === undefined) return undefined;
  const parts = s.split('\\');
  if (parts.length < count) {
    throw new DicomParseError(`${tagLabel(t)} needs ${count} value(s), has ${parts.length}`, { source });
  }
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const text = parts[i]!.trim();
    const v = text === '' ? NaN : Number(text);
    if (!Number.isFinite(v)) {
      throw new DicomParseError(`${tagLabel(t)} value ${i + 1} of ${count} is not a finite number`, { source });
    }
    out.push(v);
  }
  return out;
}

export function readNumber(ds: DataSet, t: TagRef, source: string): number | undefined {
  return readNumbers(ds, t, 1, source)?.[0];
}

/** An integer string (IS), checked to be an integer within [min, max]. */
export function readInteger(ds: DataSet, t: TagRef, source: string, min: number, max: number): number | undefined {
  const v = readNumber(ds, t, source);
  if (v === undefined) return undefined;
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new DicomParseError(`${tagLabel(t)} must be an integer in [${min}, ${max}]`, { source });
  }
  return v;
}

export function readVec3(ds: DataSet, t: TagRef, source: string): Vec3 | undefined {
  const v = readNumbers(ds, t, 3, source);
  return v === undefined ? undefined : [v[0]!, v[1]!, v[2]!];
}

/** ImageOrientationPatient: row cosines then column cosines, each a unit vector, orthogonal. */
export function readOrientation(ds: DataSet, t: TagRef, source: string): [Vec3, Vec3] | undefined {
  const v = readNumbers(ds, t, 6, source);
  if (v === undefined) return undefined;
  const row: Vec3 = [v[0]!, v[1]!, v[2]!];
  const col: Vec3 = [v[3]!, v[4]!, v[5]!];
  const nr = Math.hypot(...row);
  const nc = Math.hypot(...col);
  if (Math.abs(nr - 1) > 0.01 || Math.abs(nc - 1) > 0.01) {
    throw new DicomParseError(`${tagLabel(t)} direction cosines must be unit vectors (length 1 ± 0.01)`, { source });
  }
  const dot = (row[0] * col[0] + row[1] * col[1] + row[2] * col[2]) / (nr * nc);
  if (Math.abs(dot) > 0.01) {
    throw new DicomParseError(`${tagLabel(t)} row and column cosines must be orthogonal (|cos| ≤ 0.01)`, { source });
  }
  return [
    [row[0] / nr, row[1] / nr, row[2] / nr],
    [col[0] / nc, col[1] / nc, col[2] / nc],
  ];
}

/** PixelSpacing: [between rows, between columns] in mm, both positive. */
export function readPixelSpacing(ds: DataSet, t: TagRef, source: string): [number, number] | undefined {
  const v = readNumbers(ds, t, 2, source);
  if (v === undefined) return undefined;
  if (!(v[0]! > 0) || !(v[1]! > 0)) {
    throw new DicomParseError(`${tagLabel(t)} values must be positive (mm)`, { source });
  }
  return [v[0]!, v[1]!];
}

/** The first item's data set of a sequence, or undefined. */
export function firstItem(ds: DataSet, t: TagRef): DataSet | undefined {
  return ds.elements[t.tag]?.items?.[0]?.dataSet;
}

/** The i-th item's data set of a sequence, or undefined. */
export function itemAt(ds: DataSet, t: TagRef, i: number): DataSet | undefined {
  return ds.elements[t.tag]?.items?.[i]?.dataSet;
}

/**
 * DICOM states the colour space of a JPEG stream in Photometric Interpretation (PS3.5 8.2.1, PS3.3
 * C.7.6.3.1.2): RGB means the components are R, G, B with no colour transform. libjpeg instead
 * reads the colour space from the stream (a JFIF APP0 segment, a well-formed Adobe APP14 segment,
 * component IDs 1-2-3 or 'R'-'G'-'B') and, when the stream says nothing, assumes YCbCr. Writers
 * disagree too (GDCM stores YCbCr with IDs 1-2-3 under "RGB"). We follow the stream when it
 * declares its colour space and the DICOM header when it does not: for an RGB header and a silent
 * stream we replace any (malformed) JFIF/Adobe segment with one Adobe APP14 saying "no transform".
 */

/** FF EE, length 14, "Adobe", version 100, flags0 0, flags1 0, transform 0 (none). */
const ADOBE_NO_TRANSFORM = Uint8Array.of(
  0xff, 0xee, 0x00, 0x0e, 0x41, 0x64, 0x6f, 0x62, 0x65, 0x00, 0x64, 0x00, 0x00, 0x00, 0x00, 0x00,
);

/**
 * A copy of a JPEG stream in which libjpeg will not apply a YCbCr → RGB transform: APP0 and APP14
 * segments before the first scan are dropped and an Adobe "transform 0" segment follows SOI.
 * Returns the stream unchanged when its marker segments cannot be walked (the decoder then
 * reports the corruption).
 */
export function withoutColourTransform(b: Uint8Array): Uint8Array {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return b;
  const keep: Array<[number, number]> = [];
  let at = 2;
  while (at + 4 <= b.length && b[at] === 0xff) {
    const marker = b[at + 1] ?? 0;
    if (marker === 0xda) break; // SOS: the rest is copied as is
    const length = ((b[at + 2] ?? 0) << 8) | (b[at + 3] ?? 0);
    if (length < 2 || at + 2 + length > b.length) return b;
    if (marker !== 0xe0 && marker !== 0xee) keep.push([at, at + 2 + length]);
    at += 2 + length;
  }
  keep.push([at, b.length]);
  const size = 2 + ADOBE_NO_TRANSFORM.length + keep.reduce((n, [s, e]) => n + e - s, 0);
  const out = new Uint8Array(size);
  out.set(b.subarray(0, 2), 0);
  out.set(ADOBE_NO_TRANSFORM, 2);
  let o = 2 + ADOBE_NO_TRANSFORM.length;
  for (const [s, e] of keep) {
    out.set(b.subarray(s, e), o);
    o += e - s;
  }
  return out;
}

/**
 * True when the JPEG stream declares its own colour space before the first scan: a JFIF APP0
 * segment, a complete Adobe APP14 segment (14 bytes or more), or three components with IDs
 * 1-2-3 (JFIF convention) or 'R'-'G'-'B'. False when it says nothing or cannot be walked.
 */
export function jpegDeclaresColourSpace(b: Uint8Array): boolean {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return false;
  let at = 2;
  while (at + 4 <= b.length && b[at] === 0xff) {
    const marker = b[at + 1] ?? 0;
    const length = ((b[at + 2] ?? 0) << 8) | (b[at + 3] ?? 0);
    if (length < 2 || at + 2 + length > b.length || marker === 0xda) return false;
    const tag = String.fromCharCode(...b.subarray(at + 4, at + 9));
    if (marker === 0xe0 && tag === 'JFIF\0') return true;
    if (marker === 0xee && tag === 'Adobe' && length >= 14) return true;
    if (marker === 0xc0 || marker === 0xc1) {
      const ids = [b[at + 10], b[at + 13], b[at + 16]].join(',');
      return (b[at + 9] ?? 0) === 3 && (ids === '1,2,3' || ids === '82,71,66');
    }
    at += 2 + length;
  }
  return false;
}

/**
 * Reading and writing element values as the de-identifier needs them: strings (dates, UIDs, names)
 * in and out, padding to even length, and dummy values per VR for the Basic Profile's D action.
 */

/** Decode `length` bytes at `offset` as a string (ISO 8859-1), without trailing NUL/space padding. */
export function decodeString(bytes: Uint8Array, offset: number, length: number): string {
  let end = offset + length;
  while (end > offset && (bytes[end - 1] === 0x00 || bytes[end - 1] === 0x20)) end -= 1;
  return Buffer.from(bytes.buffer, bytes.byteOffset + offset, end - offset).toString('latin1');
}

/** Encode a string value padded to even length: NUL for UI, space for every other string VR. */
export function encodeString(value: string, vr: string): Uint8Array {
  const raw = Buffer.from(value, 'latin1');
  if (raw.length % 2 === 0) return new Uint8Array(raw);
  const out = new Uint8Array(raw.length + 1);
  out.set(raw);
  out[raw.length] = vr === 'UI' ? 0x00 : 0x20;
  return out;
}

const DUMMY_STRINGS: Readonly<Record<string, string>> = {
  AE: 'ANONYMIZED',
  AS: '000Y',
  CS: 'ANONYMIZED',
  DA: '19000101',
  DS: '0',
  DT: '19000101000000',
  IS: '0',
  LO: 'ANONYMIZED',
  LT: 'ANONYMIZED',
  PN: 'ANONYMIZED',
  SH: 'ANONYMIZED',
  ST: 'ANONYMIZED',
  TM: '000000',
  UC: 'ANONYMIZED',
  UT: 'ANONYMIZED',
};

/**
 * A non-empty dummy value consistent with the VR (the D action). Binary VRs get zero bytes of the
 * original length (at least 2 so the value is not empty); string VRs a fixed neutral text.
 */
export function dummyValue(vr: string, originalLength: number): Uint8Array {
  const s = DUMMY_STRINGS[vr];
  if (s !== undefined) return encodeString(s, vr);
  const n = Math.max(2, originalLength + (originalLength % 2));
  return new Uint8Array(n);
}

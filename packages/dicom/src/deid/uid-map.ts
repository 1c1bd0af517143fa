/**
 * New UIDs for de-identification: "2.25." followed by the decimal form of a 128-bit value taken from
 * HMAC-SHA256(salt, uid), shaped as an RFC 9562 version-8 (custom) UUID so the result is a valid
 * UUID-derived UID (PS3.5 B.2). At most 5 + 39 = 44 characters, within the 64 allowed for UI.
 */
import { createHmac } from 'node:crypto';

/** Root of every UID the DICOM standard itself defines (SOP classes, transfer syntaxes, code systems). */
export const DICOM_STANDARD_UID_ROOT = '1.2.840.10008.';

/** True for UIDs defined by the standard, which identify nothing about a patient and must be kept. */
export function isStandardUid(uid: string): boolean {
  return uid.startsWith(DICOM_STANDARD_UID_ROOT);
}

/**
 * Deterministic replacement UID for `uid` under `salt`: the same pair always gives the same result,
 * and without the salt the original cannot be recovered or confirmed.
 */
export function uidFromHmac(salt: string, uid: string): string {
  const mac = createHmac('sha256', salt).update('uid\0').update(uid).digest();
  const b = Uint8Array.from(mac.subarray(0, 16));
  b[6] = (b[6]! & 0x0f) | 0x80; // version 8
  b[8] = (b[8]! & 0x3f) | 0x80; // RFC 9562 variant
  const value = BigInt(`0x${Buffer.from(b).toString('hex')}`);
  return `2.25.${value.toString(10)}`;
}

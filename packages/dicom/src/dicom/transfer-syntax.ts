/**
 * Transfer syntaxes whose pixel data this module reads itself ("native": uncompressed, possibly
 * deflated or big endian). Every other transfer syntax carries encapsulated (compressed) frames
 * that are handed to the codecs module.
 */

export const IMPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2';
export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
export const DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1.99';
export const EXPLICIT_VR_BIG_ENDIAN = '1.2.840.10008.1.2.2';

const NATIVE = new Set([
  IMPLICIT_VR_LITTLE_ENDIAN,
  EXPLICIT_VR_LITTLE_ENDIAN,
  DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN,
  EXPLICIT_VR_BIG_ENDIAN,
]);

/** True for the four transfer syntaxes whose pixel data is stored uncompressed. */
export function isNativeTransferSyntax(uid: string): boolean {
  return NATIVE.has(uid);
}

/** True when multi-byte pixel values are stored most significant byte first. */
export function isBigEndianTransferSyntax(uid: string): boolean {
  return uid === EXPLICIT_VR_BIG_ENDIAN;
}

/** A transfer syntax UID is dot-separated digits, at most 64 characters (PS3.5 9.1). */
export function isPlausibleUid(uid: string): boolean {
  return uid.length > 0 && uid.length <= 64 && /^[0-9]+(\.[0-9]+)*$/.test(uid);
}

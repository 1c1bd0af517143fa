/**
 * The DICOM transfer syntaxes this package knows by name (PS3.6 Annex A), whether their
 * pixel data is encapsulated (compressed, in fragments) and whether we can decode it.
 * Used for decoding dispatch and for user-facing messages.
 */

/** Which decoder handles an encapsulated transfer syntax. */
export type CodecId = 'jpeg2000' | 'jpeg-lossless' | 'jpeg-ls' | 'jpeg-baseline' | 'rle';

export interface TransferSyntaxEntry {
  uid: string;
  name: string;
  /** Pixel data stored as encapsulated fragments (PS3.5 A.4). */
  encapsulated: boolean;
  /** This package can read the pixel data. */
  supported: boolean;
  /** Decoder used when encapsulated and supported. */
  codec?: CodecId;
}

/** Known transfer syntaxes, keyed by UID. */
export const TRANSFER_SYNTAXES: readonly TransferSyntaxEntry[] = [
  { uid: '1.2.840.10008.1.2', name: 'Implicit VR Little Endian', encapsulated: false, supported: true },
  { uid: '1.2.840.10008.1.2.1', name: 'Explicit VR Little Endian', encapsulated: false, supported: true },
  { uid: '1.2.840.10008.1.2.1.99', name: 'Deflated Explicit VR Little Endian', encapsulated: false, supported: true },
  { uid: '1.2.840.10008.1.2.2', name: 'Explicit VR Big Endian (retired)', encapsulated: false, supported: true },
  { uid: '1.2.840.10008.1.2.4.50', name: 'JPEG Baseline (Process 1)', encapsulated: true, supported: true, codec: 'jpeg-baseline' },
  { uid: '1.2.840.10008.1.2.4.51', name: 'JPEG Extended (Process 2 & 4)', encapsulated: true, supported: true, codec: 'jpeg-baseline' },
  { uid: '1.2.840.10008.1.2.4.57', name: 'JPEG Lossless, Non-Hierarchical (Process 14)', encapsulated: true, supported: true, codec: 'jpeg-lossless' },
  { uid: '1.2.840.10008.1.2.4.70', name: 'JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14, SV1)', encapsulated: true, supported: true, codec: 'jpeg-lossless' },
  { uid: '1.2.840.10008.1.2.4.80', name: 'JPEG-LS Lossless', encapsulated: true, supported: true, codec: 'jpeg-ls' },
  { uid: '1.2.840.10008.1.2.4.81', name: 'JPEG-LS Near-Lossless', encapsulated: true, supported: true, codec: 'jpeg-ls' },
  { uid: '1.2.840.10008.1.2.4.90', name: 'JPEG 2000 Lossless Only', encapsulated: true, supported: true, codec: 'jpeg2000' },
  { uid: '1.2.840.10008.1.2.4.91', name: 'JPEG 2000', encapsulated: true, supported: true, codec: 'jpeg2000' },
  { uid: '1.2.840.10008.1.2.4.92', name: 'JPEG 2000 Part 2 Multi-component Lossless Only', encapsulated: true, supported: false },
  { uid: '1.2.840.10008.1.2.4.93', name: 'JPEG 2000 Part 2 Multi-component', encapsulated: true, supported: false },
  { uid: '1.2.840.10008.1.2.4.100', name: 'MPEG2 Main Profile / Main Level', encapsulated: true, supported: false },
  { uid: '1.2.840.10008.1.2.4.101', name: 'MPEG2 Main Profile / High Level', encapsulated: true, supported: false },
  { uid: '1.2.840.10008.1.2.4.102', name: 'MPEG-4 AVC/H.264 High Profile / Level 4.1', encapsulated: true, supported: false },
  { uid: '1.2.840.10008.1.2.4.103', name: 'MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1', encapsulated: true, supported: false },
  { uid: '1.2.840.10008.1.2.4.104', name: 'MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video', encapsulated: true, supported: false },
  { uid: '1.2.840.10008.1.2.4.105', name: 'MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video', encapsulated: true, supported: false },
  { uid: '1.2.840.10008.1.2.4.106', name: 'MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2', encapsulated: true, supported: false },
  { uid: '1.2.840.10008.1.2.4.107', name: 'HEVC/H.265 Main Profile / Level 5.1', encapsulated: true, supported: false },
  { uid: '1.2.840.10008.1.2.4.108', name: 'HEVC/H.265 Main 10 Profile / Level 5.1', encapsulated: true, supported: false },
  { uid: '1.2.840.10008.1.2.4.201', name: 'High-Throughput JPEG 2000 Lossless Only', encapsulated: true, supported: false },
  { uid: '1.2.840.10008.1.2.4.202', name: 'High-Throughput JPEG 2000 with RPCL Options Lossless Only', encapsulated: true, supported: false },
  { uid: '1.2.840.10008.1.2.4.203', name: 'High-Throughput JPEG 2000', encapsulated: true, supported: false },
  { uid: '1.2.840.10008.1.2.5', name: 'RLE Lossless', encapsulated: true, supported: true, codec: 'rle' },
];

const BY_UID: ReadonlyMap<string, TransferSyntaxEntry> = new Map(TRANSFER_SYNTAXES.map((e) => [e.uid, e]));

/**
 * Normalise a UID read from a file: DICOM pads UI values to even length with NUL,
 * and some writers pad with spaces.
 */
export function normaliseUid(uid: string): string {
  return uid.replace(/[\0\s]+$/u, '').trim();
}

/** The table entry for a transfer syntax UID, or undefined when the UID is not in the table. */
export function findTransferSyntax(uid: string): TransferSyntaxEntry | undefined {
  return BY_UID.get(normaliseUid(uid));
}

/** "JPEG 2000 Lossless Only (1.2.840.10008.1.2.4.90)" or "unknown transfer syntax (uid)". */
export function describeTransferSyntax(uid: string): string {
  const clean = normaliseUid(uid);
  const entry = BY_UID.get(clean);
  // A UID is digits and dots; anything else is shown truncated so a corrupt file cannot flood a message.
  const shown = /^[0-9.]{1,64}$/u.test(clean) ? clean : JSON.stringify(clean.slice(0, 64));
  return entry ? `${entry.name} (${shown})` : `unknown transfer syntax (${shown})`;
}

/**
 * True when pixel data in this transfer syntax is encapsulated (compressed fragments),
 * whether or not we can decode it. Unknown UIDs below 1.2.840.10008.1.2.4. / .5 count as
 * encapsulated, because every transfer syntax in those branches is.
 */
export function isEncapsulatedTransferSyntax(uid: string): boolean {
  const clean = normaliseUid(uid);
  const entry = BY_UID.get(clean);
  if (entry) return entry.encapsulated;
  return clean.startsWith('1.2.840.10008.1.2.4.') || clean.startsWith('1.2.840.10008.1.2.5');
}

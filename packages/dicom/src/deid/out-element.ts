/**
 * The de-identified dataset as the Part 10 writer consumes it: a tree of elements, each either copied
 * verbatim from the source (header and value bytes, already in the output encoding), a new value the
 * writer gives a header, or a sequence the writer frames with undefined lengths and delimiters.
 */

/** How the dataset body is encoded on the wire. */
export interface BodyEncoding {
  explicitVr: boolean;
  littleEndian: boolean;
}

export type OutElement =
  /** Whole element (header + value) copied byte for byte. */
  | { readonly kind: 'verbatim'; readonly tag: number; readonly bytes: Uint8Array }
  /** New value bytes (even length); `vr` is written only in explicit VR encodings. */
  | { readonly kind: 'value'; readonly tag: number; readonly vr: string; readonly value: Uint8Array }
  /** Sequence written with undefined length; each item with undefined length and a delimiter. */
  | { readonly kind: 'sequence'; readonly tag: number; readonly items: readonly (readonly OutElement[])[] };

/** VRs whose explicit-VR header has 2 reserved bytes and a 32-bit length (PS3.5 7.1.2). */
export const LONG_LENGTH_VRS: ReadonlySet<string> = new Set([
  'OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV',
]);

/**
 * Deterministic mutations of DICOM bytes for the fuzz suite: a seeded PRNG (mulberry32) and five
 * mutation kinds. Both the test (to print a failing case) and the worker (to rebuild it) use this.
 */

/** mulberry32: a small 32-bit PRNG, good enough to spread mutations; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const MUTATION_KINDS = ['truncate', 'bitflip', 'byterun', 'length', 'tagswap'] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];

export interface Mutation {
  kind: MutationKind;
  bytes: Uint8Array;
  /** Human-readable summary for failure reports (offsets only, never content). */
  detail: string;
}

/** Seed of case `index` of a suite seeded with `suiteSeed`. */
export function caseSeed(suiteSeed: number, index: number): number {
  return (Math.imul(suiteSeed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(index + 1, 0xc2b2ae35)) >>> 0;
}

/**
 * Offsets of the 32- or 16-bit length fields of explicit VR little-endian elements, found by
 * scanning for a plausible (group, element, VR) pattern; used to aim "absurd length" mutations.
 */
export function findLengthFields(b: Uint8Array): Array<{ at: number; size: 2 | 4 }> {
  const long = new Set(['OB', 'OW', 'OF', 'SQ', 'UT', 'UN', 'OD', 'OL', 'UC', 'UR', 'OV']);
  const out: Array<{ at: number; size: 2 | 4 }> = [];
  for (let i = 128; i + 12 <= b.length && out.length < 4000; i += 2) {
    const c1 = b[i + 4] ?? 0;
    const c2 = b[i + 5] ?? 0;
    if (c1 < 65 || c1 > 90 || c2 < 65 || c2 > 90) continue;
    const vr = String.fromCharCode(c1, c2);
    const group = (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8);
    if (group > 0x7fe0 || group % 2 === 1 && group < 8) continue;
    out.push(long.has(vr) ? { at: i + 8, size: 4 } : { at: i + 6, size: 2 });
  }
  return out;
}

const ABSURD_LENGTHS = [0xfffffff0, 0xffffffff, 0x7fffffff, 0x80000000, 0x00fffffe, 0x0000fffe, 0, 1, 3];

/** Apply one mutation chosen by `rand` to a copy of `base`. */
export function mutate(base: Uint8Array, rand: () => number, lengthFields: Array<{ at: number; size: 2 | 4 }>): Mutation {
  const pick = (n: number): number => Math.floor(rand() * n);
  const kind = MUTATION_KINDS[pick(MUTATION_KINDS.length)] ?? 'bitflip';
  switch (kind) {
    case 'truncate': {
      // Bias half of the cuts into the header, where the structure is.
      const end = rand() < 0.5 ? pick(Math.min(base.length, 4096)) : pick(base.length);
      return { kind, bytes: base.slice(0, end), detail: `cut at ${end}` };
    }
    case 'bitflip': {
      const bytes = base.slice();
      const flips = 1 + pick(16);
      const header = Math.min(bytes.length, 8192);
      for (let f = 0; f < flips; f++) {
        const at = rand() < 0.7 ? pick(header) : pick(bytes.length);
        bytes[at] = (bytes[at] ?? 0) ^ (1 << pick(8));
      }
      return { kind, bytes, detail: `${flips} bit flips` };
    }
    case 'byterun': {
      const bytes = base.slice();
      const at = rand() < 0.6 ? pick(Math.min(bytes.length, 8192)) : pick(bytes.length);
      const len = 1 + pick(256);
      const fill = rand() < 0.3 ? [0x00, 0xff, 0xfe][pick(3)] : undefined;
      for (let i = at; i < Math.min(bytes.length, at + len); i++) bytes[i] = fill ?? pick(256);
      return { kind, bytes, detail: `run of ${len} at ${at}` };
    }
    case 'length': {
      const bytes = base.slice();
      const field = lengthFields[pick(lengthFields.length)];
      if (!field) return { kind, bytes, detail: 'no length field' };
      const value = ABSURD_LENGTHS[pick(ABSURD_LENGTHS.length)] ?? 0xfffffff0;
      const view = new DataView(bytes.buffer);
      if (field.size === 4) view.setUint32(field.at, value, true);
      else view.setUint16(field.at, value & 0xffff, true);
      return { kind, bytes, detail: `length at ${field.at} set to 0x${value.toString(16)}` };
    }
    case 'tagswap': {
      const bytes = base.slice();
      const a = lengthFields[pick(lengthFields.length)];
      const b = lengthFields[pick(lengthFields.length)];
      if (!a || !b) return { kind, bytes, detail: 'no tags' };
      // Tag starts 8 bytes before a 4-byte length field, 6 before a 2-byte one.
      const ta = a.at - (a.size === 4 ? 8 : 6);
      const tb = b.at - (b.size === 4 ? 8 : 6);
      const tmp = bytes.slice(ta, ta + 4);
      bytes.copyWithin(ta, tb, tb + 4);
      bytes.set(tmp, tb);
      return { kind, bytes, detail: `tags at ${ta} and ${tb} swapped` };
    }
  }
}

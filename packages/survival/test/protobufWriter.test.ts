import { describe, expect, it } from 'vitest';
import { ProtoWriter } from '../src/protobufWriter.ts';
import { SurvivalInputError } from '../src/errors.ts';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('ProtoWriter encodes the protobuf wire format', () => {
  it('writes the varint example of the protobuf encoding guide (field 1 = 150 -> 08 96 01)', () => {
    expect(hex(new ProtoWriter().int64(1, 150).finish())).toBe('089601');
  });

  it('writes small, multi-byte, 64-bit and negative varints by hand-derived bytes', () => {
    expect(hex(new ProtoWriter().int64(2, 0).finish())).toBe('1000');
    expect(hex(new ProtoWriter().int64(2, 300).finish())).toBe('10ac02');
    // 2^53 - 1 = 0x1FFFFFFFFFFFFF: seven full 7-bit groups then 0x0f.
    expect(hex(new ProtoWriter().int64(1, Number.MAX_SAFE_INTEGER).finish())).toBe('08ffffffffffffff0f');
    // -1 as int64: ten bytes, two's complement.
    expect(hex(new ProtoWriter().int64(1, -1).finish())).toBe('08ffffffffffffffffff01');
    expect(hex(new ProtoWriter().int64(1, 1n << 63n).finish())).toBe('0880808080808080808001');
  });

  it('writes strings, nested messages and field numbers above 15 with a multi-byte tag', () => {
    // field 2, wire type 2, length 7, "testing" (the guide's string example)
    expect(hex(new ProtoWriter().string(2, 'testing').finish())).toBe('120774657374696e67');
    // field 3 holding a message with field 1 = 150
    expect(hex(new ProtoWriter().message(3, (w) => w.int64(1, 150)).finish())).toBe('1a03089601');
    // field 20, varint: tag (20 << 3) | 0 = 160 -> a0 01
    expect(hex(new ProtoWriter().int64(20, 2).finish())).toBe('a00102');
    expect(hex(new ProtoWriter().string(1, 'é').finish())).toBe('0a02c3a9');
  });

  it('writes fixed32 floats, fixed64 doubles (little-endian) and packed varints', () => {
    expect(hex(new ProtoWriter().float(2, 1).finish())).toBe('150000803f');
    expect(hex(new ProtoWriter().double(10, -2).finish())).toBe('51' + '00000000000000c0');
    expect(hex(new ProtoWriter().packedInt64(7, [3, 270, 86942]).finish())).toBe('3a06038e029ea705');
  });

  it('grows its buffer past the initial size without losing bytes', () => {
    const payload = 'x'.repeat(1000);
    const out = new ProtoWriter().string(1, payload).string(2, payload).finish();
    expect(out.length).toBe(2 * (1 + 2 + 1000));
    expect(Buffer.from(out.subarray(3, 1003)).toString()).toBe(payload);
    expect(out[1003]).toBe(0x12);
  });
});

describe('ProtoWriter bad input', () => {
  it('refuses field numbers outside [1, 2^29 - 1] and the reserved 19000-19999', () => {
    for (const f of [0, -1, 1.5, 2 ** 29, 19_000, 19_999]) {
      expect(() => new ProtoWriter().int64(f, 1)).toThrow(SurvivalInputError);
    }
  });

  it('refuses varints that are not safe integers or lie outside [-2^63, 2^64)', () => {
    expect(() => new ProtoWriter().int64(1, 0.5)).toThrow(/safe integer/);
    expect(() => new ProtoWriter().int64(1, Number.NaN)).toThrow(SurvivalInputError);
    expect(() => new ProtoWriter().int64(1, 2 ** 60)).toThrow(SurvivalInputError);
    expect(() => new ProtoWriter().int64(1, 1n << 64n)).toThrow(/2\^64/);
    expect(() => new ProtoWriter().int64(1, -(1n << 63n) - 1n)).toThrow(SurvivalInputError);
  });
});

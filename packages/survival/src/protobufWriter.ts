/**
 * A minimal Protocol Buffers (proto2/proto3 wire format) writer: just what the ONNX exporter needs.
 * Wire types: 0 = varint, 1 = 64-bit, 2 = length-delimited, 5 = 32-bit. Fields are written in the
 * order the caller writes them; repeated scalars are written unpacked unless a `packed*` method is
 * used (parsers accept both forms for repeated numeric fields).
 */
import { SurvivalInputError } from './errors.ts';

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_FIXED32 = 5;
const MAX_FIELD_NUMBER = 536_870_911; // 2^29 - 1

const textEncoder = new TextEncoder();

/** Appends protobuf fields to a growing byte buffer; `finish()` returns the message bytes. */
export class ProtoWriter {
  private buffer = new Uint8Array(256);
  private length = 0;

  /** Bytes written so far (a copy). */
  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  /** int32 / int64 / uint64 / enum / bool field as a varint; negative values use 10-byte two's complement. */
  int64(field: number, value: number | bigint): this {
    this.tag(field, WIRE_VARINT);
    this.varint(value);
    return this;
  }

  /** UTF-8 string field. */
  string(field: number, value: string): this {
    return this.bytes(field, textEncoder.encode(value));
  }

  /** bytes field, or an already-encoded embedded message. */
  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WIRE_LENGTH_DELIMITED);
    this.varint(value.length);
    this.append(value);
    return this;
  }

  /** Embedded message: `build` writes its fields into a fresh writer. */
  message(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  /** float field (fixed32, little-endian IEEE 754 single). */
  float(field: number, value: number): this {
    this.tag(field, WIRE_FIXED32);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.append(b);
    return this;
  }

  /** double field (fixed64, little-endian IEEE 754 double). */
  double(field: number, value: number): this {
    this.tag(field, WIRE_FIXED64);
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, value, true);
    this.append(b);
    return this;
  }

  /** Packed repeated int64 field (one length-delimited record of varints). */
  packedInt64(field: number, values: readonly (number | bigint)[]): this {
    const inner = new ProtoWriter();
    for (const v of values) inner.varint(v);
    return this.bytes(field, inner.finish());
  }

  private tag(field: number, wireType: number): void {
    if (!Number.isInteger(field) || field < 1 || field > MAX_FIELD_NUMBER || (field >= 19_000 && field <= 19_999)) {
      throw new SurvivalInputError('field', `protobuf field number must be an integer in [1, ${MAX_FIELD_NUMBER}] outside 19000..19999`);
    }
    this.varint(field * 8 + wireType);
  }

  /** Base-128 varint of an integer in [-2^63, 2^64). */
  private varint(value: number | bigint): void {
    let v: bigint;
    if (typeof value === 'bigint') v = value;
    else {
      if (!Number.isSafeInteger(value)) throw new SurvivalInputError('value', 'protobuf varint must be a safe integer (or a bigint)');
      v = BigInt(value);
    }
    if (v < -(1n << 63n) || v >= 1n << 64n) throw new SurvivalInputError('value', 'protobuf varint must lie in [-2^63, 2^64)');
    if (v < 0n) v += 1n << 64n; // two's complement, always 10 bytes
    if (v < 0x80n) {
      this.append(Uint8Array.of(Number(v)));
      return;
    }
    const out: number[] = [];
    while (v >= 0x80n) {
      out.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    out.push(Number(v));
    this.append(Uint8Array.from(out));
  }

  private append(bytes: Uint8Array): void {
    const needed = this.length + bytes.length;
    if (needed > this.buffer.length) {
      const grown = new Uint8Array(Math.max(needed, this.buffer.length * 2));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    this.buffer.set(bytes, this.length);
    this.length = needed;
  }
}

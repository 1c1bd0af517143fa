/**
 * A minimal protocol-buffers wire-format reader: enough to walk the fields of an ONNX ModelProto
 * without a generated decoder. It never copies: length-delimited fields are views into the input.
 * Wire types: 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32 (groups, 3/4, are rejected).
 * Malformed input (truncated field, varint past 10 bytes, unknown wire type) → OnnxGraphError.
 */
import { OnnxGraphError } from '../errors.ts';

export type ProtoField =
  | { field: number; wire: 0; value: bigint }
  | { field: number; wire: 1; value: Uint8Array }
  | { field: number; wire: 2; value: Uint8Array }
  | { field: number; wire: 5; value: Uint8Array };

/** The fields of one message, in file order (a repeated field appears once per element). */
export function* protoFields(bytes: Uint8Array): Generator<ProtoField> {
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (pos >= bytes.length) throw new OnnxGraphError('protobuf: truncated varint');
      const b = bytes[pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
    }
    throw new OnnxGraphError('protobuf: varint longer than 10 bytes');
  };
  const take = (n: number): Uint8Array => {
    if (n < 0 || pos + n > bytes.length) throw new OnnxGraphError(`protobuf: field of ${n} bytes runs past the end of its message`);
    const v = bytes.subarray(pos, pos + n);
    pos += n;
    return v;
  };
  while (pos < bytes.length) {
    const key = varint();
    const field = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (field === 0) throw new OnnxGraphError('protobuf: field number 0');
    if (wire === 0) yield { field, wire, value: varint() };
    else if (wire === 1) yield { field, wire, value: take(8) };
    else if (wire === 2) yield { field, wire, value: take(Number(varint())) };
    else if (wire === 5) yield { field, wire, value: take(4) };
    else throw new OnnxGraphError(`protobuf: unsupported wire type ${wire} (field ${field})`);
  }
}

/** A varint as a signed 64-bit integer (two's complement), as a JS number. */
export function int64Of(v: bigint): number {
  return Number(BigInt.asIntN(64, v));
}

/** The integers of a repeated int64 field element: packed (wire 2) or one varint (wire 0). */
export function int64sOf(f: ProtoField): number[] {
  if (f.wire === 0) return [int64Of(f.value)];
  if (f.wire !== 2) throw new OnnxGraphError(`protobuf: field ${f.field} should hold integers (wire type ${f.wire})`);
  const out: number[] = [];
  for (const inner of packedVarints(f.value)) out.push(int64Of(inner));
  return out;
}

function* packedVarints(bytes: Uint8Array): Generator<bigint> {
  let pos = 0;
  while (pos < bytes.length) {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (pos >= bytes.length) throw new OnnxGraphError('protobuf: truncated packed varint');
      if (shift >= 70n) throw new OnnxGraphError('protobuf: varint longer than 10 bytes');
      const b = bytes[pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if ((b & 0x80) === 0) break;
    }
    yield result;
  }
}

/** The floats of a repeated float field element: packed (wire 2) or one fixed32 (wire 5). */
export function float32sOf(f: ProtoField): number[] {
  if (f.wire !== 2 && f.wire !== 5) throw new OnnxGraphError(`protobuf: field ${f.field} should hold floats (wire type ${f.wire})`);
  const view = new DataView(f.value.buffer, f.value.byteOffset, f.value.byteLength);
  if (f.value.byteLength % 4 !== 0) throw new OnnxGraphError(`protobuf: packed floats of ${f.value.byteLength} bytes`);
  return Array.from({ length: f.value.byteLength / 4 }, (_, k) => view.getFloat32(4 * k, true));
}

/** The doubles of a repeated double field element: packed (wire 2) or one fixed64 (wire 1). */
export function float64sOf(f: ProtoField): number[] {
  if (f.wire !== 2 && f.wire !== 1) throw new OnnxGraphError(`protobuf: field ${f.field} should hold doubles (wire type ${f.wire})`);
  const view = new DataView(f.value.buffer, f.value.byteOffset, f.value.byteLength);
  if (f.value.byteLength % 8 !== 0) throw new OnnxGraphError(`protobuf: packed doubles of ${f.value.byteLength} bytes`);
  return Array.from({ length: f.value.byteLength / 8 }, (_, k) => view.getFloat64(8 * k, true));
}

const utf8 = new TextDecoder('utf-8');

/** A string field (wire 2) as UTF-8. */
export function stringOf(f: ProtoField): string {
  if (f.wire !== 2) throw new OnnxGraphError(`protobuf: field ${f.field} should hold a string (wire type ${f.wire})`);
  return utf8.decode(f.value);
}

/** A length-delimited field's bytes (an embedded message). */
export function bytesOf(f: ProtoField): Uint8Array {
  if (f.wire !== 2) throw new OnnxGraphError(`protobuf: field ${f.field} should hold a message (wire type ${f.wire})`);
  return f.value;
}

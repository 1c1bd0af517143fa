/**
 * Read the structure of an ONNX model (onnx/onnx.proto): opsets, graph inputs/outputs/value_info
 * with their shapes, initializer shapes (and the values of small ones, for shape arithmetic), and
 * nodes with their attributes. Weights are never decoded, so a 100 MB model reads in milliseconds;
 * initializers stored as external data keep their dims. Subgraphs of control-flow nodes (If, Loop,
 * Scan) are not descended into.
 */
import { OnnxGraphError } from '../errors.ts';
import {
  bytesOf, float32sOf, float64sOf, int64Of, int64sOf, protoFields, stringOf,
} from './protobuf-reader.ts';

/** TensorProto.DataType codes (onnx.proto). */
export const ONNX_DTYPE = {
  FLOAT: 1, UINT8: 2, INT8: 3, UINT16: 4, INT16: 5, INT32: 6, INT64: 7, STRING: 8, BOOL: 9,
  FLOAT16: 10, DOUBLE: 11, UINT32: 12, UINT64: 13, BFLOAT16: 16,
} as const;

/** A dimension: a size, a symbolic name, or null when the file leaves it open. */
export type OnnxDimValue = number | string | null;

export interface OnnxValue {
  name: string;
  /** TensorProto.DataType code; 0 when not stated. */
  elemType: number;
  /** Undefined when the file gives no shape (unknown rank). */
  shape?: OnnxDimValue[];
}

export interface OnnxInitializer {
  name: string;
  dataType: number;
  dims: number[];
  /** Decoded values of small numeric tensors (≤ SMALL_TENSOR_ELEMENTS), for shape arithmetic. */
  values?: number[];
}

export type OnnxAttributeValue =
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'ints'; value: number[] }
  | { kind: 'floats'; value: number[] }
  | { kind: 'strings'; value: string[] }
  | { kind: 'tensor'; value: OnnxInitializer }
  | { kind: 'other' };

export interface OnnxGraphNode {
  name: string;
  opType: string;
  /** '' is the default ai.onnx domain. */
  domain: string;
  inputs: string[];
  outputs: string[];
  attributes: Record<string, OnnxAttributeValue>;
}

export interface OnnxGraphInfo {
  irVersion: number;
  /** Opset version per domain ('' = ai.onnx). */
  opsets: Record<string, number>;
  inputs: OnnxValue[];
  outputs: OnnxValue[];
  /** Shapes the file states for intermediate values (present after onnx.shape_inference). */
  valueInfo: OnnxValue[];
  initializers: Map<string, OnnxInitializer>;
  nodes: OnnxGraphNode[];
}

/** Initializers with at most this many elements have their values decoded. */
export const SMALL_TENSOR_ELEMENTS = 64;

export function readOnnxGraph(bytes: Uint8Array): OnnxGraphInfo {
  let irVersion = 0;
  const opsets: Record<string, number> = {};
  let graph: Uint8Array | undefined;
  for (const f of protoFields(bytes)) {
    if (f.field === 1 && f.wire === 0) irVersion = int64Of(f.value);
    else if (f.field === 7) graph = bytesOf(f);
    else if (f.field === 8) {
      let domain = '';
      let version = 0;
      for (const g of protoFields(bytesOf(f))) {
        if (g.field === 1) domain = stringOf(g);
        else if (g.field === 2 && g.wire === 0) version = int64Of(g.value);
      }
      opsets[domain === 'ai.onnx' ? '' : domain] = version;
    }
  }
  if (graph === undefined) throw new OnnxGraphError('not an ONNX model: the file has no graph (ModelProto field 7)');
  const info: OnnxGraphInfo = { irVersion, opsets, inputs: [], outputs: [], valueInfo: [], initializers: new Map(), nodes: [] };
  for (const f of protoFields(graph)) {
    if (f.field === 1) info.nodes.push(readNode(bytesOf(f)));
    else if (f.field === 5) {
      const t = readTensor(bytesOf(f));
      info.initializers.set(t.name, t);
    } else if (f.field === 11) info.inputs.push(readValueInfo(bytesOf(f)));
    else if (f.field === 12) info.outputs.push(readValueInfo(bytesOf(f)));
    else if (f.field === 13) info.valueInfo.push(readValueInfo(bytesOf(f)));
  }
  if (info.nodes.length === 0) throw new OnnxGraphError('the ONNX graph has no nodes');
  return info;
}

function readNode(bytes: Uint8Array): OnnxGraphNode {
  const node: OnnxGraphNode = { name: '', opType: '', domain: '', inputs: [], outputs: [], attributes: {} };
  for (const f of protoFields(bytes)) {
    if (f.field === 1) node.inputs.push(stringOf(f));
    else if (f.field === 2) node.outputs.push(stringOf(f));
    else if (f.field === 3) node.name = stringOf(f);
    else if (f.field === 4) node.opType = stringOf(f);
    else if (f.field === 7) node.domain = stringOf(f) === 'ai.onnx' ? '' : stringOf(f);
    else if (f.field === 5) {
      const [name, value] = readAttribute(bytesOf(f));
      node.attributes[name] = value;
    }
  }
  if (node.opType === '') throw new OnnxGraphError(`node '${node.name}' has no op_type`);
  return node;
}

function readAttribute(bytes: Uint8Array): [string, OnnxAttributeValue] {
  let name = '';
  let type = 0;
  let i: number | undefined, fl: number | undefined, s: string | undefined, t: OnnxInitializer | undefined;
  const ints: number[] = [], floats: number[] = [], strings: string[] = [];
  for (const f of protoFields(bytes)) {
    switch (f.field) {
      case 1: name = stringOf(f); break;
      case 2: fl = float32sOf(f)[0]; break;
      case 3: i = f.wire === 0 ? int64Of(f.value) : undefined; break;
      case 4: s = stringOf(f); break;
      case 5: t = readTensor(bytesOf(f)); break;
      case 7: floats.push(...float32sOf(f)); break;
      case 8: ints.push(...int64sOf(f)); break;
      case 9: strings.push(stringOf(f)); break;
      case 20: type = f.wire === 0 ? int64Of(f.value) : 0; break;
      default: break;
    }
  }
  // AttributeProto.AttributeType: FLOAT 1, INT 2, STRING 3, TENSOR 4, FLOATS 6, INTS 7, STRINGS 8.
  const byType: Record<number, () => OnnxAttributeValue> = {
    1: () => ({ kind: 'float', value: fl ?? 0 }),
    2: () => ({ kind: 'int', value: i ?? 0 }),
    3: () => ({ kind: 'string', value: s ?? '' }),
    4: () => (t ? { kind: 'tensor', value: t } : { kind: 'other' }),
    6: () => ({ kind: 'floats', value: floats }),
    7: () => ({ kind: 'ints', value: ints }),
    8: () => ({ kind: 'strings', value: strings }),
  };
  const fromType = byType[type];
  if (fromType) return [name, fromType()];
  // Old files omit `type`: infer it from the field that is present.
  if (i !== undefined) return [name, { kind: 'int', value: i }];
  if (fl !== undefined) return [name, { kind: 'float', value: fl }];
  if (s !== undefined) return [name, { kind: 'string', value: s }];
  if (t !== undefined) return [name, { kind: 'tensor', value: t }];
  if (ints.length > 0) return [name, { kind: 'ints', value: ints }];
  if (floats.length > 0) return [name, { kind: 'floats', value: floats }];
  if (strings.length > 0) return [name, { kind: 'strings', value: strings }];
  return [name, { kind: 'other' }];
}

function readTensor(bytes: Uint8Array): OnnxInitializer {
  const dims: number[] = [];
  let dataType = 0;
  let name = '';
  let raw: Uint8Array | undefined;
  const floatData: number[] = [], int32Data: number[] = [], int64Data: number[] = [], doubleData: number[] = [];
  for (const f of protoFields(bytes)) {
    if (f.field === 1) dims.push(...int64sOf(f));
    else if (f.field === 2 && f.wire === 0) dataType = int64Of(f.value);
    else if (f.field === 8) name = stringOf(f);
    else if (f.field === 9) raw = bytesOf(f);
    else if (f.field === 4) floatData.push(...float32sOf(f));
    else if (f.field === 5) int32Data.push(...int64sOf(f));
    else if (f.field === 7) int64Data.push(...int64sOf(f));
    else if (f.field === 10) doubleData.push(...float64sOf(f));
  }
  const count = dims.reduce((a, d) => a * d, 1);
  const t: OnnxInitializer = { name, dataType, dims };
  if (count <= SMALL_TENSOR_ELEMENTS) {
    const values = raw ? decodeRaw(raw, dataType, count) : typedData(dataType, { floatData, int32Data, int64Data, doubleData });
    if (values !== undefined && values.length === count) t.values = values;
  }
  return t;
}

function typedData(dataType: number, d: { floatData: number[]; int32Data: number[]; int64Data: number[]; doubleData: number[] }): number[] | undefined {
  if (dataType === ONNX_DTYPE.FLOAT) return d.floatData;
  if (dataType === ONNX_DTYPE.INT64) return d.int64Data;
  if (dataType === ONNX_DTYPE.DOUBLE) return d.doubleData;
  if (dataType === ONNX_DTYPE.INT32 || dataType === ONNX_DTYPE.BOOL || dataType === ONNX_DTYPE.INT8 || dataType === ONNX_DTYPE.UINT8) return d.int32Data;
  return undefined;
}

function decodeRaw(raw: Uint8Array, dataType: number, count: number): number[] | undefined {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const read: Record<number, [number, (o: number) => number]> = {
    [ONNX_DTYPE.FLOAT]: [4, (o) => view.getFloat32(o, true)],
    [ONNX_DTYPE.DOUBLE]: [8, (o) => view.getFloat64(o, true)],
    [ONNX_DTYPE.INT64]: [8, (o) => Number(view.getBigInt64(o, true))],
    [ONNX_DTYPE.INT32]: [4, (o) => view.getInt32(o, true)],
    [ONNX_DTYPE.INT8]: [1, (o) => view.getInt8(o)],
    [ONNX_DTYPE.UINT8]: [1, (o) => view.getUint8(o)],
    [ONNX_DTYPE.BOOL]: [1, (o) => view.getUint8(o)],
  };
  const r = read[dataType];
  if (!r || raw.byteLength !== r[0] * count) return undefined;
  return Array.from({ length: count }, (_, k) => r[1](k * r[0]));
}

function readValueInfo(bytes: Uint8Array): OnnxValue {
  const v: OnnxValue = { name: '', elemType: 0 };
  for (const f of protoFields(bytes)) {
    if (f.field === 1) v.name = stringOf(f);
    else if (f.field === 2) readType(bytesOf(f), v);
  }
  return v;
}

function readType(bytes: Uint8Array, v: OnnxValue): void {
  for (const f of protoFields(bytes)) {
    if (f.field !== 1) continue; // tensor_type only; sequences and maps keep an unknown shape
    for (const g of protoFields(bytesOf(f))) {
      if (g.field === 1 && g.wire === 0) v.elemType = int64Of(g.value);
      else if (g.field === 2) v.shape = readShape(bytesOf(g));
    }
  }
}

function readShape(bytes: Uint8Array): OnnxDimValue[] {
  const dims: OnnxDimValue[] = [];
  for (const f of protoFields(bytes)) {
    if (f.field !== 1) continue;
    let d: OnnxDimValue = null;
    for (const g of protoFields(bytesOf(f))) {
      if (g.field === 1 && g.wire === 0) d = int64Of(g.value);
      else if (g.field === 2) d = stringOf(g);
    }
    dims.push(d);
  }
  return dims;
}

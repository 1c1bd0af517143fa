/**
 * Encoders for the subset of ONNX's protobuf messages (onnx/onnx.proto, IR version 8) that a small
 * inference graph needs: ModelProto, GraphProto, NodeProto, AttributeProto (INT only), TensorProto
 * (raw_data, little-endian), ValueInfoProto, TypeProto.Tensor, TensorShapeProto,
 * OperatorSetIdProto and StringStringEntryProto. Field numbers are those of onnx.proto.
 */
import { ProtoWriter } from './protobufWriter.ts';
import { SurvivalInputError } from './errors.ts';

/** TensorProto.DataType values used here. */
export const OnnxDataType = { FLOAT: 1, INT64: 7, DOUBLE: 11 } as const;
export type OnnxDataTypeCode = (typeof OnnxDataType)[keyof typeof OnnxDataType];

/** A tensor constant (graph initializer), row-major. */
export interface OnnxTensor {
  readonly name: string;
  readonly dataType: OnnxDataTypeCode;
  readonly dims: readonly number[];
  readonly values: ArrayLike<number>;
}

/** A dimension is a fixed size or a symbolic name such as "N". */
export type OnnxDim = number | string;

export interface OnnxValueInfo {
  readonly name: string;
  readonly elemType: OnnxDataTypeCode;
  readonly shape: readonly OnnxDim[];
  readonly docString?: string;
}

export interface OnnxNode {
  readonly opType: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly name: string;
  /** Integer attributes only (e.g. Cast's `to`). */
  readonly intAttributes?: Readonly<Record<string, number>>;
}

export interface OnnxGraph {
  readonly name: string;
  readonly nodes: readonly OnnxNode[];
  readonly initializers: readonly OnnxTensor[];
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
  readonly docString?: string;
}

export interface OnnxModel {
  readonly irVersion: number;
  /** Default-domain ("ai.onnx") opset version. */
  readonly opsetVersion: number;
  readonly producerName: string;
  readonly producerVersion: string;
  readonly modelVersion: number;
  readonly docString?: string;
  readonly graph: OnnxGraph;
  /** metadata_props, written in the given order. */
  readonly metadata: readonly (readonly [string, string])[];
}

const ATTRIBUTE_TYPE_INT = 2;

function writeTensor(w: ProtoWriter, t: OnnxTensor): void {
  const count = t.dims.reduce((a, d) => a * d, 1);
  if (t.dims.some((d) => !Number.isSafeInteger(d) || d < 0) || count !== t.values.length) {
    throw new SurvivalInputError(`tensor ${t.name}`, `dims [${t.dims.join(', ')}] must be non-negative integers whose product equals the ${t.values.length} values`);
  }
  for (const d of t.dims) w.int64(1, d);
  w.int64(2, t.dataType);
  w.string(8, t.name);
  w.bytes(9, rawData(t));
}

function rawData(t: OnnxTensor): Uint8Array {
  const n = t.values.length;
  const width = t.dataType === OnnxDataType.FLOAT ? 4 : 8;
  const out = new Uint8Array(n * width);
  const view = new DataView(out.buffer);
  for (let k = 0; k < n; k++) {
    const v = t.values[k]!;
    if (t.dataType === OnnxDataType.FLOAT) view.setFloat32(k * 4, v, true);
    else if (t.dataType === OnnxDataType.DOUBLE) view.setFloat64(k * 8, v, true);
    else {
      if (!Number.isSafeInteger(v)) throw new SurvivalInputError(`tensor ${t.name}`, `int64 entry ${k} must be a safe integer`);
      view.setBigInt64(k * 8, BigInt(v), true);
    }
  }
  return out;
}

function writeValueInfo(w: ProtoWriter, v: OnnxValueInfo): void {
  w.string(1, v.name);
  w.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.int64(1, v.elemType);
      tensor.message(2, (shape) => {
        for (const d of v.shape) {
          shape.message(1, (dim) => {
            if (typeof d === 'number') dim.int64(1, d);
            else dim.string(2, d);
          });
        }
      });
    }),
  );
  if (v.docString !== undefined) w.string(3, v.docString);
}

function writeNode(w: ProtoWriter, n: OnnxNode): void {
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  w.string(3, n.name);
  w.string(4, n.opType);
  for (const [name, value] of Object.entries(n.intAttributes ?? {})) {
    w.message(5, (a) => {
      a.string(1, name);
      a.int64(3, value);
      a.int64(20, ATTRIBUTE_TYPE_INT);
    });
  }
}

function writeGraph(w: ProtoWriter, g: OnnxGraph): void {
  for (const n of g.nodes) w.message(1, (m) => writeNode(m, n));
  w.string(2, g.name);
  for (const t of g.initializers) w.message(5, (m) => writeTensor(m, t));
  if (g.docString !== undefined) w.string(10, g.docString);
  for (const v of g.inputs) w.message(11, (m) => writeValueInfo(m, v));
  for (const v of g.outputs) w.message(12, (m) => writeValueInfo(m, v));
}

/**
 * Serialises an ONNX ModelProto.
 * @throws SurvivalInputError for tensors whose dims do not match their values.
 */
export function encodeOnnxModel(model: OnnxModel): Uint8Array {
  const w = new ProtoWriter();
  w.int64(1, model.irVersion);
  w.string(2, model.producerName);
  w.string(3, model.producerVersion);
  w.int64(5, model.modelVersion);
  if (model.docString !== undefined) w.string(6, model.docString);
  w.message(7, (g) => writeGraph(g, model.graph));
  w.message(8, (op) => {
    op.string(1, '');
    op.int64(2, model.opsetVersion);
  });
  for (const [key, value] of model.metadata) {
    w.message(14, (e) => {
      e.string(1, key);
      e.string(2, value);
    });
  }
  return w.finish();
}

/**
 * A static shape walk over an ONNX graph (read by onnx-graph.ts): the concrete shape of every value,
 * from the graph inputs' shapes, the initializers and per-op rules, with the small integer tensors
 * of shape arithmetic (Shape → Gather → Concat → Reshape, as torch.onnx exports them) folded to
 * values. Ops without a rule take the shapes the file records in value_info (a model saved after
 * onnx.shape_inference.infer_shapes records all of them); otherwise their outputs stay unresolved,
 * with the reason, and only a consumer that needs them fails.
 *
 * Rules exist for what convolutional/transformer denoisers use: Conv, ConvTranspose, pooling,
 * MatMul, Gemm, Resize/Upsample, normalisations (Instance/Group/Layer/Batch), elementwise unary and
 * broadcasting binary ops, Concat, Split, Reshape, Flatten, (Un)Squeeze, Transpose, Shape, Gather,
 * Slice, Expand, Tile, Pad, ConstantOfShape, Range, reductions, Softmax.
 */
import { OnnxGraphError } from '../errors.ts';
import { ONNX_DTYPE, type OnnxAttributeValue, type OnnxGraphInfo, type OnnxGraphNode, type OnnxInitializer } from './onnx-graph.ts';

/** A value with a concrete shape; `values` when it is a small tensor known at load time. */
export interface KnownValue {
  shape: number[];
  values?: number[];
  /** The values are integers (int64/int32/bool): Div truncates. */
  integer?: boolean;
}
export type ShapeEntry = KnownValue | { unresolved: string };

export const isKnown = (e: ShapeEntry | undefined): e is KnownValue => e !== undefined && 'shape' in e;

export interface InferShapesOptions {
  /** Concrete shapes for graph inputs whose file shape has symbolic or open dims (e.g. batch). */
  inputShapes?: Readonly<Record<string, readonly number[]>>;
}

const UNARY = new Set([
  'Identity', 'Cast', 'CastLike', 'Dropout', 'Relu', 'LeakyRelu', 'PRelu', 'Elu', 'Selu', 'Celu', 'Gelu', 'Sigmoid', 'HardSigmoid',
  'HardSwish', 'Tanh', 'Softplus', 'Softsign', 'Mish', 'Sin', 'Cos', 'Exp', 'Log', 'Sqrt', 'Reciprocal', 'Neg', 'Abs', 'Erf',
  'Floor', 'Ceil', 'Round', 'Sign', 'Not', 'Clip', 'Softmax', 'LogSoftmax', 'InstanceNormalization', 'GroupNormalization',
  'LayerNormalization', 'BatchNormalization', 'LpNormalization', 'MeanVarianceNormalization', 'IsNaN', 'IsInf',
]);
const BINARY: Record<string, (a: number, b: number, integer: boolean) => number> = {
  Add: (a, b) => a + b, Sub: (a, b) => a - b, Mul: (a, b) => a * b,
  Div: (a, b, int) => (int ? Math.trunc(a / b) : a / b), Pow: (a, b) => a ** b, Max: (a, b) => Math.max(a, b), Min: (a, b) => Math.min(a, b),
  Mod: (a, b) => a - b * Math.floor(a / b), Equal: (a, b) => Number(a === b), Less: (a, b) => Number(a < b),
  LessOrEqual: (a, b) => Number(a <= b), Greater: (a, b) => Number(a > b), GreaterOrEqual: (a, b) => Number(a >= b),
  And: (a, b) => Number(Boolean(a) && Boolean(b)), Or: (a, b) => Number(Boolean(a) || Boolean(b)),
};
const POOL = new Set(['MaxPool', 'AveragePool', 'LpPool']);
const REDUCE = new Set(['ReduceMean', 'ReduceSum', 'ReduceMax', 'ReduceMin', 'ReduceProd', 'ReduceL2', 'ReduceL1', 'ReduceSumSquare', 'ReduceLogSumExp', 'ArgMax', 'ArgMin']);
const INTEGER_TYPES: ReadonlySet<number> = new Set([ONNX_DTYPE.INT64, ONNX_DTYPE.INT32, ONNX_DTYPE.INT16, ONNX_DTYPE.INT8, ONNX_DTYPE.UINT8, ONNX_DTYPE.BOOL]);

const product = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);

/** Shapes of every value of the graph, keyed by value name. */
export function inferOnnxShapes(graph: OnnxGraphInfo, opts: InferShapesOptions = {}): Map<string, ShapeEntry> {
  const known = new Map<string, ShapeEntry>();
  for (const t of graph.initializers.values()) known.set(t.name, fromTensor(t));
  for (const input of graph.inputs) {
    if (graph.initializers.has(input.name)) continue;
    const given = opts.inputShapes?.[input.name];
    if (given) {
      if (!given.every((d) => Number.isInteger(d) && d >= 0)) throw new OnnxGraphError(`inputShapes.${input.name} must be non-negative integers, got [${given.join(', ')}]`);
      known.set(input.name, { shape: [...given], integer: INTEGER_TYPES.has(input.elemType) });
    } else if (input.shape && input.shape.every((d): d is number => typeof d === 'number')) {
      known.set(input.name, { shape: input.shape, integer: INTEGER_TYPES.has(input.elemType) });
    } else {
      throw new OnnxGraphError(
        `graph input '${input.name}' has shape [${(input.shape ?? ['?']).map((d) => d ?? '?').join(', ')}]: give its concrete shape in inputShapes`,
      );
    }
  }
  const recorded = new Map<string, number[]>();
  for (const v of graph.valueInfo) if (v.shape?.every((d): d is number => typeof d === 'number')) recorded.set(v.name, v.shape);

  for (const node of graph.nodes) {
    let outs: ShapeEntry[];
    try {
      outs = applyRule(node, node.inputs.map((n) => (n === '' ? undefined : known.get(n))), graph.opsets[''] ?? 0);
    } catch (e) {
      if (!(e instanceof Unresolved)) throw e;
      outs = node.outputs.map((o) => {
        const r = recorded.get(o);
        return r ? { shape: r } : { unresolved: `${node.opType} node '${node.name}': ${e.message}` };
      });
    }
    node.outputs.forEach((o, k) => { if (o !== '') known.set(o, outs[k] ?? { unresolved: `${node.opType} node '${node.name}': output ${k} not inferred` }); });
  }
  return known;
}

class Unresolved extends Error {}

function applyRule(node: OnnxGraphNode, ins: (ShapeEntry | undefined)[], opset: number): ShapeEntry[] {
  const a = node.attributes;
  const input = (k: number): KnownValue => {
    const e = ins[k];
    if (e === undefined) throw new Unresolved(`input ${k} is missing`);
    if (!isKnown(e)) throw new Unresolved(`input ${k} unresolved (${e.unresolved})`);
    return e;
  };
  const valuesOf = (k: number, what: string): number[] => {
    const v = input(k).values;
    if (v === undefined) throw new Unresolved(`${what} (input ${k}) is not a constant`);
    return v;
  };
  const axisOf = (axis: number, rank: number): number => (axis < 0 ? axis + rank : axis);
  const op = node.domain === '' || node.domain === 'com.microsoft' ? node.opType : `${node.domain}.${node.opType}`;

  if (op === 'Constant') return [constantValue(a)];
  if (UNARY.has(op)) {
    const x = input(0);
    const integer = op === 'Cast' ? INTEGER_TYPES.has(intAttr(a, 'to', 0)) : x.integer;
    const keep = op === 'Identity' || op === 'Cast' || op === 'CastLike';
    return [{ shape: x.shape, ...(keep && x.values ? { values: x.values } : {}), ...(integer ? { integer } : {}) }];
  }
  const binary = BINARY[op];
  if (binary) return [broadcastValues(input(0), input(1), binary)];
  if (op === 'Where') return [{ shape: broadcast(broadcast(input(0).shape, input(1).shape), input(2).shape) }];
  if (op === 'Shape') {
    const rank = input(0).shape.length;
    const start = clampAxis(intAttr(a, 'start', 0), rank);
    const end = clampAxis(intAttr(a, 'end', rank), rank);
    const values = input(0).shape.slice(start, end);
    return [{ shape: [values.length], values, integer: true }];
  }
  if (op === 'Size') return [{ shape: [], values: [product(input(0).shape)], integer: true }];
  if (op === 'Conv' || POOL.has(op)) return [convLike(node, input(0).shape, op === 'Conv' ? input(1).shape : undefined)];
  if (op === 'ConvTranspose') return [convTranspose(node, input(0).shape, input(1).shape)];
  if (op === 'GlobalAveragePool' || op === 'GlobalMaxPool') return [{ shape: input(0).shape.map((d, i) => (i < 2 ? d : 1)) }];
  if (op === 'MatMul') return [{ shape: matmulShape(input(0).shape, input(1).shape) }];
  if (op === 'Gemm') {
    const [A, B] = [input(0).shape, input(1).shape];
    if (A.length !== 2 || B.length !== 2) throw new OnnxGraphError(`Gemm node '${node.name}': A and B must be 2-D, got [${A.join(',')}] and [${B.join(',')}]`);
    return [{ shape: [intAttr(a, 'transA', 0) ? A[1]! : A[0]!, intAttr(a, 'transB', 0) ? B[0]! : B[1]!] }];
  }
  if (op === 'Concat') {
    const parts = ins.map((_, k) => input(k));
    const rank = parts[0]!.shape.length;
    const axis = axisOf(intAttr(a, 'axis', 0), rank);
    const shape = [...parts[0]!.shape];
    shape[axis] = parts.reduce((s, p) => s + p.shape[axis]!, 0);
    const values = rank === 1 && parts.every((p) => p.values) ? parts.flatMap((p) => p.values!) : undefined;
    return [{ shape, ...(values ? { values } : {}), ...(parts.every((p) => p.integer) ? { integer: true } : {}) }];
  }
  if (op === 'Split') {
    const x = input(0);
    const axis = axisOf(intAttr(a, 'axis', 0), x.shape.length);
    const n = node.outputs.length;
    const sizes = ins[1] !== undefined ? valuesOf(1, 'split') : intsAttr(a, 'split')
      ?? Array.from({ length: n }, (_, k) => Math.min(Math.ceil(x.shape[axis]! / n), x.shape[axis]! - k * Math.ceil(x.shape[axis]! / n)));
    return sizes.map((s) => ({ shape: x.shape.map((d, i) => (i === axis ? s : d)) }));
  }
  if (op === 'Resize' || op === 'Upsample') return [resizeShape(node, ins, input, opset)];
  if (op === 'Reshape') return [reshape(input(0), valuesOf(1, 'shape'), intAttr(a, 'allowzero', 0) === 1)];
  if (op === 'Flatten') {
    const s = input(0).shape;
    const axis = axisOf(intAttr(a, 'axis', 1), s.length);
    return [{ shape: [product(s.slice(0, axis)), product(s.slice(axis))] }];
  }
  if (op === 'Unsqueeze' || op === 'Squeeze') {
    const x = input(0);
    const axes = opset >= 13 ? (ins[1] !== undefined ? valuesOf(1, 'axes') : undefined) : intsAttr(a, 'axes');
    let shape: number[];
    if (op === 'Unsqueeze') {
      if (!axes) throw new OnnxGraphError(`Unsqueeze node '${node.name}' has no axes`);
      const rank = x.shape.length + axes.length;
      const at = new Set(axes.map((ax) => axisOf(ax, rank)));
      const rest = [...x.shape];
      shape = Array.from({ length: rank }, (_, i) => (at.has(i) ? 1 : rest.shift()!));
    } else {
      const at = axes ? new Set(axes.map((ax) => axisOf(ax, x.shape.length))) : undefined;
      shape = x.shape.filter((d, i) => (at ? !at.has(i) : d !== 1));
    }
    return [{ shape, ...(x.values ? { values: x.values } : {}), ...(x.integer ? { integer: true } : {}) }];
  }
  if (op === 'Transpose') {
    const s = input(0).shape;
    const perm = intsAttr(a, 'perm') ?? s.map((_, i) => s.length - 1 - i);
    return [{ shape: perm.map((p) => s[p]!) }];
  }
  if (op === 'Gather') {
    const data = input(0);
    const idx = input(1);
    const axis = axisOf(intAttr(a, 'axis', 0), data.shape.length);
    const shape = [...data.shape.slice(0, axis), ...idx.shape, ...data.shape.slice(axis + 1)];
    const values = data.shape.length === 1 && data.values && idx.values
      ? idx.values.map((i) => data.values![i < 0 ? i + data.shape[0]! : i]!) : undefined;
    return [{ shape, ...(values ? { values } : {}), ...(data.integer ? { integer: true } : {}) }];
  }
  if (op === 'Slice') return [slice(node, input(0), opset, valuesOf, ins.length)];
  if (op === 'Expand') return [{ shape: broadcast(input(0).shape, valuesOf(1, 'shape')) }];
  if (op === 'Tile') return [{ shape: input(0).shape.map((d, i) => d * valuesOf(1, 'repeats')[i]!) }];
  if (op === 'ConstantOfShape') {
    const shape = valuesOf(0, 'shape');
    const fill = a.value?.kind === 'tensor' ? (a.value.value.values?.[0] ?? 0) : 0;
    return [{ shape, ...(product(shape) <= 64 ? { values: new Array<number>(product(shape)).fill(fill) } : {}) }];
  }
  if (op === 'Range') {
    const [start, limit, delta] = [valuesOf(0, 'start')[0]!, valuesOf(1, 'limit')[0]!, valuesOf(2, 'delta')[0]!];
    return [{ shape: [Math.max(0, Math.ceil((limit - start) / delta))] }];
  }
  if (op === 'Pad') {
    const x = input(0);
    const pads = opset >= 11 ? valuesOf(1, 'pads') : (intsAttr(a, 'pads') ?? []);
    const axes = opset >= 18 && ins[3] !== undefined ? valuesOf(3, 'axes').map((ax) => axisOf(ax, x.shape.length)) : x.shape.map((_, i) => i);
    const shape = [...x.shape];
    axes.forEach((ax, k) => (shape[ax] = shape[ax]! + pads[k]! + pads[k + axes.length]!));
    return [{ shape }];
  }
  if (REDUCE.has(op)) {
    const x = input(0);
    const fromInput = (op === 'ReduceSum' && opset >= 13) || opset >= 18;
    const axes = fromInput ? (ins[1] !== undefined ? valuesOf(1, 'axes') : undefined) : intsAttr(a, 'axes')
      ?? (op.startsWith('Arg') ? [intAttr(a, 'axis', 0)] : undefined);
    const all = axes === undefined || axes.length === 0;
    if (all && intAttr(a, 'noop_with_empty_axes', 0) === 1) return [{ shape: x.shape }];
    const at = new Set((axes ?? []).map((ax) => axisOf(ax, x.shape.length)));
    const keep = intAttr(a, 'keepdims', 1) === 1;
    const shape = x.shape.flatMap((d, i) => (all || at.has(i) ? (keep ? [1] : []) : [d]));
    return [{ shape }];
  }
  throw new Unresolved('no shape rule for this op and no value_info in the file');
}

function fromTensor(t: OnnxInitializer): KnownValue {
  return { shape: t.dims, ...(t.values ? { values: t.values } : {}), ...(INTEGER_TYPES.has(t.dataType) ? { integer: true } : {}) };
}

function constantValue(a: Record<string, OnnxAttributeValue>): KnownValue {
  const v = a.value;
  if (v?.kind === 'tensor') return fromTensor(v.value);
  if (a.value_int?.kind === 'int') return { shape: [], values: [a.value_int.value], integer: true };
  if (a.value_ints?.kind === 'ints') return { shape: [a.value_ints.value.length], values: a.value_ints.value, integer: true };
  if (a.value_float?.kind === 'float') return { shape: [], values: [a.value_float.value] };
  if (a.value_floats?.kind === 'floats') return { shape: [a.value_floats.value.length], values: a.value_floats.value };
  throw new Unresolved('Constant without a supported value attribute');
}

function intAttr(a: Record<string, OnnxAttributeValue>, name: string, fallback: number): number {
  const v = a[name];
  return v?.kind === 'int' ? v.value : fallback;
}
function intsAttr(a: Record<string, OnnxAttributeValue>, name: string): number[] | undefined {
  const v = a[name];
  return v?.kind === 'ints' ? v.value : undefined;
}
function stringAttr(a: Record<string, OnnxAttributeValue>, name: string, fallback: string): string {
  const v = a[name];
  return v?.kind === 'string' ? v.value : fallback;
}
const clampAxis = (axis: number, rank: number): number => Math.min(rank, Math.max(0, axis < 0 ? axis + rank : axis));

/** Numpy broadcasting of two shapes. */
export function broadcast(x: readonly number[], y: readonly number[]): number[] {
  const n = Math.max(x.length, y.length);
  return Array.from({ length: n }, (_, i) => {
    const p = x[x.length - n + i] ?? 1;
    const q = y[y.length - n + i] ?? 1;
    if (p !== q && p !== 1 && q !== 1) throw new OnnxGraphError(`shapes [${x.join(', ')}] and [${y.join(', ')}] do not broadcast`);
    return p === 1 ? q : p;
  });
}

function broadcastValues(x: KnownValue, y: KnownValue, f: (a: number, b: number, integer: boolean) => number): KnownValue {
  const shape = broadcast(x.shape, y.shape);
  const integer = Boolean(x.integer && y.integer);
  const n = product(shape);
  // Values only for the scalar / 1-D tensors of shape arithmetic.
  if (x.values && y.values && shape.length <= 1 && (x.values.length === n || x.values.length === 1) && (y.values.length === n || y.values.length === 1)) {
    const values = Array.from({ length: n }, (_, i) => f(x.values![x.values!.length === 1 ? 0 : i]!, y.values![y.values!.length === 1 ? 0 : i]!, integer));
    return { shape, values, ...(integer ? { integer } : {}) };
  }
  return { shape, ...(integer ? { integer } : {}) };
}

function matmulShape(A: readonly number[], B: readonly number[]): number[] {
  const a = A.length === 1 ? [1, A[0]!] : [...A];
  const b = B.length === 1 ? [B[0]!, 1] : [...B];
  if (a.at(-1) !== b.at(-2)) throw new OnnxGraphError(`MatMul shapes [${A.join(', ')}] × [${B.join(', ')}] do not match`);
  const out = [...broadcast(a.slice(0, -2), b.slice(0, -2)), a.at(-2)!, b.at(-1)!];
  if (A.length === 1) out.splice(-2, 1);
  if (B.length === 1) out.splice(-1, 1);
  return out;
}

/** Conv and pooling output shape: floor or ceil((in + pads − dil·(k − 1) − 1) / stride) + 1 per spatial axis. */
function convLike(node: OnnxGraphNode, x: readonly number[], w: readonly number[] | undefined): KnownValue {
  const a = node.attributes;
  const spatial = x.length - 2;
  const kernel = intsAttr(a, 'kernel_shape') ?? w?.slice(2);
  if (!kernel || kernel.length !== spatial) throw new OnnxGraphError(`${node.opType} node '${node.name}': kernel_shape unknown or of the wrong rank for input [${x.join(', ')}]`);
  const strides = intsAttr(a, 'strides') ?? kernel.map(() => 1);
  const dil = intsAttr(a, 'dilations') ?? kernel.map(() => 1);
  const pads = intsAttr(a, 'pads') ?? new Array<number>(2 * spatial).fill(0);
  const autoPad = stringAttr(a, 'auto_pad', 'NOTSET');
  const ceil = intAttr(a, 'ceil_mode', 0) === 1;
  const out = kernel.map((k, i) => {
    const n = x[i + 2]!;
    if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') return Math.ceil(n / strides[i]!);
    const p = autoPad === 'VALID' ? 0 : pads[i]! + pads[i + spatial]!;
    const r = (n + p - dil[i]! * (k - 1) - 1) / strides[i]!;
    return (ceil ? Math.ceil(r) : Math.floor(r)) + 1;
  });
  return { shape: [x[0]!, w ? w[0]! : x[1]!, ...out] };
}

/** ConvTranspose: out = stride·(in − 1) + output_padding + dil·(k − 1) + 1 − pads (or output_shape). */
function convTranspose(node: OnnxGraphNode, x: readonly number[], w: readonly number[]): KnownValue {
  const a = node.attributes;
  const spatial = x.length - 2;
  const kernel = intsAttr(a, 'kernel_shape') ?? w.slice(2);
  const strides = intsAttr(a, 'strides') ?? kernel.map(() => 1);
  const dil = intsAttr(a, 'dilations') ?? kernel.map(() => 1);
  const pads = intsAttr(a, 'pads') ?? new Array<number>(2 * spatial).fill(0);
  const outPad = intsAttr(a, 'output_padding') ?? kernel.map(() => 0);
  const given = intsAttr(a, 'output_shape');
  const autoPad = stringAttr(a, 'auto_pad', 'NOTSET');
  const out = kernel.map((k, i) => {
    if (given) return given[given.length - spatial + i]!;
    if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') return x[i + 2]! * strides[i]!;
    const p = autoPad === 'VALID' ? 0 : pads[i]! + pads[i + spatial]!;
    return strides[i]! * (x[i + 2]! - 1) + outPad[i]! + dil[i]! * (k - 1) + 1 - p;
  });
  return { shape: [x[0]!, w[1]! * intAttr(a, 'group', 1), ...out] };
}

function resizeShape(
  node: OnnxGraphNode, ins: (ShapeEntry | undefined)[], input: (k: number) => KnownValue, opset: number,
): KnownValue {
  const x = input(0).shape;
  const a = node.attributes;
  const scalesAt = node.opType === 'Upsample' || opset < 11 ? 1 : 2;
  const axes = (intsAttr(a, 'axes') ?? x.map((_, i) => i)).map((ax) => (ax < 0 ? ax + x.length : ax));
  const sizes = node.opType === 'Resize' && opset >= 11 && ins[3] !== undefined ? input(3).values : undefined;
  const scales = ins[scalesAt] !== undefined ? input(scalesAt).values : node.opType === 'Upsample' ? (a.scales?.kind === 'floats' ? a.scales.value : undefined) : undefined;
  const shape = [...x];
  if (sizes && sizes.length > 0) axes.forEach((ax, k) => (shape[ax] = sizes[k]!));
  else if (scales && scales.length > 0) axes.forEach((ax, k) => (shape[ax] = Math.floor(x[ax]! * scales[k]!)));
  else throw new Unresolved('Resize without constant scales or sizes');
  return { shape };
}

function reshape(x: KnownValue, target: readonly number[], allowZero: boolean): KnownValue {
  const shape = target.map((d, i) => (d === 0 && !allowZero ? x.shape[i]! : d));
  const unknown = shape.indexOf(-1);
  if (unknown >= 0) shape[unknown] = product(x.shape) / product(shape.filter((_, i) => i !== unknown));
  if (product(shape) !== product(x.shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new OnnxGraphError(`Reshape of [${x.shape.join(', ')}] to [${target.join(', ')}] changes the element count`);
  }
  return { shape, ...(x.values ? { values: x.values } : {}), ...(x.integer ? { integer: true } : {}) };
}

function slice(node: OnnxGraphNode, x: KnownValue, opset: number, valuesOf: (k: number, what: string) => number[], nInputs: number): KnownValue {
  const a = node.attributes;
  const fromInputs = opset >= 10;
  const starts = fromInputs ? valuesOf(1, 'starts') : (intsAttr(a, 'starts') ?? []);
  const ends = fromInputs ? valuesOf(2, 'ends') : (intsAttr(a, 'ends') ?? []);
  const axes = (fromInputs ? (nInputs > 3 ? valuesOf(3, 'axes') : undefined) : intsAttr(a, 'axes')) ?? starts.map((_, i) => i);
  const steps = (fromInputs && nInputs > 4 ? valuesOf(4, 'steps') : undefined) ?? starts.map(() => 1);
  const shape = [...x.shape];
  let values = x.values;
  axes.forEach((axRaw, k) => {
    const ax = axRaw < 0 ? axRaw + shape.length : axRaw;
    const n = x.shape[ax]!;
    const step = steps[k]!;
    const clampTo = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v < 0 ? v + n : v));
    const s = step > 0 ? clampTo(starts[k]!, 0, n) : clampTo(starts[k]!, -1, n - 1);
    const e = step > 0 ? clampTo(ends[k]!, 0, n) : clampTo(ends[k]!, -1, n - 1);
    shape[ax] = Math.max(0, Math.ceil((e - s) / step));
    if (values && x.shape.length === 1) values = Array.from({ length: shape[ax] }, (_, i) => values![s + i * step]!);
  });
  return { shape, ...(values ? { values } : {}), ...(x.integer ? { integer: true } : {}) };
}

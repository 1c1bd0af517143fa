/**
 * Floating-point operations of one run of an ONNX model, counted from its graph (no inference).
 *
 * Counted (`flops`): the multiply–accumulates of Conv, ConvTranspose, MatMul and Gemm, as 2 FLOPs per
 * MAC, the usual convention for achieved-GFLOP/s figures. Bias additions of Conv/ConvTranspose/Gemm
 * are not counted.
 *   Conv:          N · C_out · ∏ out_spatial · (C_in / group) · ∏ kernel
 *   ConvTranspose: N · C_in · ∏ in_spatial · (C_out / group) · ∏ kernel
 *   MatMul:        ∏ output dims · K        Gemm: M · N · K
 * Not counted in `flops`: everything else (elementwise, activations, normalisations, Resize, Concat,
 * reshapes). Their output element counts are reported per op type in `otherOps`, as a rough measure
 * of memory-bound work, and never added to `flops`.
 *
 * Shapes come from the static shape walk (infer-onnx-shapes.ts). A counted node whose shapes cannot
 * be resolved is an OnnxGraphError naming the node and the cause; other unresolved nodes are listed
 * in `unresolved`.
 */
import { OnnxGraphError } from '../errors.ts';
import { inferOnnxShapes, isKnown, type InferShapesOptions, type KnownValue, type ShapeEntry } from './infer-onnx-shapes.ts';
import { readOnnxGraph, type OnnxGraphNode } from './onnx-graph.ts';

export const FLOP_COUNTED_OPS = ['Conv', 'ConvTranspose', 'MatMul', 'Gemm'] as const;
export type FlopCountedOp = (typeof FLOP_COUNTED_OPS)[number];

export interface OnnxNodeFlops {
  name: string;
  opType: FlopCountedOp;
  outputShape: number[];
  macs: number;
  flops: number;
}

export interface OnnxFlopCount {
  /** 2 × MACs of Conv, ConvTranspose, MatMul and Gemm (bias and elementwise work excluded). */
  flops: number;
  macs: number;
  byOpType: Partial<Record<FlopCountedOp, { nodes: number; flops: number }>>;
  /** Per counted node, in graph order. */
  nodes: OnnxNodeFlops[];
  /** All other ops: node count and output elements (not FLOPs, not in `flops`). */
  otherOps: Record<string, { nodes: number; outputElements: number }>;
  /** Uncounted nodes whose output shapes could not be resolved, with the reason. */
  unresolved: string[];
}

const product = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);

/** Count the FLOPs of one run of the ONNX model in `bytes` (a ModelProto). */
export function countOnnxFlops(bytes: Uint8Array, opts: InferShapesOptions = {}): OnnxFlopCount {
  const graph = readOnnxGraph(bytes);
  const shapes = inferOnnxShapes(graph, opts);
  const result: OnnxFlopCount = { flops: 0, macs: 0, byOpType: {}, nodes: [], otherOps: {}, unresolved: [] };
  for (const node of graph.nodes) {
    if ((FLOP_COUNTED_OPS as readonly string[]).includes(node.opType) && node.domain === '') {
      const opType = node.opType as FlopCountedOp;
      const inputs = [0, 1].map((k) => requireShape(node, shapes, node.inputs[k], `input ${k}`));
      const output = requireShape(node, shapes, node.outputs[0], 'output');
      const macs = nodeMacs(node, (k) => inputs[k]!, output);
      const outputShape = output.shape;
      result.nodes.push({ name: node.name, opType, outputShape, macs, flops: 2 * macs });
      result.macs += macs;
      result.flops += 2 * macs;
      const entry = (result.byOpType[opType] ??= { nodes: 0, flops: 0 });
      entry.nodes++;
      entry.flops += 2 * macs;
      continue;
    }
    const key = node.domain === '' ? node.opType : `${node.domain}.${node.opType}`;
    const entry = (result.otherOps[key] ??= { nodes: 0, outputElements: 0 });
    entry.nodes++;
    for (const o of node.outputs) {
      const s = shapes.get(o);
      if (isKnown(s)) entry.outputElements += product(s.shape);
      else if (s && !result.unresolved.includes(s.unresolved)) result.unresolved.push(s.unresolved);
    }
  }
  return result;
}

function requireShape(node: OnnxGraphNode, shapes: Map<string, ShapeEntry>, name: string | undefined, role: string): KnownValue {
  const s = name === undefined || name === '' ? undefined : shapes.get(name);
  if (isKnown(s)) return s;
  const why = s ? s.unresolved : 'not produced by any node';
  throw new OnnxGraphError(
    `cannot count FLOPs of ${node.opType} node '${node.name}': the shape of its ${role} '${name ?? ''}' is unknown (${why}); ` +
      'save the model after onnx.shape_inference.infer_shapes to record the shapes',
  );
}

function nodeMacs(node: OnnxGraphNode, input: (k: number) => KnownValue, output: KnownValue): number {
  const out = output.shape;
  const attrInt = (name: string, fallback: number): number => {
    const v = node.attributes[name];
    return v?.kind === 'int' ? v.value : fallback;
  };
  switch (node.opType) {
    case 'Conv': {
      const w = input(1).shape; // [C_out, C_in / group, k...]
      return product(out) * product(w.slice(1));
    }
    case 'ConvTranspose': {
      const x = input(0).shape; // [N, C_in, spatial...]
      const w = input(1).shape; // [C_in, C_out / group, k...]
      return product(x) * product(w.slice(1));
    }
    case 'MatMul': {
      const a = input(0).shape;
      return product(out) * a[a.length - 1]!;
    }
    case 'Gemm': {
      const a = input(0).shape;
      const k = attrInt('transA', 0) ? a[0]! : a[1]!;
      return product(out) * k;
    }
    default:
      throw new OnnxGraphError(`no FLOP rule for ${node.opType}`);
  }
}

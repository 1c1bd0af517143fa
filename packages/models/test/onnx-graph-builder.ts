/**
 * Test helper: encode a small ONNX ModelProto (float32 weights as raw_data, int/ints/float/floats/string
 * attributes) so the graph reader, the shape walk and the FLOP counter can be checked on graphs whose
 * answer is known, and the same bytes run through onnxruntime-node.
 */
type Attr = number | number[] | string | { floats: number[] } | { float: number };

export interface TestNode { op: string; inputs: string[]; outputs: string[]; attrs?: Record<string, Attr>; name?: string }
export interface TestTensor { name: string; dims: number[]; dataType?: 1 | 7; values?: number[] }
export interface TestValue { name: string; shape?: (number | string)[]; elemType?: number }

class Writer {
  private chunks: number[] = [];
  private varint(v: number | bigint): void {
    let x = BigInt.asUintN(64, BigInt(v));
    do {
      let b = Number(x & 0x7fn);
      x >>= 7n;
      if (x > 0n) b |= 0x80;
      this.chunks.push(b);
    } while (x > 0n);
  }
  int(field: number, v: number): void { this.varint(field * 8); this.varint(v); }
  bytes(field: number, b: Uint8Array): void { this.varint(field * 8 + 2); this.varint(b.length); this.chunks.push(...b); }
  string(field: number, s: string): void { this.bytes(field, new TextEncoder().encode(s)); }
  float(field: number, v: number): void {
    this.varint(field * 8 + 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, v, true);
    this.chunks.push(...b);
  }
  message(field: number, fill: (w: Writer) => void): void { const w = new Writer(); fill(w); this.bytes(field, w.finish()); }
  finish(): Uint8Array { return Uint8Array.from(this.chunks); }
}

function tensor(w: Writer, t: TestTensor): void {
  const type = t.dataType ?? 1;
  const n = t.dims.reduce((a, b) => a * b, 1);
  for (const d of t.dims) w.int(1, d);
  w.int(2, type);
  w.string(8, t.name);
  const raw = new Uint8Array(n * (type === 1 ? 4 : 8));
  const view = new DataView(raw.buffer);
  for (let k = 0; k < n; k++) {
    const v = t.values?.[k] ?? (type === 1 ? Math.sin(k + 1) * 0.1 : 0);
    if (type === 1) view.setFloat32(4 * k, v, true);
    else view.setBigInt64(8 * k, BigInt(v), true);
  }
  w.bytes(9, raw);
}

function valueInfo(w: Writer, v: TestValue): void {
  w.string(1, v.name);
  w.message(2, (t) => t.message(1, (tt) => {
    tt.int(1, v.elemType ?? 1);
    if (v.shape) tt.message(2, (s) => { for (const d of v.shape!) s.message(1, (dim) => (typeof d === 'number' ? dim.int(1, d) : dim.string(2, d))); });
  }));
}

function attribute(w: Writer, name: string, a: Attr): void {
  w.string(1, name);
  if (typeof a === 'number') { w.int(3, a); w.int(20, 2); }
  else if (typeof a === 'string') { w.string(4, a); w.int(20, 3); }
  else if (Array.isArray(a)) { for (const v of a) w.int(8, v); w.int(20, 7); }
  else if ('floats' in a) { for (const v of a.floats) w.float(7, v); w.int(20, 6); }
  else { w.float(2, a.float); w.int(20, 1); }
}

export function buildOnnxModel(g: {
  nodes: TestNode[]; initializers?: TestTensor[]; inputs: TestValue[]; outputs: TestValue[]; valueInfo?: TestValue[]; opset?: number;
}): Uint8Array {
  const w = new Writer();
  w.int(1, 8);
  w.string(2, 'mewm-test');
  w.message(7, (gw) => {
    g.nodes.forEach((n, k) => gw.message(1, (nw) => {
      for (const i of n.inputs) nw.string(1, i);
      for (const o of n.outputs) nw.string(2, o);
      nw.string(3, n.name ?? `${n.op}_${k}`);
      nw.string(4, n.op);
      for (const [name, a] of Object.entries(n.attrs ?? {})) nw.message(5, (aw) => attribute(aw, name, a));
    }));
    gw.string(2, 'test');
    for (const t of g.initializers ?? []) gw.message(5, (tw) => tensor(tw, t));
    for (const v of g.inputs) gw.message(11, (vw) => valueInfo(vw, v));
    for (const v of g.outputs) gw.message(12, (vw) => valueInfo(vw, v));
    for (const v of g.valueInfo ?? []) gw.message(13, (vw) => valueInfo(vw, v));
  });
  w.message(8, (o) => { o.string(1, ''); o.int(2, g.opset ?? 18); });
  return w.finish();
}

/**
 * Test helpers for exported ONNX models: run them with onnxruntime-node, and check them with the
 * independent python3-onnx checker (Debian's python3-onnx).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { SYSTEM_PYTHON } from '../../../../test/support/external-tool.ts';

export interface OnnxScores {
  logRisk: Float32Array;
  survival: Float32Array;
  rmst: Float32Array;
  survivalDims: readonly number[];
}

/** Runs the model once on float32 rows [N, p]. */
export async function runCoxOnnx(bytes: Uint8Array, rows: readonly (readonly number[])[]): Promise<OnnxScores> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const p = rows[0]!.length;
    const feed = new ort.Tensor('float32', Float32Array.from(rows.flat()), [rows.length, p]);
    const out = await session.run({ features: feed });
    return {
      logRisk: out.logRisk!.data as Float32Array,
      survival: out.survival!.data as Float32Array,
      rmst: out.rmst!.data as Float32Array,
      survivalDims: out.survival!.dims,
    };
  } finally {
    await session.release();
  }
}

/**
 * onnx.checker.check_model(full_check=True) on the bytes, with Debian's python3-onnx (gate with hasTool('onnx')); returns the model's IR version, opset,
 * metadata_props and graph input/output names as python-onnx reads them.
 */
export function checkWithPythonOnnx(bytes: Uint8Array): {
  irVersion: number;
  opset: number;
  metadata: Record<string, string>;
  inputs: string[];
  outputs: string[];
} {
  const dir = mkdtempSync(join(tmpdir(), 'mewm-onnx-'));
  try {
    const path = join(dir, 'model.onnx');
    writeFileSync(path, bytes);
    const script = [
      'import json, sys, onnx',
      'm = onnx.load(sys.argv[1])',
      'onnx.checker.check_model(m, full_check=True)',
      'print(json.dumps({"irVersion": m.ir_version, "opset": [o.version for o in m.opset_import if o.domain in ("", "ai.onnx")][0],',
      '  "metadata": {p.key: p.value for p in m.metadata_props},',
      '  "inputs": [i.name for i in m.graph.input], "outputs": [o.name for o in m.graph.output]}))',
    ].join('\n');
    const r = spawnSync(SYSTEM_PYTHON, ['-c', script, path], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`onnx.checker failed: ${r.stderr}`);
    return JSON.parse(r.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

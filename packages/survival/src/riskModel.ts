/**
 * A survival-risk ONNX model with its card: async factory, checked feeds, explicit dispose.
 * Loading checks the ONNX bytes against the card's sha256 and the I/O signature by a probe run
 * (one row of the card's means must give logRisk [1], survival [1, T], rmst [1]).
 * CPU execution provider (the risk model is a few dozen arithmetic nodes).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { RiskModelError, SurvivalInputError } from './errors.ts';
import type { RiskModelCard, RiskModelSignature } from './riskModelCard.ts';
import { parseRiskModelCard } from './riskModelCard.ts';

export interface RiskScores {
  /** Per row: (x - means)' beta. */
  readonly logRisk: Float32Array;
  /** Per row: S(t) at `times` (row-major, rows x times.length). */
  readonly survival: readonly Float32Array[];
  /** Per row: restricted mean survival time to `rmstHorizon`, in `timeUnit`. */
  readonly rmst: Float32Array;
  readonly times: readonly number[];
  readonly rmstHorizon: number;
  readonly timeUnit: string;
}

export interface RiskModel {
  readonly card: RiskModelCard;
  readonly signature: RiskModelSignature;
  readonly sha256: string;
  /** Scores feature rows (card feature order). @throws SurvivalInputError for mis-sized or non-finite rows. */
  score(rows: readonly ArrayLike<number>[]): Promise<RiskScores>;
  dispose(): Promise<void>;
}

/**
 * Creates a risk model from ONNX bytes and its card (parsed JSON).
 * @throws RiskModelError when the card is malformed, the hash differs or the graph's I/O do not match the card.
 */
export async function createRiskModel(onnx: Uint8Array, card: unknown): Promise<RiskModel> {
  const { card: parsed, signature } = parseRiskModelCard(card);
  if (!(onnx instanceof Uint8Array) || onnx.length === 0) throw new RiskModelError('onnx', 'expected the ONNX file bytes');
  const sha256 = createHash('sha256').update(onnx).digest('hex');
  if (sha256 !== parsed.onnx.sha256) {
    throw new RiskModelError('onnx.sha256', `the ONNX file hashes to ${sha256} but the card (${parsed.name} ${parsed.version}) names ${parsed.onnx.sha256}`);
  }
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(onnx, { executionProviders: ['cpu'] });
  } catch (e) {
    throw new RiskModelError('onnx', `onnxruntime cannot load the model: ${e instanceof Error ? e.message : String(e)}`);
  }
  const p = signature.features.length;
  const T = signature.times.length;
  const run = async (rows: readonly ArrayLike<number>[]): Promise<RiskScores> => {
    if (!Array.isArray(rows) || rows.length === 0) throw new SurvivalInputError('rows', 'expected a non-empty array of feature rows');
    const flat = new Float32Array(rows.length * p);
    rows.forEach((row, i) => {
      if (row?.length !== p) throw new SurvivalInputError(`rows[${i}]`, `expected ${p} features (${signature.features.join(', ')})`);
      for (let a = 0; a < p; a++) {
        const v = row[a]!;
        if (typeof v !== 'number' || !Number.isFinite(v)) throw new SurvivalInputError(`rows[${i}][${a}]`, `${signature.features[a]} must be a finite number`);
        flat[i * p + a] = v;
      }
    });
    const out = await session.run({ features: new ort.Tensor('float32', flat, [rows.length, p]) });
    const logRisk = out.logRisk?.data;
    const survival = out.survival?.data;
    const rmst = out.rmst?.data;
    const n = rows.length;
    if (!(logRisk instanceof Float32Array) || !(survival instanceof Float32Array) || !(rmst instanceof Float32Array) ||
      logRisk.length !== n || rmst.length !== n || survival.length !== n * T) {
      const dims = (name: string) => `${name} ${out[name]?.type ?? 'missing'} [${out[name]?.dims.join(', ') ?? ''}]`;
      throw new RiskModelError('onnx.outputs', `expected float32 logRisk [${n}], survival [${n}, ${T}], rmst [${n}]; got ${dims('logRisk')}, ${dims('survival')}, ${dims('rmst')}`);
    }
    return {
      logRisk,
      survival: Array.from({ length: n }, (_, i) => survival.slice(i * T, (i + 1) * T)),
      rmst,
      times: signature.times,
      rmstHorizon: signature.rmstHorizon,
      timeUnit: signature.timeUnit,
    };
  };
  try {
    if (session.inputNames.length !== 1 || session.inputNames[0] !== 'features') {
      throw new RiskModelError('onnx.inputs', `expected one input 'features', got ${session.inputNames.join(', ')}`);
    }
    await run([parsed.covariates.map((c) => c.mean)]);
  } catch (e) {
    await session.release();
    if (e instanceof RiskModelError) throw e;
    throw new RiskModelError('onnx', `the probe run failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  let disposed = false;
  return {
    card: parsed,
    signature,
    sha256,
    score: async (rows) => {
      if (disposed) throw new RiskModelError('model', 'is disposed');
      return run(rows);
    },
    dispose: async () => {
      if (!disposed) {
        disposed = true;
        await session.release();
      }
    },
  };
}

/**
 * Reads `<dir>/<name>.json` and the ONNX file it names (card.onnx.path, relative to the card).
 * @throws RiskModelError when a file cannot be read or does not parse.
 */
export async function loadRiskModel(cardPath: string): Promise<RiskModel> {
  let card: unknown;
  try {
    card = JSON.parse(await readFile(cardPath, 'utf8'));
  } catch (e) {
    throw new RiskModelError('card', `cannot read ${cardPath}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const onnxName = (card as { onnx?: { path?: unknown } } | null)?.onnx?.path;
  if (typeof onnxName !== 'string' || onnxName.length === 0 || onnxName.includes('..')) {
    throw new RiskModelError('card.onnx.path', 'must name the ONNX file next to the card');
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(join(dirname(cardPath), onnxName)));
  } catch (e) {
    throw new RiskModelError('onnx', `cannot read ${onnxName}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return createRiskModel(bytes, card);
}

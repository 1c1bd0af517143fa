/**
 * A survival-risk ONNX model with its card: async factory, checked feeds, explicit dispose. The
 * session comes from the model registry's one factory (@mewm/models: sha256 of the bytes against the
 * card, the I/O signature against the card, the device → execution-provider map; CPU by default),
 * then a probe run (one row of the card's means must give logRisk [1], survival [1, T], rmst [1]).
 */
import { readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-node';
import { createOnnxSessionFromBytes, loadModelCard, type Device, type OnnxSession } from '@mewm/models';
import { RiskModelError, SurvivalInputError } from './errors.ts';
import type { RiskModelCard, RiskModelSignature } from './riskModelCard.ts';
import { asRiskModelError, parseRiskModelCard } from './riskModelCard.ts';

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

export interface RiskModelOptions {
  /** 'cpu' (default), 'cuda' or 'auto' (the registry's device map; a few dozen arithmetic nodes run well on CPU). */
  device?: Device;
}

/**
 * Creates a risk model from ONNX bytes and its card (parsed JSON).
 * @throws RiskModelError when the card is malformed, the hash differs or the graph's I/O do not match the card.
 */
export async function createRiskModel(onnx: Uint8Array, card: unknown, opts: RiskModelOptions = {}): Promise<RiskModel> {
  const { card: parsed, signature } = parseRiskModelCard(card);
  if (!(onnx instanceof Uint8Array) || onnx.length === 0) throw new RiskModelError('onnx', 'expected the ONNX file bytes');
  let session: OnnxSession;
  try {
    session = await createOnnxSessionFromBytes(parsed, onnx, { device: opts.device ?? 'cpu' });
  } catch (e) {
    throw asRiskModelError(e);
  }
  const p = signature.features.length;
  const T = signature.times.length;
  const run = async (rows: readonly ArrayLike<number>[]): Promise<RiskScores> => {
    const given: unknown = rows; // checked as `unknown`: Array.isArray narrows a readonly array to `any[]`
    if (!Array.isArray(given) || given.length === 0) throw new SurvivalInputError('rows', 'expected a non-empty array of feature rows');
    const flat = new Float32Array(rows.length * p);
    rows.forEach((row, i) => {
      if (row?.length !== p) throw new SurvivalInputError(`rows[${i}]`, `expected ${p} features (${signature.features.join(', ')})`);
      for (let a = 0; a < p; a++) {
        const v = row[a]!;
        if (typeof v !== 'number' || !Number.isFinite(v)) throw new SurvivalInputError(`rows[${i}][${a}]`, `${signature.features[a]} must be a finite number`);
        flat[i * p + a] = v;
      }
    });
    let out: Record<string, ort.Tensor>;
    try {
      out = await session.run({ features: new ort.Tensor('float32', flat, [rows.length, p]) });
    } catch (e) {
      throw asRiskModelError(e);
    }
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
    await run([parsed.covariates.map((c) => c.mean)]);
  } catch (e) {
    await session.dispose();
    if (e instanceof RiskModelError) throw e;
    throw new RiskModelError('onnx', `the probe run failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  return {
    card: parsed,
    signature,
    sha256: parsed.onnx.sha256,
    score: async (rows) => {
      if (session.disposed) throw new RiskModelError('model', 'is disposed');
      return run(rows);
    },
    dispose: () => session.dispose(),
  };
}

/**
 * Reads a risk model card with the registry's card reader and the ONNX file it names
 * (card.onnx.path, relative to the card).
 * @throws RiskModelError when a file cannot be read, the card does not parse or the model disagrees with it.
 */
export async function loadRiskModel(cardPath: string, opts: RiskModelOptions = {}): Promise<RiskModel> {
  let card: unknown;
  let modelPath: string;
  try {
    ({ card, modelPath } = await loadModelCard(cardPath));
  } catch (e) {
    const err = asRiskModelError(e);
    if (err instanceof RiskModelError && err.part === 'card') throw new RiskModelError('card', `cannot read ${cardPath}: ${(e as Error).message}`);
    throw err;
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(modelPath));
  } catch (e) {
    throw new RiskModelError('onnx', `cannot read ${modelPath}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return createRiskModel(bytes, card, opts);
}

/**
 * The outcome model: (protocol, one lesion's size, follow-up, seeded Rng) → LesionOutcome, the
 * contract the spatial dynamics turns into voxels. Transparent and parameterised: every number is a
 * ModelParameter (`DYNAMICS_PARAMETERS`) with a published source or an "assumed" rationale, and the
 * ids a draw used are listed in `parameterIds`.
 *
 * Per lesion: a doubling time is drawn (untreated growth); each treatment component draws a
 * response class (complete / partial / stable / refractory) with a size-dependent probability, an
 * onset time and a local-progression time; at the follow-up day the components combine by
 * independent action (surviving viable fractions multiply; necrosis 1 − Π(1 − killed)). Resection
 * removes the lesion. The same inputs and Rng state give the same outcome.
 *
 * Common random numbers: the Rng's streams do not depend on the protocol, so every candidate sees
 * the same uniforms. A response class is chosen by comparing one uniform u with the protocol's class
 * probabilities, and the within-class magnitude (partial/stable viable fraction, residual after an
 * incomplete ablation) comes from u's position inside that protocol's class interval (quantile
 * transform, `drawResponseClass`), not from a fresh draw: protocols with different probabilities get
 * different magnitudes from the same u, identical protocols get identical outcomes.
 */
import { ModelInputError } from '../errors.ts';
import type { LesionOutcome } from '../lesion-outcome.ts';
import type { Rng } from '../random.ts';
import { MAX_FOLLOW_UP_DAYS, type Protocol, type TreatmentComponent } from '../protocol/index.ts';
import { effectiveAblationMarginMm, sampleAblationResponse } from './ablation-response.ts';
import { mrecistFromViableFraction } from './mrecist-from-viable.ts';
import { createParameterReader, type ParameterReader } from './parameter-reader.ts';
import { killedAt, progressedBy, viableAt, type ComponentResponse } from './response-trajectory.ts';
import { clamp, uniform } from './sample-helpers.ts';
import { sampleSbrtResponse } from './sbrt-response.ts';
import { sampleSystemicResponse } from './systemic-response.ts';
import { sampleTaceResponse } from './tace-response.ts';
import { sampleDoublingTimeDays } from './untreated-growth.ts';

/** Size of one segmented lesion at baseline. */
export interface LesionSize {
  /** Lesion volume, mL (> 0). */
  volumeMl: number;
  /** Longest axial diameter, mm (> 0). */
  longestAxialDiameterMm: number;
}

/** Largest lesion the model accepts (a whole-liver-sized mass), mL and mm. */
const MAX_VOLUME_ML = 5000;
const MAX_DIAMETER_MM = 300;

function checkInputs(protocol: Protocol, lesion: LesionSize, followUpDays: number, rng: Rng): void {
  if (!protocol || !Array.isArray(protocol.components) || protocol.components.length === 0) {
    throw new ModelInputError('protocol must be a parsed Protocol with at least one component (use parseProtocol or resolveProtocol)');
  }
  if (!lesion || typeof lesion !== 'object') throw new ModelInputError('lesion must be { volumeMl, longestAxialDiameterMm }');
  const { volumeMl, longestAxialDiameterMm: d } = lesion;
  if (!Number.isFinite(volumeMl) || volumeMl <= 0 || volumeMl > MAX_VOLUME_ML) {
    throw new ModelInputError(`lesion.volumeMl must be a finite number in (0, ${MAX_VOLUME_ML}] mL, got ${volumeMl}`);
  }
  if (!Number.isFinite(d) || d <= 0 || d > MAX_DIAMETER_MM) {
    throw new ModelInputError(`lesion.longestAxialDiameterMm must be a finite number in (0, ${MAX_DIAMETER_MM}] mm, got ${d}`);
  }
  if (!Number.isFinite(followUpDays) || followUpDays <= 0 || followUpDays > MAX_FOLLOW_UP_DAYS) {
    throw new ModelInputError(`followUpDays must be a finite number in (0, ${MAX_FOLLOW_UP_DAYS}] days (at most 5 years), got ${followUpDays}`);
  }
  if (!rng || typeof rng.next !== 'function' || typeof rng.fork !== 'function') {
    throw new ModelInputError('rng must be an Rng from createRng(seed)');
  }
}

function componentResponse(c: TreatmentComponent, d: number, rng: Rng, read: ParameterReader): ComponentResponse {
  switch (c.modality) {
    case 'tace': return sampleTaceResponse(c, d, rng.fork('tace'), read);
    case 'ablation': return sampleAblationResponse(c, d, rng.fork('ablation'), read);
    case 'sbrt': return sampleSbrtResponse(c, d, rng.fork('sbrt'), read);
    case 'systemic': return sampleSystemicResponse(c, rng.fork('systemic'), read);
    case 'best-supportive-care':
    case 'resection':
      return { modality: c.modality, effect: 'refractory', viableAtResponse: 1, onsetDays: 0, progressionDays: 0, pattern: 'diffuse' };
  }
}

/** Lipiodol deposition (fraction of the necrotic part, mean HU) for a TACE with Lipiodol. */
function sampleLipiodol(rng: Rng, read: ParameterReader): { fraction: number; hu: number } {
  const fraction = clamp(read('tace.lipiodol.retentionFractionMean') + read('tace.lipiodol.retentionFractionSd') * rng.normal(), 0.05, 1);
  const contrast = read('tace.lipiodol.tumourToLiverContrastHu') + read('tace.lipiodol.tumourToLiverContrastSdHu') * rng.normal();
  const hu = clamp(read('liver.unenhancedHu') + contrast, read('tace.lipiodol.denseMinHu'), read('tace.lipiodol.maxHu'));
  return { fraction, hu };
}

/**
 * Sample the outcome of one lesion `followUpDays` after the protocol starts.
 * @param protocol a validated Protocol (parseProtocol / resolveProtocol).
 * @param lesion baseline size (the model's size effects use the longest axial diameter).
 * @param followUpDays days after treatment, (0, 1826].
 * @param rng seeded generator; pass `rng.fork('outcome-<lesion>')` per lesion for independent streams.
 * @throws ModelInputError for a non-positive or non-finite size or follow-up, or a missing protocol.
 */
export function sampleLesionOutcome(protocol: Protocol, lesion: LesionSize, followUpDays: number, rng: Rng): LesionOutcome {
  checkInputs(protocol, lesion, followUpDays, rng);
  const read = createParameterReader();
  const d = lesion.longestAxialDiameterMm;
  const resection = protocol.components.find((c) => c.modality === 'resection');
  if (resection) {
    return {
      response: 'CR', viableFraction: 0, totalVolumeFactor: 0, residualPattern: 'none',
      lipiodolFraction: 0, lipiodolHu: 0, resectionMarginMm: resection.marginMm, parameterIds: read.used(),
    };
  }

  const tvdt = sampleDoublingTimeDays(rng.fork('growth'), read);
  const seed = read('response.completeRegrowthSeed');
  const responses = protocol.components.map((c) => componentResponse(c, d, rng, read));
  const viables = responses.map((r) => viableAt(r, followUpDays, tvdt, seed));
  const shrinking = viables.filter((v) => v < 1);
  const growthCap = Math.max(1, read('growth.maxLesionVolumeMl') / lesion.volumeMl);
  const viable = Math.min(growthCap, shrinking.length > 0 ? shrinking.reduce((a, b) => a * b, 1) : Math.min(...viables));
  const killed = 1 - responses.reduce((a, r) => a * (1 - killedAt(r, followUpDays)), 1);
  const involution = uniform(rng.fork('involution'), read('response.necrosisInvolutionMin'), 1);

  let best = 0;
  for (let i = 1; i < viables.length; i++) if (viables[i]! < viables[best]!) best = i;
  const bestResponse = responses[best]!;
  const residualPattern: LesionOutcome['residualPattern'] = viable <= 0
    ? 'none'
    : bestResponse.effect !== 'refractory' && progressedBy(bestResponse, followUpDays) ? 'nodular' : bestResponse.pattern;

  const outcome: LesionOutcome = {
    response: mrecistFromViableFraction(viable, read),
    viableFraction: viable,
    totalVolumeFactor: Math.min(growthCap, viable + killed * involution),
    residualPattern,
    lipiodolFraction: 0,
    lipiodolHu: 0,
    parameterIds: [],
  };
  const tace = protocol.components.find((c) => c.modality === 'tace');
  if (tace && tace.embolics.includes('lipiodol')) {
    const lip = sampleLipiodol(rng.fork('lipiodol'), read);
    outcome.lipiodolFraction = lip.fraction;
    outcome.lipiodolHu = lip.hu;
  }
  const ablation = protocol.components.find((c) => c.modality === 'ablation');
  if (ablation) outcome.ablationMarginMm = Math.max(0, effectiveAblationMarginMm(ablation, d));
  if (protocol.components.some((c) => c.modality === 'sbrt')) {
    const mean = read('sbrt.radiationShellMm');
    outcome.radiationShellMm = uniform(rng.fork('radiation-shell'), mean - 3, mean + 3);
  }
  outcome.parameterIds = read.used();
  return outcome;
}

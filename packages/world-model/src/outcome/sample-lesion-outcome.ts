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
import type { ResponseContext } from '../modalities/modality-definition.ts';
import { MODALITIES, modalityOf } from '../modalities/registry.ts';
import { MAX_FOLLOW_UP_DAYS, type Protocol, type TreatmentComponent } from '../protocol/protocol-schema.ts';
import { mrecistFromViableFraction } from './mrecist-from-viable.ts';
import { createParameterReader, type ParameterOverrides, type ParameterReader } from './parameter-reader.ts';
import { killedAt, progressedBy, viableAt, type ComponentResponse } from './response-trajectory.ts';
import { uniform } from './sample-helpers.ts';
import { sampleDoublingTimeDays } from './untreated-growth.ts';

/** Size of one segmented lesion at baseline. */
export interface LesionSize {
  /** Lesion volume, mL (> 0). */
  volumeMl: number;
  /** Longest axial diameter, mm (> 0). */
  longestAxialDiameterMm: number;
  /**
   * Optional: the 3D minimal ablative margin measured on the simulated ablation zone
   * (`assessAblation(...).minimalMarginMm`), mm. When given, thermal ablation uses it instead of the
   * planned margin (complete-ablation odds, residual tumour, margin-dependent local progression).
   */
  measuredAblationMarginMm?: number;
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
  if (lesion.measuredAblationMarginMm !== undefined && !Number.isFinite(lesion.measuredAblationMarginMm)) {
    throw new ModelInputError(`lesion.measuredAblationMarginMm must be a finite number of mm when given, got ${lesion.measuredAblationMarginMm}`);
  }
  if (!Number.isFinite(followUpDays) || followUpDays <= 0 || followUpDays > MAX_FOLLOW_UP_DAYS) {
    throw new ModelInputError(`followUpDays must be a finite number in (0, ${MAX_FOLLOW_UP_DAYS}] days (at most 5 years), got ${followUpDays}`);
  }
  if (!rng || typeof rng.next !== 'function' || typeof rng.fork !== 'function') {
    throw new ModelInputError('rng must be an Rng from createRng(seed)');
  }
}

/** The component's response, drawn by its modality's response model from the stream named after the modality. */
function componentResponse(c: TreatmentComponent, d: number, rng: Rng, read: ParameterReader, context: ResponseContext): ComponentResponse {
  return modalityOf(c).response.sample(c, d, rng.fork(c.modality), read, context);
}

/**
 * Sample the outcome of one lesion `followUpDays` after the protocol starts.
 * @param protocol a validated Protocol (parseProtocol / resolveProtocol).
 * @param lesion baseline size (the model's size effects use the longest axial diameter).
 * @param followUpDays days after treatment, (0, 1826].
 * @param rng seeded generator; pass `rng.fork('outcome-<lesion>')` per lesion for independent streams.
 * @param options.parameters values used instead of the card's (calibration folds; `mewm response check`).
 * @throws ModelInputError for a non-positive or non-finite size or follow-up, a missing protocol, or an
 *   override of an unknown parameter.
 */
export function sampleLesionOutcome(
  protocol: Protocol, lesion: LesionSize, followUpDays: number, rng: Rng, options: { parameters?: ParameterOverrides } = {},
): LesionOutcome {
  checkInputs(protocol, lesion, followUpDays, rng);
  const read = createParameterReader(options.parameters);
  const d = lesion.longestAxialDiameterMm;
  const context: ResponseContext = lesion.measuredAblationMarginMm !== undefined ? { measuredAblationMarginMm: lesion.measuredAblationMarginMm } : {};
  for (const c of protocol.components) {
    const removal = modalityOf(c).response.removal;
    if (removal) {
      return {
        response: 'CR', viableFraction: 0, totalVolumeFactor: 0, residualPattern: 'none',
        lipiodolFraction: 0, lipiodolHu: 0, resectionMarginMm: removal(c).marginMm, parameterIds: read.used(),
      };
    }
  }

  const tvdt = sampleDoublingTimeDays(rng.fork('growth'), read);
  const seed = read('response.completeRegrowthSeed');
  const responses = protocol.components.map((c) => componentResponse(c, d, rng, read, context));
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
  // What the follow-up CT shows (Lipiodol, ablation margin, radiation shell): each component's
  // modality sets its fields, in registry order.
  for (const m of MODALITIES) {
    const c = protocol.components.find((x) => x.modality === m.id);
    if (c) Object.assign(outcome, modalityOf(c).appearance.fields(c, d, rng, read, followUpDays));
  }
  outcome.parameterIds = read.used();
  return outcome;
}

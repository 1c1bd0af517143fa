/**
 * The critic of one simulated sample: it reads the IMAGE. measureResponse (survival) measures the
 * response on the simulated follow-up CT against the pre-treatment CT and the lesion mask (liver
 * mask when given), exactly as it would measure a real follow-up scan; the risk model then scores
 * the measured patient-level features (mRECIST viable diameter-sum change, viable volume, residual
 * tumour after curative-intent treatment, ...) with the clinical covariates and the protocol's
 * treatment term for the plan's disease (survival scoreMeasuredResponse). The dynamics model's label map is not read for the score;
 * its own numbers (the world model's response summary) are kept beside the measured ones.
 */
import { performance } from 'node:perf_hooks';
import { measureResponse, scoreMeasuredResponse, type ResponseMeasurement } from '@mewm/survival';
import type { SimulatedSample } from '@mewm/world-model';
import { volumeContentSha256 } from './content-hash.ts';
import type { PlanInput } from './contracts.ts';
import type { RiskModalityRule } from './risk-modality.ts';
import type { SampleRecord } from './sample-record.ts';
import type { EngineContext } from './simulate-samples.ts';

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** Measures the simulated follow-up CT of `s` (the image only). */
export function measureSample(input: PlanInput, s: Pick<SimulatedSample, 'volume'>): ResponseMeasurement {
  return measureResponse(input.ct, s.volume, input.lesionMask, input.liverMask ? { liverMask: input.liverMask } : {});
}

/**
 * The per-lesion numbers of the target-lesion table. measureResponse numbers the lesions as the
 * report does (summariseLesions → labelLesions): the mask's 26-connected components, largest first
 * (dicom lesionComponents), ties by their first voxel in memory order; it labels a crop that holds
 * every lesion voxel in the same memory order, so its lesion k is the report's lesion k
 * (buildPlanReport checks the baseline volumes agree; test/target-lesions.test.ts).
 */
export function measuredLesions(m: ResponseMeasurement): SampleRecord['lesions'] {
  return m.lesions.map((l) => ({
    lesion: l.lesion, target: l.target,
    baselineDiameterMm: l.baselineDiameterMm, baselineVolumeMl: l.baselineVolumeMl,
    followUpDiameterMm: l.overallDiameterMm, viableDiameterMm: l.viableDiameterMm, viableVolumeMl: l.viableVolumeMl,
    mrecist: l.mrecist,
  }));
}

/** Scores one simulated sample from its measured image with the rule's treatment term. */
export async function scoreSample(input: PlanInput, s: SimulatedSample, rule: RiskModalityRule, ctx: EngineContext): Promise<SampleRecord> {
  const t0 = performance.now();
  const measurement = measureSample(input, s);
  const t1 = performance.now();
  const score = await scoreMeasuredResponse(ctx.riskModel, measurement, { clinical: input.clinical, modality: rule.modality, curativeIntent: rule.curative });
  if (score.timeUnit !== 'months') throw new Error(`the risk model reports time in ${score.timeUnit}; the planner needs months`);
  const { encoded } = score;
  const residualColumn = encoded.names.indexOf('residualAfterCurative');
  const p = measurement.patient;
  const label = s.summary;
  const record: SampleRecord = {
    seed: s.seed,
    mrecist: p.mrecist,
    viableVolumeMl: p.viableVolumeMl,
    baselineVolumeMl: p.baselineVolumeMl,
    necrosisFraction: p.necrosisFraction,
    lipiodolCoverage: p.lipiodolCoverage,
    diameterSumChange: finiteOrNull(p.diameterSumChange),
    sumBaselineDiameterMm: p.sumBaselineDiameterMm,
    sumViableDiameterMm: p.sumViableDiameterMm,
    newLesionCount: p.newLesionCount,
    liradsTr: p.liradsTr,
    lesions: measuredLesions(measurement),
    recist: {
      sumBaselineDiameterMm: p.recist.sumBaselineDiameterMm, sumFollowUpDiameterMm: p.recist.sumFollowUpDiameterMm,
      diameterSumChange: finiteOrNull(p.recist.diameterSumChange), category: p.recist.category,
    },
    labelMap: {
      viableVolumeMl: label.viableVolumeMl,
      diameterSumChange: label.sumBaselineDiameterMm > 0 ? (label.sumViableDiameterMm - label.sumBaselineDiameterMm) / label.sumBaselineDiameterMm : null,
    },
    logRisk: score.logRisk,
    rmstMonths: score.rmst,
    survival: [{ months: 0, s: 1 }, ...score.survival.map((q) => ({ months: q.time, s: q.survival }))],
    riskModality: rule.modality,
    ...(residualColumn >= 0 ? { residualAfterCurative: encoded.values[residualColumn]! } : {}),
    imputed: encoded.imputed.map((m) => ({ name: m.name, value: m.value, rule: m.rule })),
    volumeSha256: volumeContentSha256(s.volume),
    statesSha256: volumeContentSha256(s.states),
    ...(s.anatomy ? { anatomy: s.anatomy } : {}),
  };
  ctx.stats.measureMs += t1 - t0;
  ctx.stats.scoreMs += performance.now() - t0;
  return record;
}

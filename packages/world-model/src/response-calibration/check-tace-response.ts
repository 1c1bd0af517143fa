/**
 * `mewm response check`: how well the dynamics model reproduces the observed TACE response of the
 * HCC-TACE-Seg cohort. Observed vs simulated mRECIST category rates per regimen, and the two-sample
 * Kolmogorov–Smirnov distance between observed and simulated follow-up/baseline ratios:
 * - `literature`: before calibration: the TACE response parameters the model used before this fit
 *   (Lencioni 2016, PRECISION V, assumed size effect and refractory rate): no fitting to this table;
 * - `card`: the parameters as shipped in models/dynamics.json; they are fitted on this same table, so
 *   this is training-set agreement, shown only next to the cross-validated figure;
 * - `crossValidated`: repeated k-fold: the response parameters are fitted on k−1 folds and the held-out
 *   fold is simulated with them, so the figures are not training-set agreement.
 * Also reported: the fit on all patients (the values the card ships) and the observed response by
 * regimen × baseline size (halves at the median), with n per stratum.
 */
import { ModelInputError } from '../errors.ts';
import type { MrecistResponse } from '../lesion-outcome.ts';
import { createRng } from '../random.ts';
import { ksDistance } from './ks-distance.ts';
import { TACE_REGIMENS, type TaceRegimen, type TaceResponseCohort, type TaceResponsePatient } from './tace-response-cohort.ts';
import { fitTaceResponse, type TaceResponseFit } from './tace-response-fit.ts';
import { simulatePatientResponse, type SimulatedResponse } from './simulate-tace-response.ts';

export const MRECIST_CATEGORIES: readonly MrecistResponse[] = ['CR', 'PR', 'SD', 'PD'];

export type CategoryRates = Record<MrecistResponse, number>;

export interface RegimenComparison {
  regimen: TaceRegimen;
  n: number;
  observed: CategoryRates;
  simulated: CategoryRates;
  ks: number;
}

export interface SimulationComparison {
  /** KS distance between all observed ratios and all simulated ratios. */
  ks: number;
  /**
   * The one-sample KS 5 % critical distance 1.358/√n for the n observed patients (the many simulated
   * draws stand in for the model's distribution): below it the observed ratios are not
   * distinguishable from the simulated distribution at that level.
   */
  ksCritical05: number;
  byRegimen: RegimenComparison[];
  simulatedDraws: number;
}

export interface SizeStratum {
  regimen: TaceRegimen;
  size: 'small' | 'large';
  n: number;
  objectiveResponse: number;
  pd: number;
}

export interface TaceResponseCheck {
  cohort: TaceResponseCohort['gaps'];
  settings: { folds: number; repeats: number; seedsPerPatient: number; seed: number };
  literature: SimulationComparison;
  card: SimulationComparison;
  crossValidated: SimulationComparison;
  fitAll: Omit<TaceResponseFit, 'parameters'> & { parameters: Record<string, number> };
  sizeStrata: { splitMm: number; strata: SizeStratum[] };
}

/**
 * The TACE response parameters before calibration (model version of issue 14): ORR 52.5 % cTACE
 * (Lencioni et al., Hepatology 2016) and 51.6 % DEB (PRECISION V, Lammer et al., CVIR 2010),
 * complete shares 0.506 / 0.523 (PRECISION V), and the assumed size effect (OR 0.85 per cm about
 * 50 mm), refractory rate 0.15 and partial-response band [0.3, 0.7).
 */
export const LITERATURE_TACE_RESPONSE: ReadonlyMap<string, number> = new Map([
  ['tace.conventional.objectiveResponseRate', 0.525],
  ['tace.conventional.completeShareOfResponses', 0.506],
  ['tace.deb.objectiveResponseRate', 0.516],
  ['tace.deb.completeShareOfResponses', 0.523],
  ['tace.size.referenceDiameterMm', 50],
  ['tace.size.oddsRatioPerCm', 0.85],
  ['tace.refractoryRate', 0.15],
  ['tace.partialDiameterRatioMin', 0.3],
]);

export interface CheckOptions {
  folds?: number;
  repeats?: number;
  seedsPerPatient?: number;
  seed?: number;
}

function rates(categories: readonly MrecistResponse[]): CategoryRates {
  const r: CategoryRates = { CR: 0, PR: 0, SD: 0, PD: 0 };
  for (const c of categories) r[c]++;
  for (const k of MRECIST_CATEGORIES) r[k] = categories.length > 0 ? r[k] / categories.length : 0;
  return r;
}

function compare(patients: readonly TaceResponsePatient[], simulated: readonly SimulatedResponse[][]): SimulationComparison {
  const byRegimen = TACE_REGIMENS.map((regimen): RegimenComparison => {
    const idx = patients.map((p, i) => (p.regimen === regimen ? i : -1)).filter((i) => i >= 0);
    const obs = idx.map((i) => patients[i]!);
    const sim = idx.flatMap((i) => simulated[i]!);
    return {
      regimen, n: obs.length,
      observed: rates(obs.map((p) => p.category)),
      simulated: rates(sim.map((s) => s.category)),
      ks: ksDistance(obs.map((p) => p.ratio), sim.map((s) => s.ratio)),
    };
  });
  const all = simulated.flat();
  const n = patients.length;
  return {
    ks: ksDistance(patients.map((p) => p.ratio), all.map((s) => s.ratio)),
    ksCritical05: 1.358 / Math.sqrt(n),
    byRegimen, simulatedDraws: all.length,
  };
}

/** Fold labels 0..k−1, balanced within each regimen, shuffled by the seeded Rng. */
function stratifiedFolds(patients: readonly TaceResponsePatient[], k: number, seed: number): number[] {
  const rng = createRng(seed);
  const fold = new Array<number>(patients.length).fill(0);
  let offset = 0;
  for (const regimen of TACE_REGIMENS) {
    const idx = patients.map((p, i) => (p.regimen === regimen ? i : -1)).filter((i) => i >= 0);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    idx.forEach((p, n) => { fold[p] = (n + offset) % k; });
    offset += idx.length;
  }
  return fold;
}

export function checkTaceResponse(cohort: TaceResponseCohort, options: CheckOptions = {}): TaceResponseCheck {
  const folds = options.folds ?? 5;
  const repeats = options.repeats ?? 5;
  const seedsPerPatient = options.seedsPerPatient ?? 20;
  const seed = options.seed ?? 1;
  if (!Number.isInteger(folds) || folds < 2 || folds > 20) throw new ModelInputError(`folds must be an integer in [2, 20], got ${folds}`);
  if (!Number.isInteger(repeats) || repeats < 1 || repeats > 50) throw new ModelInputError(`repeats must be an integer in [1, 50], got ${repeats}`);
  if (!Number.isInteger(seedsPerPatient) || seedsPerPatient < 1 || seedsPerPatient > 1000) {
    throw new ModelInputError(`seedsPerPatient must be an integer in [1, 1000], got ${seedsPerPatient}`);
  }
  const patients = cohort.patients;
  if (patients.length < folds * 2) throw new ModelInputError(`the check needs at least ${folds * 2} patients with a paired measurement and a stated regimen, got ${patients.length}`);

  const seedOf = (i: number) => seed * 100_000 + i * 1000;
  const literature = compare(patients, patients.map((p, i) => simulatePatientResponse(p, seedsPerPatient, seedOf(i), LITERATURE_TACE_RESPONSE)));
  const card = compare(patients, patients.map((p, i) => simulatePatientResponse(p, seedsPerPatient, seedOf(i))));

  const cv: SimulatedResponse[][] = patients.map(() => []);
  for (let r = 0; r < repeats; r++) {
    const fold = stratifiedFolds(patients, folds, seed * 7919 + r);
    for (let f = 0; f < folds; f++) {
      const fit = fitTaceResponse(patients.filter((_, i) => fold[i] !== f));
      patients.forEach((p, i) => {
        if (fold[i] === f) cv[i]!.push(...simulatePatientResponse(p, seedsPerPatient, seedOf(i) + r * seedsPerPatient, fit.parameters));
      });
    }
  }
  const all = fitTaceResponse(patients);
  const splitMm = all.size.referenceDiameterMm;
  const strata: SizeStratum[] = TACE_REGIMENS.flatMap((regimen) => (['small', 'large'] as const).map((size) => {
    const s = patients.filter((p) => p.regimen === regimen && (size === 'small' ? p.baselineSumMm <= splitMm : p.baselineSumMm > splitMm));
    const c = rates(s.map((p) => p.category));
    return { regimen, size, n: s.length, objectiveResponse: c.CR + c.PR, pd: c.PD };
  }));
  return {
    cohort: cohort.gaps,
    settings: { folds, repeats, seedsPerPatient, seed },
    literature,
    card,
    crossValidated: compare(patients, cv),
    fitAll: { ...all, parameters: Object.fromEntries(all.parameters) },
    sizeStrata: { splitMm, strata },
  };
}

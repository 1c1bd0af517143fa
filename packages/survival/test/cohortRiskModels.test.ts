import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cohortRiskModelArtifacts } from '../src/cohortRiskModelCard.ts';
import { buildRiskHccTace } from '../src/cohorts/riskHccTaceModel.ts';
import { buildRiskCrlm } from '../src/cohorts/riskCrlmModel.ts';
import { HCC_TACE_COHORT_SOURCES, HCC_TACE_MAPPING, hccTaceGaps, hccTaceUnitEvidence } from '../src/cohorts/hccTaceCohort.ts';
import { CRLM_COHORT_SOURCES, CRLM_MAPPING, crlmGaps } from '../src/cohorts/crlmCohort.ts';
import { parseCohortCsv } from '../src/cohorts/cohortCsv.ts';
import { readCohortTable } from '../src/cohorts/readCohortTable.ts';
import { coxPh, loadRiskModel, RESIDUAL_AFTER_CURATIVE_EFFECT, SurvivalInputError } from '../src/index.ts';
import { hccTaceResidualTumourContrast } from '../src/cohorts/hccTaceResidualContrast.ts';
import { repoRoot, sharedData } from '../../../test/support/shared-data.ts';

const hccText = readFileSync(sharedData('cohorts', 'hcc-tace-clinical.csv'), 'utf8');
const crlmText = readFileSync(sharedData('cohorts', 'crlm-clinical.csv'), 'utf8');
const defaultCard = JSON.parse(readFileSync(resolve(repoRoot, 'models', 'risk-cox-hcc.json'), 'utf8')) as { modalityCalibration: { modality: string; coefficient: number }[] };
const ctace = defaultCard.modalityCalibration.find((m) => m.modality === 'ctace')!.coefficient;
const rRef = JSON.parse(readFileSync(resolve(import.meta.dirname, '..', 'reference', 'cohort-reference.json'), 'utf8')) as Record<'hccTace' | 'crlm', {
  n: number; events: number; coefficients: number[]; stdErr: number[]; lower95: number[]; upper95: number[]; logLik: number; concordance: number;
}>;
const hcc = buildRiskHccTace(hccText, -ctace);
const crlm = buildRiskCrlm(crlmText);

/** The table with its data rows in another order (header first). */
function shuffledText(text: string): string {
  const [header, ...rows] = text.trim().split('\n');
  return [header, ...rows.reverse()].join('\n');
}

describe('HCC-TACE-Seg table: gaps and units', () => {
  it('counts every known gap of the table', () => {
    const g = hccTaceGaps(hccText);
    expect(g).toMatchObject({ rows: 75, trSizeEmpty: 41, intervalFuMissing: 7, regimenNotStated: 10, regimenCisplatinMitomycin: 1, noPairedMrecist: 4, partialReaders: 5 });
    expect(g.regimen).toEqual({ 'Cisplatin, doxorubicin, Mitomycin-C': 36, 'doxorubicin LC beads': 28, NA: 10, 'Cisplatin, Mitomycin-C': 1 });
  });

  it('OS, TTP and Interval_FU are whole days / 7 (weeks) and the follow-up scan precedes death or last contact', () => {
    const u = hccTaceUnitEvidence(hccText);
    for (const c of u.columns.filter((x) => x.column !== 'Interval_BL')) expect(c.wholeDaysOverSeven).toBe(c.rows);
    expect(u.followUpBeforeOs).toBe(68);
    expect(u.pairedRows).toBe(68);
    const os = u.columns.find((c) => c.column === 'OS')!.median;
    expect(os * 12 / 52.1775).toBeGreaterThan(19); // months: a TACE cohort's median OS
    expect(os * 12 / 52.1775).toBeLessThan(30);
  });

  it('the landmark reading drops the rows without a follow-up interval or a paired mRECIST, named and counted', () => {
    const r = readCohortTable(hccText, HCC_TACE_MAPPING, HCC_TACE_COHORT_SOURCES);
    expect(r.ids.length).toBe(66);
    expect(r.dropped).toBe(9);
    expect(r.gaps).toEqual([
      { reason: 'landmarkOsMonths missing', rows: 7 },
      { reason: 'diameterSumChange missing (covariate diameterSumChange)', rows: 4 },
    ]);
    expect(r.outcome.time.every((t) => t > 0)).toBe(true);
    // HCC_002: OS 25.29 weeks, follow-up at 22.86 weeks -> 2.43 weeks = 0.559 months after the landmark.
    const k = r.ids.indexOf('HCC_002');
    expect(r.outcome.time[k]).toBeCloseTo((25.28571429 - 22.86) * 12 / 52.1775, 9);
    // Readers' mRECIST sums 103.7->58.6, 107->69, 106->58.6.
    expect(r.covariates.diameterSumChange![k]).toBeCloseTo(((58.6 - 103.7) / 103.7 + (69 - 107) / 107 + (58.6 - 106) / 106) / 3, 12);
  });
});

describe('CRLM table: gaps', () => {
  it('counts CEA and clinrisk -999 and the 0 cm sizes, and drops them from the fit', () => {
    expect(crlmGaps(crlmText)).toEqual({ rows: 148, ceaNotAvailable: 21, clinriskNotAvailable: 21, maxTumourSizeZero: 2 });
    const r = readCohortTable(crlmText, CRLM_MAPPING, CRLM_COHORT_SOURCES);
    expect(r.ids.length).toBe(125);
    expect(r.gaps).toEqual([
      { reason: 'maxTumourSizeMm missing (covariate largestBaselineDiameterMm)', rows: 2 },
      { reason: 'carcinoembryonic_antigen missing (covariate ceaElevated)', rows: 21 },
    ]);
  });
});

describe.each([
  ['hccTace', hcc] as const,
  ['crlm', crlm] as const,
])('%s Cox fit agrees with R coxph (reference/make-cohort-reference.R)', (key, m) => {
  it('n, events, coefficients, standard errors, 95 % CIs, log-likelihood and concordance', () => {
    const ref = rRef[key];
    expect(m.built.fit.n).toBe(ref.n);
    expect(m.built.fit.eventCount).toBe(ref.events);
    ref.coefficients.forEach((b, a) => {
      expect(m.built.fit.coefficients[a]).toBeCloseTo(b, 7);
      expect(m.built.fit.stdErr[a]).toBeCloseTo(ref.stdErr[a]!, 7);
      expect(m.built.fit.hazardRatioLower[a]).toBeCloseTo(ref.lower95[a]!, 7);
      expect(m.built.fit.hazardRatioUpper[a]).toBeCloseTo(ref.upper95[a]!, 7);
    });
    expect(m.built.fit.logLik).toBeCloseTo(ref.logLik, 7);
    expect(m.built.apparentConcordance).toBeCloseTo(ref.concordance, 9);
  });
});

describe('committed cohort risk models (models/risk-hcc-tace.*, models/risk-crlm.*)', () => {
  it.each([hcc, crlm])('the committed ONNX and card are exactly what the build script produces', (m) => {
    const { onnx, card } = cohortRiskModelArtifacts(m.built, m.spec);
    expect(Buffer.from(onnx).equals(readFileSync(resolve(repoRoot, 'models', `${m.spec.name}.onnx`)))).toBe(true);
    expect(JSON.parse(readFileSync(resolve(repoRoot, 'models', `${m.spec.name}.json`), 'utf8'))).toEqual(JSON.parse(JSON.stringify(card)));
  });

  it.each([hcc, crlm])('reports held-out figures: CV C-index, AUC(t), Brier and calibration by risk tertile', (m) => {
    const cv = m.built.crossValidation;
    expect(cv.concordance.foldConcordance).toHaveLength(5 * 20);
    expect(cv.concordance.mean).toBeGreaterThan(0.5);
    expect(cv.concordance.mean).toBeLessThan(m.built.apparentConcordance); // held-out below apparent
    for (const a of cv.auc) expect(a.auc).toBeGreaterThan(0.5);
    const [low, , high] = cv.calibration.groups;
    expect(low!.observed).toBeGreaterThan(high!.observed); // the high-risk tertile does worse
    for (const g of cv.calibration.groups) expect(Math.abs(g.predicted - g.observed)).toBeLessThan(0.1);
  });

  it('row order does not change the fit; a subset changes it', () => {
    const shuffled = buildRiskCrlm(shuffledText(crlmText));
    shuffled.built.fit.coefficients.forEach((b, a) => expect(b).toBeCloseTo(crlm.built.fit.coefficients[a]!, 8));
    const subset = readCohortTable(hccText.trim().split('\n').slice(0, 51).join('\n'), HCC_TACE_MAPPING, HCC_TACE_COHORT_SOURCES);
    expect(subset.rowCount).toBe(50);
    const f = coxPh(subset.outcome, subset.covariates);
    expect(Math.abs(f.coefficients[0]! - hcc.built.fit.coefficients[0]!)).toBeGreaterThan(1e-3);
  });

  it('HCC treatment terms: lenvatinib below sorafenib (REFLECT HR 0.92), each term marked fitted, cited or assumed', () => {
    const coef = (m: string) => hcc.spec.modalities.find((x) => x.modality === m)!;
    expect(coef('lenvatinib').coefficient).toBeCloseTo(coef('sorafenib').coefficient + Math.log(0.92), 12);
    expect(coef('lenvatinib').coefficient).toBeLessThan(coef('sorafenib').coefficient);
    expect(coef('ctace')).toMatchObject({ feature: null, status: 'fitted', coefficient: 0, responseTermApplies: true });
    expect(coef('resection').status).toBe('assumed');
    // The regimen term is tested, not assumed: DEB-TACE vs cTACE on the rows with a stated regimen.
    const regimen = hcc.spec.training.regimen as { n: number; debTace: number; hazardRatio95: [number, number] };
    expect(regimen).toMatchObject({ n: 56, debTace: 22 });
    expect(regimen.hazardRatio95[0]).toBeLessThan(1);
    expect(regimen.hazardRatio95[1]).toBeGreaterThan(1);
    expect(hcc.spec.modalities.some((x) => /deb/i.test(x.modality))).toBe(false);
    for (const m of ['sorafenib', 'lenvatinib', 'atezolizumabBevacizumab', 'bestSupportiveCare']) {
      expect(coef(m).status).toBe('cited');
      expect(coef(m).responseTermApplies).toBe(false); // the TACE response effect is not extended to systemic therapy
      expect(coef(m).sources.length).toBeGreaterThan(0);
    }
  });

  it.each([hcc, crlm])('the card loads through the model registry and scores like the TypeScript model', async (m) => {
    const model = await loadRiskModel(resolve(repoRoot, 'models', `${m.spec.name}.json`));
    try {
      const { model: linear } = cohortRiskModelArtifacts(m.built, m.spec);
      const row = linear.covariates.map((c) => m.built.read.covariates[c]?.[0] ?? 0);
      const scores = await model.score([row]);
      expect(scores.logRisk[0]).toBeCloseTo(m.built.fit.linearPredictor[0]!, 4);
    } finally {
      await model.dispose();
    }
  });
});

describe('cohort reader: bad input', () => {
  it('names a missing column and refuses a non-0/1 event', () => {
    expect(() => readCohortTable('a,b\n1,2\n', CRLM_MAPPING, CRLM_COHORT_SOURCES)).toThrow(SurvivalInputError);
    expect(() => readCohortTable('a,b\n1,2\n', CRLM_MAPPING, CRLM_COHORT_SOURCES)).toThrow(/max_tumor_size|overall_survival_months/);
    const bad = crlmText.replace(/^(CRLM-CT-1001(?:,[^,]*){27}),0,/m, '$1,7,');
    expect(() => readCohortTable(bad, CRLM_MAPPING, CRLM_COHORT_SOURCES)).toThrow(/vital_status/);
    expect(() => parseCohortCsv('')).toThrow(SurvivalInputError);
    expect(() => parseCohortCsv('a,"b\n1,2')).toThrow(/quoted/);
  });
});

describe('the residual-tumour contrast the default model transfers (item 8)', () => {
  it('is recomputed from HCC-TACE-Seg: not CR vs CR after TACE, landmark OS, equal to RESIDUAL_AFTER_CURATIVE_EFFECT', () => {
    const c = hccTaceResidualTumourContrast(hccText);
    expect(c).toMatchObject({ n: 66, events: 59, withResidual: 54 });
    expect(c.hazardRatio).toBeCloseTo(RESIDUAL_AFTER_CURATIVE_EFFECT.hazardRatio, 5);
    expect(c.lower95).toBeCloseTo(RESIDUAL_AFTER_CURATIVE_EFFECT.hazardRatio95[0], 5);
    expect(c.upper95).toBeCloseTo(RESIDUAL_AFTER_CURATIVE_EFFECT.hazardRatio95[1], 5);
    expect(RESIDUAL_AFTER_CURATIVE_EFFECT.hazardRatio).not.toBeCloseTo(1 / 0.39, 1); // not the inverted responder HR
  });
});

describe('CRLM treatment terms (risk-crlm modalityCalibration)', () => {
  it('resection fitted, ablation assumed equal, chemotherapy and supportive care cited and worse, residual tumour assumed; each marked', () => {
    const m = (name: string) => crlm.spec.modalities.find((x) => x.modality === name)!;
    expect(m('resection')).toMatchObject({ feature: null, status: 'fitted', coefficient: 0, curativeIntent: true });
    expect(m('thermalAblation')).toMatchObject({ status: 'assumed', coefficient: 0, curativeIntent: true });
    expect(m('systemicChemotherapy').status).toBe('cited');
    expect(m('systemicChemotherapy').coefficient).toBeGreaterThan(0);
    expect(m('systemicChemotherapy').modelMedianMonths).toBeCloseTo(29, 0); // the step at the anchor (float rounding may pick the next step)
    expect(m('systemicChemotherapy').modelMedianMonths).toBeGreaterThan(24);
    expect(m('bestSupportiveCare').coefficient - m('systemicChemotherapy').coefficient).toBeCloseTo(Math.log(1 / 0.65), 12);
    for (const name of ['thermalAblation', 'systemicChemotherapy', 'bestSupportiveCare']) expect(m(name).sources.length).toBeGreaterThan(0);
    const residual = crlm.spec.extraTerms!.find((t) => t.name === 'residualAfterCurative')!;
    expect(residual).toMatchObject({ status: 'assumed', cohortConstant: 0, plan: { from: 'imaging.residualAfterCurative' } });
    const { card } = cohortRiskModelArtifacts(crlm.built, crlm.spec);
    expect((card.cohortTable as { constants: Record<string, number> }).constants).toEqual({
      modalityThermalAblation: 0, modalitySystemicChemotherapy: 0, modalityBestSupportiveCare: 0, residualAfterCurative: 0,
    });
  });

  it('both cards carry the same ASSUMED residual term (not fitted, 0 on every cohort row), declared continuous and log-linear', () => {
    for (const m of [hcc, crlm]) {
      const residual = m.spec.extraTerms!.find((t) => t.name === 'residualAfterCurative')!;
      expect(residual).toMatchObject({ status: 'assumed', cohortConstant: 0, plan: { from: 'imaging.residualAfterCurative' } });
      expect(residual.coefficient).toBeCloseTo(Math.log(2.324917), 9);
      expect(residual.coding).toMatch(/continuous in \[0, 1\]/);
      expect(residual.note).toMatch(/ASSUMED log-linear in the residual fraction/);
      // Not fitted: the fitted covariates (and so the cross-validated figures) do not include it.
      expect(m.built.fit.covariates).not.toContain('residualAfterCurative');
    }
    const { card } = cohortRiskModelArtifacts(hcc.built, hcc.spec);
    expect((card.covariates as { name: string }[]).at(-1)!.name).toBe('residualAfterCurative');
  });
});

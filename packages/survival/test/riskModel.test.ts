/**
 * The default risk model loaded with its card: hash and I/O checks, scoring equal to the
 * TypeScript prediction, the covariate encoder (clinical schema, ALBI, imputation of unknowns).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  albiGradeOf,
  albiScore,
  buildDefaultRiskModel,
  createRiskModel,
  encodeRiskFeatures,
  loadRiskModel,
  parseClinicalCovariates,
  parseRiskModelCard,
  predictCoxLinearModel,
  RESIDUAL_AFTER_CURATIVE_EFFECT,
  RiskModelError,
  SurvivalInputError,
  type RiskModel,
} from '../src/index.ts';
import { expectClose } from './support/reference.ts';
import { repoRoot, sharedData } from '../../../test/support/shared-data.ts';

const cardPath = resolve(repoRoot, 'models', 'risk-cox-hcc.json');
const card = JSON.parse(readFileSync(cardPath, 'utf8'));
const onnx = new Uint8Array(readFileSync(resolve(repoRoot, 'models', 'risk-cox-hcc.onnx')));
const { card: parsedCard } = parseRiskModelCard(card);
let model: RiskModel;
beforeAll(async () => {
  model = await loadRiskModel(cardPath);
});
afterAll(async () => model?.dispose());

const imaging = { largestBaselineDiameterMm: 33, lesionCount: 1, mrecist: 'PR' as const };
const fullClinical = { ageYears: 70, afpNgPerMl: 400, macrovascularInvasion: true, cirrhosis: false };

describe('risk model loading and scoring', () => {
  it('outputs per sample the log-risk, S(t) at 6, 12, 24, 36, 60 months and RMST to 60 months, equal to predictCoxLinearModel within 1e-5', async () => {
    expect(model.signature.times).toEqual([6, 12, 24, 36, 60]);
    expect(model.signature.rmstHorizon).toBe(60);
    expect(model.signature.timeUnit).toBe('months');
    const built = buildDefaultRiskModel(readFileSync(sharedData('survival', 'hepatoCellular.csv'), 'utf8'));
    const rows = ['ctace', 'sorafenib', 'resection', 'atezolizumabBevacizumab', 'lenvatinib', 'bestSupportiveCare'].map((modality, k) =>
      Array.from(encodeRiskFeatures(parsedCard, { imaging: { ...imaging, mrecist: k % 2 ? 'SD' : 'PR' }, clinical: fullClinical, modality }).values, Math.fround));
    const out = await model.score(rows);
    const ts = predictCoxLinearModel(built.model, rows, { times: [6, 12, 24, 36, 60], rmstHorizon: 60 });
    expectClose(out.logRisk, ts.logRisk, 1e-5, 'logRisk');
    expectClose(out.survival.flatMap((s) => Array.from(s)), ts.survival.flatMap((s) => Array.from(s)), 1e-5, 'survival');
    expectClose(out.rmst, ts.rmst, 1e-5, 'rmst');
    for (const s of out.survival) for (let k = 1; k < 5; k++) expect(s[k]!).toBeLessThanOrEqual(s[k - 1]!);
  });

  it('refuses an ONNX file whose sha256 differs from the card, a malformed card and a foreign graph', async () => {
    const tampered = onnx.slice();
    tampered[tampered.length - 1] = tampered[tampered.length - 1]! ^ 1;
    await expect(createRiskModel(tampered, card)).rejects.toThrow(/onnx\.sha256/);
    await expect(createRiskModel(onnx, { ...card, kind: 'renderer' })).rejects.toBeInstanceOf(RiskModelError);
    await expect(createRiskModel(onnx, { ...card, label: 'ok' })).rejects.toThrow(/research-use label/);
    const reordered = { ...card, inputs: [{ ...card.inputs[0], order: [...card.inputs[0].order].reverse() }] };
    await expect(createRiskModel(onnx, reordered)).rejects.toThrow(/order/);
    const renderer = new Uint8Array(readFileSync(resolve(repoRoot, 'models', 'renderer-tiny.onnx')));
    const { createHash } = await import('node:crypto');
    const foreign = { ...card, onnx: { ...card.onnx, sha256: createHash('sha256').update(renderer).digest('hex') } };
    await expect(createRiskModel(renderer, foreign)).rejects.toBeInstanceOf(RiskModelError);
    await expect(loadRiskModel(resolve(repoRoot, 'models', 'missing.json'))).rejects.toThrow(/cannot read/);
  });

  it('refuses rows of the wrong length or with non-finite values, and scoring after dispose', async () => {
    await expect(model.score([[1, 2]])).rejects.toThrow(/rows\[0\]: expected 13 features/);
    const row = Array.from(parsedCard.covariates, (c) => c.mean);
    row[0] = Number.NaN;
    await expect(model.score([row])).rejects.toThrow(/rows\[0\]\[0\]: age must be a finite number/);
    await expect(model.score([])).rejects.toBeInstanceOf(SurvivalInputError);
    const m = await createRiskModel(onnx, card);
    await m.dispose();
    await expect(m.score([row])).rejects.toThrow(/disposed/);
  });
});

describe('clinical covariates and the risk-feature encoder', () => {
  const at = (enc: ReturnType<typeof encodeRiskFeatures>, name: string) => enc.values[enc.names.indexOf(name)]!;

  it('derives every covariate from known inputs without imputation', () => {
    const enc = encodeRiskFeatures(parsedCard, { imaging: { largestBaselineDiameterMm: 62, lesionCount: 3, mrecist: 'CR' }, clinical: fullClinical, modality: 'ctace' });
    expect(enc.imputed).toEqual([]);
    expect(Array.from(enc.values)).toEqual([70, 1, 1, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0]);
    expect(enc.derivations.afpHigh).toMatch(/assumed/);
  });

  it('imputes unknowns with the card value (cohort mean) and, for TACE, the modality response rate, and records them', () => {
    const enc = encodeRiskFeatures(parsedCard, { clinical: { ageYears: null }, modality: 'ctace' });
    const byName = Object.fromEntries(parsedCard.covariates.map((c) => [c.name, c.unknown?.imputeWith]));
    expect(enc.imputed.map((i) => i.name)).toEqual(['age', 'afpHigh', 'tumorLarge', 'vascularInvasion', 'multipleTumors', 'cirrhosis', 'mrecistResponder']);
    for (const i of enc.imputed.slice(0, 6)) expect(i.value).toBe(byName[i.name]);
    expect(at(enc, 'mrecistResponder')).toBe(0.525);
    expect(at(enc, 'modalityCtace')).toBe(1);
    // Systemic therapy: the locoregional responder term does not apply (0, not imputed).
    const sorafenib = encodeRiskFeatures(parsedCard, { clinical: { ageYears: null }, modality: 'sorafenib' });
    expect(at(sorafenib, 'mrecistResponder')).toBe(0);
    expect(sorafenib.imputed.map((i) => i.name)).not.toContain('mrecistResponder');
    expect(at(sorafenib, 'modalitySorafenib')).toBe(1);
  });

  it('scores best supportive care with a higher log-risk and lower RMST than sorafenib for the same imaging features (loaded model)', async () => {
    for (const mrecist of ['PR', 'SD', 'PD'] as const) {
      const rows = ['sorafenib', 'bestSupportiveCare'].map((modality) =>
        Array.from(encodeRiskFeatures(parsedCard, { imaging: { ...imaging, mrecist }, clinical: fullClinical, modality }).values));
      const out = await model.score(rows);
      expect(out.logRisk[1]!).toBeGreaterThan(out.logRisk[0]!);
      expect(out.rmst[1]!).toBeLessThan(out.rmst[0]!);
    }
    const enc = encodeRiskFeatures(parsedCard, { modality: 'bestSupportiveCare' });
    expect(at(enc, 'modalityBestSupportiveCare')).toBe(1);
    expect(at(enc, 'mrecistResponder')).toBe(0);
    expect(enc.imputed.map((i) => i.name)).not.toContain('mrecistResponder');
  });

  it('applies the 20 ng/mL AFP and 50 mm size cut-offs strictly, and 0 response for resection', () => {
    const low = encodeRiskFeatures(parsedCard, { imaging: { ...imaging, largestBaselineDiameterMm: 50 }, clinical: { ...fullClinical, afpNgPerMl: 20 }, modality: 'resection' });
    expect(at(low, 'afpHigh')).toBe(0);
    expect(at(low, 'tumorLarge')).toBe(0);
    expect(at(low, 'mrecistResponder')).toBe(0);
    expect(low.values.slice(7, 12).every((v) => v === 0)).toBe(true);
    // mRECIST PR after resection: viable tumour left.
    expect(at(low, 'residualAfterCurative')).toBe(1);
  });

  it('residualAfterCurative: from the outcome for a curative-intent modality (not CR or new lesions), 0 otherwise, with the derivation recorded', () => {
    const curative = (mrecist: 'CR' | 'PR' | 'SD' | 'PD', newLesionCount?: number) =>
      encodeRiskFeatures(parsedCard, { imaging: { ...imaging, mrecist, ...(newLesionCount !== undefined ? { newLesionCount } : {}) }, clinical: fullClinical, modality: 'resection', curativeIntent: true });
    expect(parsedCard.covariates.at(-1)!.name).toBe('residualAfterCurative');
    expect(at(curative('CR', 0), 'residualAfterCurative')).toBe(0);
    expect(at(curative('CR'), 'residualAfterCurative')).toBe(0);
    for (const m of ['PR', 'SD', 'PD'] as const) expect(at(curative(m, 0), 'residualAfterCurative')).toBe(1);
    expect(at(curative('CR', 1), 'residualAfterCurative')).toBe(1);
    expect(curative('SD', 0).derivations.residualAfterCurative).toMatch(/curative-intent resection.*mRECIST SD \(diameter sums not given: yes\/no reading/);
    // With the measured diameter sums the residual is continuous: the viable fraction of the baseline sum, capped at 1.
    const measured = (sumViableDiameterMm: number, newLesionCount = 0) => at(encodeRiskFeatures(parsedCard, {
      imaging: { ...imaging, mrecist: sumViableDiameterMm === 0 ? 'CR' : 'SD', sumBaselineDiameterMm: 40, sumViableDiameterMm, newLesionCount },
      clinical: fullClinical, modality: 'resection', curativeIntent: true,
    }), 'residualAfterCurative');
    expect(measured(0)).toBe(0);
    expect(measured(10)).toBeCloseTo(0.25, 12);
    expect(measured(20)).toBeCloseTo(0.5, 12);
    expect(measured(60)).toBe(1);
    expect(measured(0, 1)).toBe(1);
    expect(curative('SD').imputed).toEqual([]);
    // Non-curative modalities: 0 whatever the outcome, not imputed; the responder term scores the response.
    for (const modality of ['ctace', 'sorafenib', 'lenvatinib', 'atezolizumabBevacizumab', 'bestSupportiveCare']) {
      for (const mrecist of ['CR', 'SD', 'PD'] as const) {
        const enc = encodeRiskFeatures(parsedCard, { imaging: { ...imaging, mrecist, newLesionCount: 1 }, clinical: fullClinical, modality });
        expect(at(enc, 'residualAfterCurative')).toBe(0);
        expect(enc.derivations.residualAfterCurative).toMatch(new RegExp(`^0: not applicable to ${modality}`));
      }
      expect(encodeRiskFeatures(parsedCard, { modality }).imputed.map((i) => i.name)).not.toContain('residualAfterCurative');
    }
    // Unknown outcome after curative-intent treatment: imputed 0 (the calibration point), recorded.
    const unknown = encodeRiskFeatures(parsedCard, { clinical: fullClinical, modality: 'resection' });
    expect(at(unknown, 'residualAfterCurative')).toBe(0);
    expect(unknown.imputed).toContainEqual({ name: 'residualAfterCurative', value: 0, rule: expect.stringMatching(/complete.*calibrated/) });
    // The caller's curative intent must agree with the card's calibration.
    expect(() => encodeRiskFeatures(parsedCard, { modality: 'ctace', curativeIntent: true })).toThrow(/curativeIntent: is true but the card calibrates ctace as not curative/);
    expect(() => encodeRiskFeatures(parsedCard, { modality: 'resection', curativeIntent: false })).toThrow(SurvivalInputError);
    expect(() => encodeRiskFeatures(parsedCard, { imaging: { ...imaging, newLesionCount: -1 }, modality: 'resection' })).toThrow(/newLesionCount/);
  });

  it('scores residual tumour after curative-intent treatment worse than a complete one (loaded model); non-curative modalities unaffected', async () => {
    const enc = (modality: string, mrecist: 'CR' | 'PR' | 'SD' | 'PD') =>
      Array.from(encodeRiskFeatures(parsedCard, { imaging: { ...imaging, mrecist, newLesionCount: 0 }, clinical: fullClinical, modality }).values);
    const out = await model.score([enc('resection', 'CR'), enc('resection', 'PR'), enc('resection', 'SD')]);
    for (const k of [1, 2]) {
      expect(out.logRisk[k]! - out.logRisk[0]!).toBeCloseTo(Math.log(RESIDUAL_AFTER_CURATIVE_EFFECT.hazardRatio), 5);
      expect(out.rmst[k]!).toBeLessThan(out.rmst[0]!);
      for (let t = 0; t < 5; t++) expect(out.survival[k]![t]!).toBeLessThanOrEqual(out.survival[0]![t]!);
    }
    // Without the new column (as model 0.1.0 scored them) a non-curative row scores the same.
    const i = parsedCard.covariates.findIndex((c) => c.name === 'residualAfterCurative');
    const coef = parsedCard.covariates.map((c) => c.coefficient);
    for (const modality of ['ctace', 'sorafenib', 'bestSupportiveCare']) {
      for (const mrecist of ['CR', 'PD'] as const) {
        const row = enc(modality, mrecist);
        expect(row[i]).toBe(0);
        const [scored] = (await model.score([row])).logRisk;
        const withoutTerm = row.reduce((s, v, a) => (a === i ? s : s + (v - parsedCard.covariates[a]!.mean) * coef[a]!), 0);
        expect(Math.abs(scored! - withoutTerm)).toBeLessThan(1e-5);
      }
    }
  });

  it('computes ALBI (Johnson 2015) from albumin and bilirubin and lists covariates this model does not use', () => {
    // bilirubin 17 µmol/L, albumin 40 g/L: 0.66 log10(17) - 0.085 * 40 = -2.588 → grade 2
    expect(albiScore(17, 40)).toBeCloseTo(0.66 * Math.log10(17) - 3.4, 12);
    expect(albiGradeOf(-2.6)).toBe(1);
    expect(albiGradeOf(-2.59)).toBe(2);
    expect(albiGradeOf(-1.39)).toBe(2);
    expect(albiGradeOf(-1.38)).toBe(3);
    expect(parseClinicalCovariates({ albuminGPerL: 40, bilirubinUmolPerL: 17 }).albiGrade).toBe(2);
    const enc = encodeRiskFeatures(parsedCard, { clinical: { albuminGPerL: 40, bilirubinUmolPerL: 17, bclcStage: 'B', extrahepaticSpread: false }, modality: 'ctace' });
    expect(enc.unusedClinical).toEqual(['albuminGPerL', 'bilirubinUmolPerL', 'albiGrade', 'extrahepaticSpread', 'bclcStage']);
  });

  it('bad input: out-of-range or mistyped clinical values, an ALBI conflict, unknown keys and modality, bad imaging', () => {
    expect(() => parseClinicalCovariates({ albuminGPerL: 3.5 })).toThrow(/clinical\.albuminGPerL/); // g/dL by mistake
    expect(() => parseClinicalCovariates({ ecog: 1.5 })).toThrow(/clinical\.ecog/);
    expect(() => parseClinicalCovariates({ childPughClass: 'D' })).toThrow(/clinical\.childPughClass/);
    expect(() => parseClinicalCovariates({ ageYears: Number.NaN })).toThrow(/clinical\.ageYears/);
    expect(() => parseClinicalCovariates({ albuminGPerL: 40, bilirubinUmolPerL: 17, albiGrade: 1 })).toThrow(/albiGrade: is 1 but/);
    expect(() => parseClinicalCovariates({ weight: 70 })).toThrow(SurvivalInputError);
    expect(() => encodeRiskFeatures(parsedCard, { modality: 'homeopathy' })).toThrow(/modality: must be one of/);
    expect(() => encodeRiskFeatures(parsedCard, { imaging: { ...imaging, lesionCount: 0 }, modality: 'ctace' })).toThrow(/lesionCount/);
    const foreign = { ...parsedCard, covariates: [...parsedCard.covariates, { name: 'ldh', mean: 0, coefficient: 1 }] };
    expect(() => encodeRiskFeatures(foreign, { modality: 'ctace' })).toThrow(RiskModelError);
  });
});

/**
 * The risk card's covariate declaration (covariateSources): the encoder computes each covariate as
 * the card says, the default card's cohort side reproduces the training coding of hepatoCellular,
 * `mewm survival fit`'s mappings, and the bad-input block (unknown features, categories without a
 * comparison, malformed specs).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  cohortCovariateColumns, covariateSourcesOf, encodeRiskFeatures, fittedCovariateSources, hepatoCellularCohort, parseNumericCsv,
  parsePlanSourceSpec, parseRiskModelCard, RiskModelError, SurvivalInputError,
} from '../src/index.ts';
import { repoRoot, sharedData } from '../../../test/support/shared-data.ts';

const rawCard = JSON.parse(readFileSync(resolve(repoRoot, 'models', 'risk-cox-hcc.json'), 'utf8'));
const { card } = parseRiskModelCard(rawCard);
const imaging = { largestBaselineDiameterMm: 33, lesionCount: 1, mrecist: 'PR' as const };

describe('covariate declaration of the default card', () => {
  it('declares every covariate from a plan source, and the fitted ones from a hepatoCellular column', () => {
    const sources = covariateSourcesOf(card, { requirePlan: true });
    expect(Object.keys(sources)).toEqual(card.covariates.map((c) => c.name));
    expect(sources.afpHigh).toMatchObject({ plan: { from: 'clinical.afpNgPerMl', gt: 20 }, cohort: { column: 'AFP', eq: 2 } });
    expect(sources.modalityCtace).toMatchObject({ plan: { from: 'treatment.modality', eq: 'ctace' } });
    expect(Object.entries(sources).filter(([, s]) => s.cohort).map(([n]) => n)).toEqual(['age', 'afpHigh', 'tumorLarge', 'vascularInvasion', 'multipleTumors', 'cirrhosis']);
  });

  it('its cohort side computes from the hepatoCellular CSV exactly the columns the model was fitted on', () => {
    const text = readFileSync(sharedData('survival', 'hepatoCellular.csv'), 'utf8');
    const sources = covariateSourcesOf(card);
    const fitted = Object.fromEntries(Object.entries(sources).filter(([, s]) => s.cohort));
    const columns = cohortCovariateColumns(fitted, parseNumericCsv(text));
    expect(columns).toEqual(hepatoCellularCohort(text).covariates);
    expect(columns.afpHigh!.reduce((a, b) => a + b, 0)).toBeGreaterThan(100); // not all zero: AFP group 2 is 2/3 of the cohort
  });

  it('the encoder follows the declaration: another threshold in the card gives another value', () => {
    const base = encodeRiskFeatures(card, { imaging, modality: 'ctace' });
    const k = base.names.indexOf('tumorLarge');
    expect(base.values[k]).toBe(0); // 33 mm is not > 50 mm
    const changed = structuredClone(rawCard);
    changed.covariateSources.tumorLarge.plan.gt = 30;
    const enc = encodeRiskFeatures(parseRiskModelCard(changed).card, { imaging, modality: 'ctace' });
    expect(enc.values[k]).toBe(1);
    expect(enc.derivations.tumorLarge).toBe('imaging largestBaselineDiameterMm > 30 (mm, largest baseline axial diameter; assumed cut-off: the cohort documents none)');
  });
});

describe('mewm survival fit declarations', () => {
  it('maps columns named like plan features by name, others as declared, and lists the rest', () => {
    const { sources, unmapped } = fittedCovariateSources(['ageYears', 'lesionCount', 'afpHigh', 'sex'], { afpHigh: parsePlanSourceSpec('afpHigh=clinical.afpNgPerMl>=400').plan });
    expect(sources).toEqual({
      ageYears: { plan: { from: 'clinical.ageYears' }, cohort: { column: 'ageYears' } },
      lesionCount: { plan: { from: 'imaging.lesionCount' }, cohort: { column: 'lesionCount' } },
      afpHigh: { plan: { from: 'clinical.afpNgPerMl', ge: 400 }, cohort: { column: 'afpHigh' } },
      sex: { cohort: { column: 'sex' } },
    });
    expect(unmapped).toEqual(['sex']);
  });

  it('parses every comparison form', () => {
    expect(parsePlanSourceSpec('x=imaging.lesionCount>1').plan).toEqual({ from: 'imaging.lesionCount', gt: 1 });
    expect(parsePlanSourceSpec('x=clinical.ecog<=1').plan).toEqual({ from: 'clinical.ecog', le: 1 });
    expect(parsePlanSourceSpec('x=clinical.childPughClass==A').plan).toEqual({ from: 'clinical.childPughClass', eq: 'A' });
    expect(parsePlanSourceSpec('x=clinical.bclcStage in B|C').plan).toEqual({ from: 'clinical.bclcStage', in: ['B', 'C'] });
    expect(parsePlanSourceSpec('x=clinical.cirrhosis').plan).toEqual({ from: 'clinical.cirrhosis' });
  });
});

describe('covariate declaration: bad input', () => {
  it('a declaration naming an unknown plan feature is a RiskModelError naming the covariate and the feature', () => {
    const bad = structuredClone(rawCard);
    bad.covariateSources.age.plan.from = 'clinical.weightKg';
    const e = (() => { try { parseRiskModelCard(bad); } catch (x) { return x; } })();
    expect(e).toBeInstanceOf(RiskModelError);
    expect((e as RiskModelError).part).toBe('card.covariateSources.age.plan.from');
    expect((e as Error).message).toMatch(/covariate 'age': unknown plan feature 'clinical\.weightKg'/);
  });

  it('a category without eq/in, a declaration for no covariate and a missing one are refused, naming them', () => {
    const cat = structuredClone(rawCard);
    cat.covariateSources.age.plan = { from: 'clinical.childPughClass' };
    expect(() => parseRiskModelCard(cat)).toThrow(/'clinical\.childPughClass' is a category: compare it with eq or in/);
    const extra = structuredClone(rawCard);
    extra.covariateSources.weight = { plan: { from: 'clinical.ageYears' } };
    expect(() => parseRiskModelCard(extra)).toThrow(/covariateSources\.weight: 'weight' is not one of the card's covariates/);
    const missing = structuredClone(rawCard);
    delete missing.covariateSources.cirrhosis;
    expect(() => parseRiskModelCard(missing)).toThrow(/covariateSources\.cirrhosis: covariate 'cirrhosis' has no declaration/);
  });

  it('a card without a declaration maps by name; a covariate no plan feature computes is refused for scoring, naming it', () => {
    const old = structuredClone(rawCard);
    delete old.covariateSources;
    const parsed = parseRiskModelCard(old).card; // loads: rows can still be scored
    expect(() => encodeRiskFeatures(parsed, { imaging, modality: 'ctace' })).toThrow(/no plan feature computes covariate\(s\) 'age', 'afpHigh', 'tumorLarge'/);
    expect(covariateSourcesOf({ covariates: [{ name: 'ageYears', mean: 0, coefficient: 1 }] }, { requirePlan: true })).toEqual({ ageYears: { plan: { from: 'clinical.ageYears' } } });
  });

  it('malformed --covariate-source specs name the text', () => {
    expect(() => parsePlanSourceSpec('afpHigh')).toThrow(SurvivalInputError);
    expect(() => parsePlanSourceSpec('afpHigh=clinical.afpNgPerMl>high')).toThrow(/> needs a number/);
    expect(() => parsePlanSourceSpec('x=treatment.modality>1')).toThrow(/is a category/);
    expect(() => fittedCovariateSources(['a'], { b: { from: 'clinical.ageYears' } })).toThrow(/"b" is not one of the fitted covariates/);
  });
});

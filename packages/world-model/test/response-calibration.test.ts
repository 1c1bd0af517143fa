/**
 * The TACE response calibration on the real HCC-TACE-Seg table: the cohort's gaps are counted, the
 * card ships the fit on the table, and the cross-validated check agrees with the observed ratios far
 * better than the literature parameters did.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  categoryOfRatio, checkTaceResponse, createParameterReader, DYNAMICS_PARAMETERS, fitTaceResponse, ksDistance, LITERATURE_TACE_RESPONSE,
  normalCdf, parameterValue, readTaceResponseCohort, sampleLesionOutcome, simulatePatientResponse, regimenProtocol, createRng,
  type TaceResponseCohort,
} from '../src/index.ts';
import { TACE_CALIBRATION } from '../src/outcome/parameters/tace-calibration.ts';
import { buildDynamicsCard } from '../src/outcome/dynamics-card.ts';
import { sharedData } from '../../../test/support/shared-data.ts';

/** A minimal RFC 4180 split (the table quotes its regimen texts, which hold commas). */
function readTable(path: string): { columns: string[]; rows: string[][] } {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  const split = (line: string) => {
    const out: string[] = [];
    let field = '';
    let quoted = false;
    for (const ch of line) {
      if (ch === '"') quoted = !quoted;
      else if (ch === ',' && !quoted) { out.push(field); field = ''; } else field += ch;
    }
    out.push(field);
    return out;
  };
  const [header, ...rows] = lines.map(split);
  return { columns: header!, rows };
}

const table = readTable(sharedData('cohorts', 'hcc-tace-clinical.csv'));
const cohort: TaceResponseCohort = readTaceResponseCohort(table);

describe('readTaceResponseCohort on the real HCC-TACE-Seg table', () => {
  it('counts every gap: 75 rows, 4 without a paired mRECIST, 10 regimen NA, 1 cisplatin + mitomycin-C as conventional', () => {
    expect(cohort.gaps).toEqual({
      rows: 75, noPairedMeasurement: 4, regimenNotStated: 10, regimenCisplatinMitomycinAsConventional: 1,
      regimenUnknownText: 0, followUpIntervalMissing: 5, fewerThanThreeReaders: 4, used: 61,
    });
    expect(cohort.patients.filter((p) => p.regimen === 'conventional')).toHaveLength(35);
    expect(cohort.patients.filter((p) => p.regimen === 'deb')).toHaveLength(26);
  });

  it('reads the median of the readers\' ratios and categorises it with the mRECIST thresholds', () => {
    // HCC_002: readers 58.6/103.7, 69/107, 58.6/106 → median 0.5653; conventional; follow-up 22.86 weeks.
    const first = cohort.patients[0]!;
    expect(first.ratio).toBeCloseTo(58.6 / 103.7, 10);
    expect(first.category).toBe('PR');
    expect(first.regimen).toBe('conventional');
    expect(first.followUpDays).toBe(160);
    expect(first.baselineSumMm).toBeCloseTo((103.7 + 107 + 106) / 3, 10);
    expect([0, 0.3, 0.7, 0.71, 1.19, 1.2].map(categoryOfRatio)).toEqual(['CR', 'PR', 'PR', 'SD', 'SD', 'PD']);
  });

  it('rejects a table without the regimen column, naming it', () => {
    const cols = table.columns.map((c) => (c === 'chemotherapy' ? 'regimen' : c));
    expect(() => readTaceResponseCohort({ columns: cols, rows: table.rows })).toThrow(/no column "chemotherapy"/);
  });
});

describe('the TACE response fit', () => {
  it('ships the fit on all 61 patients in the card (3 decimals; 58.2 mm reference)', () => {
    const fit = fitTaceResponse(cohort.patients);
    expect(fit.n).toBe(61);
    for (const [id, value] of fit.parameters) {
      const digits = id === 'tace.size.referenceDiameterMm' ? 1 : 3;
      expect(parameterValue(id), id).toBeCloseTo(Number(value.toFixed(digits)), 10);
      const p = DYNAMICS_PARAMETERS.find((q) => q.id === id)!;
      expect(p.source.kind === 'published' && p.source.citation, id).toMatch(/HCC-TACE-Seg/);
    }
    expect(fit.size.oddsRatioPerCm95[0]).toBeLessThan(1);
    expect(fit.size.oddsRatioPerCm95[1]).toBeGreaterThan(1);
    expect(fit.completeSharePooled).toBe(false);
  });

  it('normalCdf agrees with known values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
  });

  it('ksDistance is 0 for equal samples, 1 for disjoint ones, and 0.5 for a half shift', () => {
    expect(ksDistance([1, 2, 3], [3, 2, 1])).toBe(0);
    expect(ksDistance([1, 2], [3, 4])).toBe(1);
    expect(ksDistance([1, 2, 3, 4], [3, 4, 5, 6])).toBe(0.5);
    expect(() => ksDistance([], [1])).toThrow(/non-empty/);
  });
});

describe('simulated ratio: the viable part only', () => {
  it('measures the viable diameter, not the outer diameter across a necrotic centre', () => {
    const patient = cohort.patients.find((p) => p.regimen === 'conventional')!;
    const d = patient.baselineSumMm;
    const lesion = { longestAxialDiameterMm: d, volumeMl: (Math.PI / 6) * (d / 10) ** 3 };
    const sims = simulatePatientResponse(patient, 200, 0);
    let partial = 0;
    for (let s = 0; s < 200; s++) {
      const o = sampleLesionOutcome(regimenProtocol('conventional'), lesion, patient.followUpDays, createRng(s).fork('outcome-1'));
      expect(sims[s]!.ratio).toBeCloseTo(o.viableFraction <= 0 ? 0 : Math.cbrt(o.viableFraction), 12);
      if (o.response === 'PR' && o.totalVolumeFactor > o.viableFraction + 0.1) {
        partial++;
        expect(sims[s]!.ratio).toBeLessThan(Math.cbrt(o.totalVolumeFactor));
        expect(sims[s]!.category).toBe('PR');
      }
    }
    expect(partial).toBeGreaterThan(20);
  });

  it('rejects an override of an unknown parameter', () => {
    expect(() => createParameterReader(new Map([['tace.nonsense', 1]]))).toThrow(/not a dynamics parameter/);
  });
});

describe('checkTaceResponse on the real table (cross-validated)', () => {
  const result = checkTaceResponse(cohort, { folds: 5, repeats: 3, seedsPerPatient: 10, seed: 1 });

  it('reproduces the observed ratio distribution on held-out folds far better than the literature parameters', () => {
    expect(result.literature.ks).toBeGreaterThan(result.literature.ksCritical05);
    expect(result.crossValidated.ks).toBeLessThan(result.crossValidated.ksCritical05);
    expect(result.crossValidated.ks).toBeLessThan(result.literature.ks / 2);
    expect(result.crossValidated.simulatedDraws).toBe(61 * 3 * 10);
  });

  it('matches the observed category rates per regimen within 10 points on held-out folds', () => {
    for (const r of result.crossValidated.byRegimen) {
      for (const c of ['CR', 'PR', 'SD', 'PD'] as const) expect(Math.abs(r.simulated[c] - r.observed[c]), `${r.regimen} ${c}`).toBeLessThan(0.1);
    }
    const conventional = result.literature.byRegimen.find((r) => r.regimen === 'conventional')!;
    expect(conventional.observed.PR - conventional.simulated.PR).toBeGreaterThan(0.2);
  });

  it('reports n per size stratum and the literature parameters it compares against', () => {
    expect(result.sizeStrata.strata.reduce((a, s) => a + s.n, 0)).toBe(61);
    expect(LITERATURE_TACE_RESPONSE.get('tace.conventional.objectiveResponseRate')).toBe(0.525);
  });

  it('the card states the figures a fresh check with its settings gives (n, KS before and cross-validated)', () => {
    const fresh = checkTaceResponse(cohort, TACE_CALIBRATION.settings);
    expect(fresh.cohort.rows).toBe(TACE_CALIBRATION.rows);
    expect(fresh.cohort.used).toBe(TACE_CALIBRATION.patients);
    expect(fresh.crossValidated.byRegimen.map((r) => r.n)).toEqual([TACE_CALIBRATION.patientsByRegimen.conventional, TACE_CALIBRATION.patientsByRegimen.deb]);
    expect(fresh.literature.ks).toBeCloseTo(TACE_CALIBRATION.ksBeforeCalibration, 3);
    expect(fresh.crossValidated.ks).toBeCloseTo(TACE_CALIBRATION.ksCrossValidated, 3);
    expect(fresh.crossValidated.ksCritical05).toBeCloseTo(TACE_CALIBRATION.ksCritical05, 3);
    expect([...TACE_CALIBRATION.parameters].sort()).toEqual([...fitTaceResponse(cohort.patients).parameters.keys()].sort());
    const card = buildDynamicsCard();
    expect(card.calibration.tace.ksCrossValidated).toBe(TACE_CALIBRATION.ksCrossValidated);
    expect(card.parameterCounts.fitted).toBe(8);
  });

  it('rejects settings out of range', () => {
    expect(() => checkTaceResponse(cohort, { folds: 1 })).toThrow(/folds/);
    expect(() => checkTaceResponse({ ...cohort, patients: cohort.patients.slice(0, 5) })).toThrow(/at least 10 patients/);
  });
});

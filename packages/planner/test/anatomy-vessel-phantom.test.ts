/**
 * The anatomy decides between thermal ablations (issue: "a phantom with a lesion beside a large vessel
 * must make RFA lose to MWA or resection more often than the same lesion away from the vessel, and the
 * report must say why"). The abdominal phantom with a 16 mm metastasis either 3.5 mm from its 10 mm
 * hepatic vein or about 57 mm from it; the plan segments the vessels itself, simulates RFA and MWA with
 * the presets' applicators (one head-to-head study's zones) and a resection, and scores them.
 * Research use only, not for clinical use.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Vec3 } from '@mewm/dicom';
import type { RiskModel } from '@mewm/survival';
import { createWhiteNoiseRenderer, resolveProtocol } from '@mewm/world-model';
import {
  DEFAULT_RISK_MODEL_IDS, makeAbdominalPhantom, openRiskModel, planTreatment, preparePlanAnatomy, type PlanInput, type Policy,
} from '../src/index.ts';
import type { PlanReport } from '@mewm/contracts';

const NEAR_VEIN: Vec3 = [41.3, 9.0, 67.5]; // lesion surface 3.5 mm from the hepatic vein's wall
const AWAY: Vec3 = [75, 15, 5]; // the default lesion place, about 57 mm from the vein's axis
const NAMES = ['rfa', 'mwa', 'resection'];

const policy: Policy = {
  name: 'user',
  propose: async () => ({
    candidates: NAMES.map((name) => ({ name, protocol: resolveProtocol(name), source: 'user' as const, rationale: 'test' })),
    summary: { policy: 'user' },
  }),
};

let risk: RiskModel;
beforeAll(async () => { risk = await openRiskModel(DEFAULT_RISK_MODEL_IDS.crlm); });
afterAll(async () => { await risk.dispose(); });

async function plan(centre: Vec3): Promise<PlanReport> {
  const p = makeAbdominalPhantom({ lesionRadiusMm: 8, lesionCentreRas: centre });
  const a = preparePlanAnatomy(p.ct, p.lesionMask, { mask: p.liverMask, source: 'phantom' });
  const input: PlanInput = {
    ct: p.ct, lesionMask: p.lesionMask, liverMask: a.liverMask!, vesselMask: a.vesselMask!, liverCondition: 'chemotherapy', anatomy: a.anatomy,
    clinical: {}, disease: 'crlm', inputHashes: { ct: '0'.repeat(64), lesionMask: '0'.repeat(64) }, casePseudonym: 'vessel-phantom',
    lesionSource: { kind: 'phantom' },
  };
  const { report } = await planTreatment(input, { policy, renderer: createWhiteNoiseRenderer(), riskModel: risk, samples: 8, seed: 1 });
  return report;
}

const byName = (r: PlanReport, name: string) => r.candidates.find((c) => c.name === name)!;
/** Samples (common random numbers) on which RFA's RMST is below the best of MWA and resection. */
const rfaLosses = (r: PlanReport) => byName(r, 'rfa').samples.filter((s, k) => s.rmstMonths < Math.max(byName(r, 'mwa').samples[k]!.rmstMonths, byName(r, 'resection').samples[k]!.rmstMonths)).length;

describe('a metastasis beside a large vessel vs away from it', () => {
  let near: PlanReport;
  let away: PlanReport;
  beforeAll(async () => { [near, away] = [await plan(NEAR_VEIN), await plan(AWAY)]; }, 240_000);

  it('finds the vein beside the lesion (and none within reach away from it)', () => {
    const contact = byName(near, 'rfa').samples[0]!.anatomy!.vesselContact!;
    expect(contact.distanceMm).toBeLessThan(5);
    expect(contact.diameterMm).toBeGreaterThan(7);
    expect(contact.diameterMm).toBeLessThan(12);
    expect(near.anatomy!.vessels!.volumeMl).toBeGreaterThan(5);
    expect(byName(away, 'rfa').samples[0]!.anatomy!.vesselContact).toBeNull();
  });

  it('the heat sink costs RFA more margin than MWA beside the vessel, and nothing away from it', () => {
    const margin = (r: PlanReport, n: string) => byName(r, n).samples[0]!.anatomy!.minimalMarginMm!;
    expect(margin(near, 'rfa')).toBeLessThan(margin(near, 'mwa'));
    expect(margin(near, 'rfa')).toBeLessThan(margin(away, 'rfa') - 2);
    expect(margin(away, 'rfa')).toBeGreaterThanOrEqual(5);
    expect(byName(away, 'rfa').samples.every((s) => s.anatomy!.feasible)).toBe(true);
  });

  it('RFA loses to MWA or resection more often beside the vessel, and the report says why', () => {
    expect(rfaLosses(near)).toBeGreaterThan(rfaLosses(away));
    expect(byName(near, 'rfa').rank).toBeGreaterThan(byName(near, 'mwa').rank);
    const rfa = byName(near, 'rfa').samples[0]!.anatomy!;
    expect(rfa.feasible).toBe(false);
    expect(rfa.reason).toMatch(/vessel/i);
  });

  it('a resection leaves most of the liver and is feasible in both places', () => {
    for (const r of [near, away]) {
      const s = byName(r, 'resection').samples[0]!.anatomy!;
      expect(s.feasible).toBe(true);
      expect(s.futureLiverRemnantFraction!).toBeGreaterThan(0.8);
      expect(s.futureLiverRemnantMl!).toBeGreaterThan(1000);
      expect(s.minimalMarginMm).toBeNull();
    }
  });
});

import { describe, expect, it } from 'vitest';
import {
  AblationInputError, assessAblation, checkProtocol, coolingDepthMm, createParameterReader, createRng, describeProtocol, localProgressionRiskTwoYear,
  minimalAblativeMarginMm, nearestVessel, parseProtocol, protocolKey, resolveProtocol, sampleLesionOutcome, type AblationAssessment,
} from '../src/index.ts';
import { cylinderMask, sphereMask } from './ablation-anatomy-phantom.ts';

const LESION_RADIUS_MM = 9;
const VESSEL_DIAMETER_MM = 10;
/** Vessel axis x (mm) so that its wall lies `gapMm` from the lesion surface. */
const vesselAt = (gapMm: number) => LESION_RADIUS_MM + gapMm + VESSEL_DIAMETER_MM / 2;

const lesion = sphereMask(LESION_RADIUS_MM);
const vesselNear = cylinderMask(VESSEL_DIAMETER_MM, vesselAt(1.5));
const vesselFar = cylinderMask(VESSEL_DIAMETER_MM, vesselAt(30));
const RFA = { modality: 'ablation', technique: 'rfa', marginMm: 5, applicator: 'rfa-cooltip-12min' } as const;
const MWA = { modality: 'ablation', technique: 'mwa', marginMm: 5, applicator: 'mwa-perfusion-80w-5min' } as const;

const summary = (a: AblationAssessment) => ({
  margin: +a.minimalMarginMm.toFixed(2), noSink: +a.marginWithoutHeatSinkMm.toFixed(2), sink: +a.heatSinkMm.toFixed(2),
  ltp: +a.localProgressionRisk2y.toFixed(3), feasible: a.feasible, contact: a.vesselContact && { d: +a.vesselContact.distanceMm.toFixed(2), D: +a.vesselContact.diameterMm.toFixed(2), cool: +a.vesselContact.coolingDepthMm.toFixed(2) },
});

describe('assessAblation: a lesion beside a 10 mm vessel vs the same lesion 30 mm away', () => {
  const rfaNear = assessAblation({ lesionMask: lesion, vesselMask: vesselNear, component: RFA });
  const rfaFar = assessAblation({ lesionMask: lesion, vesselMask: vesselFar, component: RFA });
  const mwaNear = assessAblation({ lesionMask: lesion, vesselMask: vesselNear, component: MWA });
  const mwaFar = assessAblation({ lesionMask: lesion, vesselMask: vesselFar, component: MWA });
  console.log(JSON.stringify({ rfaNear: summary(rfaNear), rfaFar: summary(rfaFar), mwaNear: summary(mwaNear), mwaFar: summary(mwaFar) }));

  it('finds the vessel: its diameter within a voxel or so, its distance from the lesion', () => {
    for (const a of [rfaNear, rfaFar]) {
      expect(a.vesselContact!.diameterMm).toBeGreaterThan(VESSEL_DIAMETER_MM - 0.8);
      expect(a.vesselContact!.diameterMm).toBeLessThan(VESSEL_DIAMETER_MM + 0.8);
    }
    expect(rfaNear.vesselContact!.distanceMm).toBeGreaterThanOrEqual(1.5 - 0.8);
    expect(rfaNear.vesselContact!.distanceMm).toBeLessThanOrEqual(1.5 + 1.6);
    expect(rfaFar.vesselContact!.distanceMm).toBeGreaterThan(29);
    expect(rfaFar.vesselContact!.distanceMm).toBeLessThan(32);
  });

  it('gives RFA a smaller minimal margin beside the vessel than away from it', () => {
    expect(rfaNear.minimalMarginMm).toBeLessThan(rfaFar.minimalMarginMm - 3);
    expect(rfaFar.heatSinkMm).toBe(0);
    expect(rfaFar.minimalMarginMm).toBeGreaterThanOrEqual(5);
    expect(rfaFar.feasible).toBe(true);
    expect(rfaFar.reason).toBeUndefined();
  });

  it('makes MWA lose less margin to the heat sink than RFA beside the same vessel', () => {
    expect(rfaNear.heatSinkMm).toBeGreaterThan(0);
    expect(mwaNear.heatSinkMm).toBeLessThan(rfaNear.heatSinkMm);
    expect(mwaNear.minimalMarginMm).toBeGreaterThan(rfaNear.minimalMarginMm);
    expect(mwaNear.heatSinkSparedMl).toBeLessThan(rfaNear.heatSinkSparedMl);
    expect(mwaNear.vesselContact!.coolingDepthMm).toBeLessThan(rfaNear.vesselContact!.coolingDepthMm);
  });

  it('orders the 2-year local-progression risk: RFA beside the vessel > MWA beside it > away from it', () => {
    expect(rfaNear.localProgressionRisk2y).toBeGreaterThan(mwaNear.localProgressionRisk2y);
    expect(mwaNear.localProgressionRisk2y).toBeGreaterThan(mwaFar.localProgressionRisk2y);
    expect(rfaFar.localProgressionRisk2y).toBeLessThanOrEqual(0.1 + 1e-9);
  });

  it('flags the lesion beside the vessel as not coverable with the margin, naming the vessel and its heat sink', () => {
    expect(rfaNear.feasible).toBe(false);
    expect(rfaNear.reason).toMatch(/RFA/);
    expect(rfaNear.reason).toMatch(/vessel lies \d+\.\d mm from the lesion/);
    expect(rfaNear.reason).toMatch(/heat sink/);
    expect(mwaNear.feasible).toBe(false);
  });

  it('returns the zone on the CT grid, without the patent vessel lumen', () => {
    expect(rfaNear.zone.dims).toEqual(lesion.dims);
    let overlap = 0;
    for (let v = 0; v < vesselNear.data.length; v++) if (vesselNear.data[v] && rfaNear.zone.data[v]) overlap++;
    expect(overlap).toBe(0);
    expect(rfaFar.zoneShape).toMatchObject({ kind: 'ellipsoid', shortAxisMm: 30.2, longAxisMm: 46, axisSource: 'craniocaudal' });
    // An ellipsoid of 30.2 × 46 mm: 4/3 π · 15.1² · 23 mm³ ≈ 22.0 mL (voxelised).
    expect(rfaFar.zoneVolumeMl).toBeGreaterThan(20);
    expect(rfaFar.zoneVolumeMl).toBeLessThan(24);
  });
});

describe('assessAblation: zone size and feasibility', () => {
  it('flags a lesion larger than the applicator zone, with the numbers', () => {
    const big = sphereMask(20);
    const a = assessAblation({ lesionMask: big, component: { modality: 'ablation', technique: 'rfa', marginMm: 5, applicator: 'rfa-ic-2cm-12min' } });
    expect(a.feasible).toBe(false);
    expect(a.minimalMarginMm).toBeLessThan(0);
    expect(a.localProgressionRisk2y).toBe(1);
    expect(a.reason).toMatch(/outside the simulated zone/);
    expect(a.reason).toMatch(/needs \d+\.\d mm × \d+\.\d mm, more than the RFA, internally cooled electrode, 2 cm tip, 12 min zone \(20\.0 mm × 26\.2 mm\)/);
  });

  it('sizes the zone as before without an applicator: the lesion plus the planned margin', () => {
    const a = assessAblation({ lesionMask: lesion, component: { modality: 'ablation', technique: 'mwa', marginMm: 5 } });
    expect(a.zoneShape).toEqual({ kind: 'planned', marginMm: 5 });
    expect(a.minimalMarginMm).toBeGreaterThanOrEqual(5);
    expect(a.minimalMarginMm).toBeLessThan(5 + 0.8);
    expect(a.feasible).toBe(true);
    expect(a.vesselContact).toBeNull();
  });

  it('lays the long axis along a given insertion direction', () => {
    const a = assessAblation({ lesionMask: lesion, component: MWA, insertionDirectionRas: [2, 0, 0] });
    expect(a.zoneShape.kind === 'ellipsoid' && Math.abs(a.zoneShape.axisRas[0])).toBeCloseTo(1, 6);
  });

  it('reports the zone volume outside the liver when a liver mask is given', () => {
    const liver = sphereMask(12, [0, 0, 0], 'liver');
    const a = assessAblation({ lesionMask: lesion, liverMask: liver, component: MWA });
    expect(a.zoneOutsideLiverMl).toBeGreaterThan(0);
    expect(a.zoneOutsideLiverMl).toBeLessThan(a.zoneVolumeMl);
  });
});

describe('minimalAblativeMarginMm: sphere in sphere on a 0.8 × 0.8 × 5 mm grid', () => {
  it('equals the difference of the radii within one voxel', () => {
    const m = minimalAblativeMarginMm(sphereMask(10), sphereMask(17, [0, 0, 0], 'zone'));
    expect(m.uncoveredVoxels).toBe(0);
    expect(Math.abs(m.marginMm - 7)).toBeLessThanOrEqual(0.8);
  });

  it('is negative by how far the lesion sticks out when the zone is too small (within one 5 mm slice: the worst point lies along z)', () => {
    const m = minimalAblativeMarginMm(sphereMask(10), sphereMask(7, [0, 0, 0], 'zone'));
    expect(m.uncoveredVoxels).toBeGreaterThan(0);
    expect(m.marginMm).toBeLessThan(0);
    expect(Math.abs(m.marginMm + 3)).toBeLessThanOrEqual(5);
  });
});

describe('nearestVessel', () => {
  it('returns the distance and local diameter of the nearest vessel, or null beyond the search radius', () => {
    const near = nearestVessel(lesion, vesselNear)!;
    expect(near.diameterMm).toBeGreaterThan(9.2);
    expect(near.diameterMm).toBeLessThan(10.8);
    expect(near.nearestVesselRas[0]).toBeGreaterThan(LESION_RADIUS_MM);
    expect(nearestVessel(lesion, vesselFar, { searchMm: 20 })).toBeNull();
    // A 2 mm vessel is below the heat-sink size and does not count.
    expect(nearestVessel(lesion, cylinderMask(2, 12))).toBeNull();
  });
});

describe('heat sink and local progression parameters', () => {
  const read = createParameterReader();
  it('cools more with RFA than MWA, nothing below 3 mm, more next to wider vessels', () => {
    expect(coolingDepthMm('rfa', 2, read)).toBe(0);
    expect(coolingDepthMm('rfa', 10, read)).toBeGreaterThan(coolingDepthMm('mwa', 10, read));
    expect(coolingDepthMm('rfa', 10, read)).toBeGreaterThan(coolingDepthMm('rfa', 4, read));
  });
  it('rescales the 2-year LTP by the published hazard ratio per 5 mm of margin', () => {
    expect(localProgressionRiskTwoYear(5, read)).toBeCloseTo(0.1, 10);
    expect(localProgressionRiskTwoYear(0, read)).toBeCloseTo(1 - 0.9 ** (1 / 0.54), 10);
    expect(localProgressionRiskTwoYear(10, read)).toBeCloseTo(1 - 0.9 ** 0.54, 10);
    expect(localProgressionRiskTwoYear(40, read)).toBe(localProgressionRiskTwoYear(15, read));
    expect(localProgressionRiskTwoYear(-0.5, read)).toBe(1);
  });
});

describe('assessAblation / nearestVessel: bad input', () => {
  const other = { ...lesion, dims: [150, 150, 23] as [number, number, number], data: new Uint8Array(150 * 150 * 23) };
  it('refuses masks on different grids, naming the mask', () => {
    expect(() => assessAblation({ lesionMask: lesion, vesselMask: other, component: RFA })).toThrow(/vesselMask: .*grid/);
    expect(() => assessAblation({ lesionMask: lesion, liverMask: other, component: RFA })).toThrow(AblationInputError);
    expect(() => nearestVessel(lesion, other)).toThrow(/vesselMask/);
  });
  it('refuses an empty lesion mask', () => {
    const empty = { ...lesion, data: new Uint8Array(lesion.data.length) };
    expect(() => assessAblation({ lesionMask: empty, component: RFA })).toThrow(/lesionMask: the lesion mask has no voxels/);
    expect(() => assessAblation({ lesionMask: lesion, lesionLabel: 3, component: RFA })).toThrow(/no voxels with label 3/);
  });
  it('refuses an unknown applicator, a technique mismatch and a zone diameter given with an applicator', () => {
    expect(() => assessAblation({ lesionMask: lesion, component: { ...RFA, applicator: 'laser-9000' } })).toThrow(/component\.applicator/);
    expect(() => assessAblation({ lesionMask: lesion, component: { ...RFA, applicator: 'mwa-perfusion-80w-5min' } })).toThrow(/MWA setting, but technique is RFA/);
    expect(() => assessAblation({ lesionMask: lesion, component: { ...RFA, zoneDiameterMm: 40 } })).toThrow(/component\.zoneDiameterMm/);
    expect(() => assessAblation({ lesionMask: lesion, component: { ...RFA, marginMm: -1 } })).toThrow(/component\.marginMm/);
  });
  it('refuses a zero insertion direction and a non-positive search radius', () => {
    expect(() => assessAblation({ lesionMask: lesion, component: RFA, insertionDirectionRas: [0, 0, 0] })).toThrow(/insertionDirectionRas/);
    expect(() => assessAblation({ lesionMask: lesion, component: RFA, vesselSearchMm: 0 })).toThrow(/vesselSearchMm/);
    expect(() => nearestVessel(lesion, vesselNear, { searchMm: Number.NaN })).toThrow(/searchMm/);
  });
});

describe('sampleLesionOutcome with a measured minimal margin', () => {
  const protocol = resolveProtocol('rfa');
  const size = { volumeMl: 4.2, longestAxialDiameterMm: 20 };
  const outcomes = (margin: number | undefined, days: number) => Array.from({ length: 300 }, (_, s) =>
    sampleLesionOutcome(protocol, margin === undefined ? size : { ...size, measuredAblationMarginMm: margin }, days, createRng(s).fork('outcome-1')));

  it('never completes an ablation that leaves tumour outside the zone', () => {
    expect(outcomes(-2, 30).filter((o) => o.viableFraction === 0)).toHaveLength(0);
    expect(outcomes(undefined, 30).filter((o) => o.viableFraction === 0).length).toBeGreaterThan(200);
  });

  it('leaves less viable tumour at 2 years with a 15 mm margin than with 0 mm (local progression by margin)', () => {
    const viable = (m: number) => outcomes(m, 730).filter((o) => o.viableFraction > 0).length;
    expect(viable(15)).toBeLessThan(viable(0));
  });

  it('refuses a non-finite measured margin', () => {
    expect(() => sampleLesionOutcome(protocol, { ...size, measuredAblationMarginMm: Number.NaN }, 30, createRng(1))).toThrow(/measuredAblationMarginMm/);
  });
});

describe('protocol: the optional applicator field', () => {
  it('keeps the key of a protocol without it and adds the applicator to the key and description when given', () => {
    expect(protocolKey(parseProtocol({ components: [{ modality: 'ablation', technique: 'rfa', marginMm: 5 }] }))).not.toMatch(/:a=/);
    const p = parseProtocol({ components: [RFA] });
    expect(protocolKey(p)).toMatch(/ablation:rfa:m=5:a=rfa-cooltip-12min/);
    expect(describeProtocol(p)).toMatch(/^RFA \(margin 5 mm, cool-tip needle, 12 min\)/);
    // the presets name the applicators of one head-to-head study
    expect(protocolKey(resolveProtocol('rfa'))).toMatch(/:a=rfa-cooltip-12min/);
    expect(protocolKey(resolveProtocol('mwa'))).toMatch(/:a=mwa-perfusion-80w-5min/);
  });

  it('names the field when the applicator does not match the technique or comes with a zone diameter', () => {
    const mismatch = checkProtocol({ components: [{ ...RFA, applicator: 'mwa-perfusion-80w-5min' }] });
    expect(mismatch.ok ? [] : mismatch.problems.map((q) => q.field)).toEqual(['components[0].applicator']);
    const both = checkProtocol({ components: [{ ...MWA, zoneDiameterMm: 40 }] });
    expect(both.ok ? [] : both.problems.map((q) => [q.field, q.message])).toEqual([['components[0].zoneDiameterMm', expect.stringMatching(/either applicator .* or zoneDiameterMm/)]]);
    expect(() => parseProtocol({ components: [{ ...RFA, applicator: 'laser-9000' }] })).toThrow(/applicator/);
  });
});

describe('assessAblation: grids and tiny lesions', () => {
  it('gives the same margins on a grid whose x and y axes are flipped (LPS-derived affine)', () => {
    const flip = <T extends { affineRas: number[][] }>(m: T): T => ({
      ...m, affineRas: [[-m.affineRas[0]![0]!, 0, 0, -m.affineRas[0]![3]!], [0, -m.affineRas[1]![1]!, 0, -m.affineRas[1]![3]!], m.affineRas[2]!, m.affineRas[3]!],
    });
    const a = assessAblation({ lesionMask: lesion, vesselMask: vesselNear, component: RFA });
    const b = assessAblation({ lesionMask: flip(lesion), vesselMask: flip(vesselNear), component: RFA });
    expect(b.minimalMarginMm).toBeCloseTo(a.minimalMarginMm, 6);
    expect(b.heatSinkMm).toBeCloseTo(a.heatSinkMm, 6);
    expect(b.vesselContact!.nearestVesselRas[0]).toBeCloseTo(-a.vesselContact!.nearestVesselRas[0], 6);
  });

  it('handles a one-voxel lesion (no principal axis: craniocaudal)', () => {
    const dot = sphereMask(0.1);
    const a = assessAblation({ lesionMask: dot, component: MWA });
    expect(a.zoneShape).toMatchObject({ kind: 'ellipsoid', axisSource: 'craniocaudal' });
    expect(a.minimalMarginMm).toBeGreaterThan(15);
    expect(a.feasible).toBe(true);
  });
});

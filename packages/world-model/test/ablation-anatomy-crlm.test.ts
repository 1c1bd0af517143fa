/**
 * The ablation anatomy model on the real reference lesion (CRLM-CT-1006, ~8.7 mL colorectal liver
 * metastasis, 0.8 × 0.8 × 5 mm portal-venous CT), segmented from the click used elsewhere, with a
 * crude vessel mask (enhancing voxels 160–350 HU outside the lesion; only parts ≥ 3 mm wide count).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestCt, segmentLesion, type LabelVolume } from '@mewm/dicom';
import { assessAblation, type AblationAssessment } from '../src/index.ts';
import { sharedData } from '../../../test/support/shared-data.ts';

let rfa: AblationAssessment;
let mwaLarge: AblationAssessment;
let ms = 0;

beforeAll(async () => {
  const { volume: ct } = await ingestCt([sharedData('crlm-ct', 'CRLM-CT-1006')]);
  const lesionMask = segmentLesion(ct, [92.8, -31.6, -304]).mask;
  const vesselMask: LabelVolume = { dims: ct.dims, spacingMm: ct.spacingMm, affineRas: ct.affineRas, data: new Uint8Array(ct.data.length), labels: { 1: 'vessel' } };
  for (let v = 0; v < ct.data.length; v++) vesselMask.data[v] = ct.data[v]! >= 160 && ct.data[v]! <= 350 && !lesionMask.data[v] ? 1 : 0;
  const t0 = performance.now();
  rfa = assessAblation({ lesionMask, vesselMask, component: { modality: 'ablation', technique: 'rfa', marginMm: 5, applicator: 'rfa-cooltip-12min' } });
  ms = performance.now() - t0;
  mwaLarge = assessAblation({ lesionMask, vesselMask, component: { modality: 'ablation', technique: 'mwa', marginMm: 5, applicator: 'mwa-120w-15min-ex-vivo' } });
}, 60_000);

describe('assessAblation on CRLM-CT-1006', () => {
  it('finds a large vessel near the lesion with a plausible diameter', () => {
    const v = rfa.vesselContact!;
    expect(v.diameterMm).toBeGreaterThanOrEqual(3);
    expect(v.diameterMm).toBeLessThan(30);
    expect(v.distanceMm).toBeLessThan(40);
  });

  it('does not fit a ~3.3 cm metastasis plus 5 mm into one cool-tip RFA zone, and says so with the numbers', () => {
    expect(rfa.feasible).toBe(false);
    expect(rfa.minimalMarginMm).toBeLessThan(0);
    expect(rfa.reason).toMatch(/needs \d+\.\d mm × \d+\.\d mm, more than the RFA, cool-tip needle, 12 min zone \(30\.2 mm × 46\.0 mm\)/);
    expect(rfa.localProgressionRisk2y).toBe(1);
  });

  it('covers it with the larger MWA zone, with a thinner margin than required', () => {
    expect(mwaLarge.minimalMarginMm).toBeGreaterThan(rfa.minimalMarginMm);
    expect(mwaLarge.minimalMarginMm).toBeGreaterThanOrEqual(0);
    expect(mwaLarge.localProgressionRisk2y).toBeGreaterThan(0.1);
    expect(mwaLarge.localProgressionRisk2y).toBeLessThan(0.3);
    // 4/3 π · 21 · 21 · 30.9 mm³ ≈ 57 mL, less any cooled or vessel voxels.
    expect(mwaLarge.zoneVolumeMl).toBeGreaterThan(45);
    expect(mwaLarge.zoneVolumeMl).toBeLessThan(60);
  });

  it('runs in a few seconds on a 512 × 512 CT', () => {
    expect(ms).toBeLessThan(5000);
  });
});

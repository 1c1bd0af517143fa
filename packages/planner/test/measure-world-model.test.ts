/**
 * The image measurement (survival measureResponse, which reads only the CT) checked against the
 * dynamics model's own label maps (extractImagingFeatures on the tissue-state map) on simulated
 * follow-ups: CRLM-CT-1006 (real CT, lesion from its point) and the abdominal phantom, five
 * protocols (cTACE, MWA, resection, sorafenib, best supportive care), white-noise renderer for speed,
 * and one sample of the default (learned) renderer. The agreement figures asserted here are the ones
 * stated in packages/survival/src/measure/README.md.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestCt, segmentLesion, type LabelVolume, type Volume } from '@mewm/dicom';
import { TISSUE_STATE } from '@mewm/contracts';
import { extractImagingFeatures, LIPIODOL_ABOVE_HU, measureResponse } from '@mewm/survival';
import { createWhiteNoiseRenderer, resolveProtocol, simulateTreatment, type RegionRenderer } from '@mewm/world-model';
import { makeAbdominalPhantom } from '../src/index.ts';
import { openRenderer } from '../src/plan/open-renderer.ts';
import { sharedData } from '../../../test/support/shared-data.ts';

interface Row {
  case: string;
  preset: string;
  labelCategory: string;
  measuredCategory: string;
  labelViableMl: number;
  measuredViableMl: number;
  dice: number;
  labelLipiodol: number;
  measuredLipiodol: number;
  /** Drawn Lipiodol HU above the measurement's brighter reference (post liver, post tumour); NaN without Lipiodol. */
  lipiodolAboveHu: number;
  ms: number;
}

const PRESETS = ['ctace-epirubicin-lipiodol', 'mwa', 'resection', 'sorafenib', 'best-supportive-care'];
const cases: Array<{ name: string; ct: Volume; lesions: LabelVolume }> = [];

beforeAll(async () => {
  const crlm = (await ingestCt([sharedData('crlm-ct', 'CRLM-CT-1006')])).volume;
  cases.push({ name: 'CRLM-CT-1006', ct: crlm, lesions: segmentLesion(crlm, [92.8, -31.6, -304]).mask });
  const phantom = makeAbdominalPhantom();
  cases.push({ name: 'phantom', ct: phantom.ct, lesions: phantom.lesionMask });
});

/** Dice of the measured viable voxels (measurement box) against the label map's viable voxels (viable, growth, unchanged lesion). */
function viableDice(ct: Volume, lesions: LabelVolume, states: LabelVolume, masks: NonNullable<ReturnType<typeof measureResponse>['masks']>): number {
  const [nx, ny] = ct.dims;
  let inter = 0, a = 0, b = 0;
  for (let k = 0; k < masks.dims[2]; k++) for (let j = 0; j < masks.dims[1]; j++) for (let i = 0; i < masks.dims[0]; i++) {
    const c = i + masks.dims[0] * (j + masks.dims[1] * k);
    const g = masks.min[0] + i + nx * (masks.min[1] + j + ny * (masks.min[2] + k));
    const st = states.data[g]!;
    const label = st === TISSUE_STATE.viable || st === TISSUE_STATE.growth || (st === TISSUE_STATE.unchanged && lesions.data[g] !== 0) ? 1 : 0;
    const measured = masks.viable[c]!;
    a += label;
    b += measured;
    inter += label & measured;
  }
  return a + b === 0 ? 1 : (2 * inter) / (a + b);
}

async function rows(renderer: RegionRenderer, presets: readonly string[], samples: number, only?: string): Promise<Row[]> {
  const out: Row[] = [];
  for (const { name, ct, lesions } of cases.filter((c) => !only || c.name === only)) {
    for (const preset of presets) {
      const sim = await simulateTreatment({ ct, lesionMask: lesions, protocol: resolveProtocol(preset) }, { samples, seed: 5, renderer });
      for (const s of sim.samples) {
        const labels = extractImagingFeatures({ baseline: { ct, lesions }, followUp: { ct: s.volume, states: s.states } }).patient;
        const t0 = performance.now();
        const m = measureResponse(ct, s.volume, lesions, { includeMasks: true });
        const ms = performance.now() - t0;
        const lipiodolHu = Math.max(...s.outcomes.map((o) => (o.outcome.lipiodolFraction > 0 ? o.outcome.lipiodolHu : Number.NaN)));
        const lipiodolAboveHu = lipiodolHu - Math.max(m.reference.liverPostHu, m.reference.tumourPostHu);
        out.push({
          case: name, preset, labelCategory: labels.mrecist, measuredCategory: m.patient.mrecist,
          labelViableMl: labels.viableVolumeMl, measuredViableMl: m.patient.viableVolumeMl,
          dice: viableDice(ct, lesions, s.states, m.masks!),
          labelLipiodol: labels.lipiodolCoverage, measuredLipiodol: m.patient.lipiodolCoverage, lipiodolAboveHu, ms,
        });
      }
    }
  }
  return out;
}

const describeRows = (r: Row[]): string => r.map((x) => `${x.case} ${x.preset}: ${x.labelCategory}/${x.measuredCategory} ${x.labelViableMl.toFixed(2)}/${x.measuredViableMl.toFixed(2)} mL dice ${x.dice.toFixed(2)}`).join('\n');

describe('measureResponse against the world model\'s label maps', () => {
  it('white-noise renderer, 2 cases × 5 protocols × 3 samples: mRECIST agreement ≥ 75 %, CR after MWA/resection always found, viable Dice ≥ 0.8 on average, dense Lipiodol coverage within 0.1, faint Lipiodol not counted', async () => {
    const r = await rows(createWhiteNoiseRenderer(), PRESETS, 3);
    expect(r).toHaveLength(30);
    const agree = r.filter((x) => x.labelCategory === x.measuredCategory).length / r.length;
    expect(agree, describeRows(r)).toBeGreaterThanOrEqual(0.75);
    for (const x of r.filter((y) => y.preset === 'mwa' || y.preset === 'resection')) {
      expect(x.measuredCategory, `${x.case} ${x.preset}`).toBe('CR');
      expect(x.measuredViableMl).toBe(0);
    }
    const withViable = r.filter((x) => x.labelViableMl > 0);
    const meanDice = withViable.reduce((a, x) => a + x.dice, 0) / withViable.length;
    expect(meanDice, describeRows(withViable)).toBeGreaterThanOrEqual(0.8);
    // Lipiodol is read as voxels LIPIODOL_ABOVE_HU (100 HU) above the brighter of liver and tumour. The
    // world model draws its density (log-normal contrast with a washout half-life), so some draws are
    // faint: where the drawn Lipiodol is clearly dense its coverage is measured within 0.1; where it is
    // clearly faint it is not counted as Lipiodol (the measurement's stated detection limit).
    const ctace = r.filter((y) => y.preset.startsWith('ctace'));
    const dense = ctace.filter((x) => x.lipiodolAboveHu >= LIPIODOL_ABOVE_HU + 40);
    const faint = ctace.filter((x) => x.lipiodolAboveHu < LIPIODOL_ABOVE_HU - 40);
    const lipiodolRows = ctace.map((x) => `${x.case}: +${x.lipiodolAboveHu.toFixed(0)} HU coverage ${x.labelLipiodol.toFixed(2)}/${x.measuredLipiodol.toFixed(2)}`).join('\n');
    expect(dense.length, lipiodolRows).toBeGreaterThan(0);
    for (const x of dense) expect(Math.abs(x.measuredLipiodol - x.labelLipiodol), lipiodolRows).toBeLessThan(0.1);
    for (const x of faint) expect(x.measuredLipiodol, lipiodolRows).toBeLessThan(0.1);
    // Growth under best supportive care is seen: the measured volume rises with the labelled one.
    const bsc = r.filter((x) => x.preset === 'best-supportive-care' && x.labelViableMl > 2 * r.find((y) => y.case === x.case)!.labelViableMl);
    for (const x of bsc) expect(x.measuredViableMl).toBeGreaterThan(x.labelViableMl * 0.5);
  }, 600_000);

  it('default (learned) renderer on CRLM-CT-1006: MWA is CR and best supportive care is not CR', async () => {
    const renderer = await openRenderer(undefined);
    try {
      const r = await rows(renderer, ['mwa', 'best-supportive-care'], 1, 'CRLM-CT-1006');
      expect(r.find((x) => x.preset === 'mwa')!.measuredCategory, describeRows(r)).toBe('CR');
      expect(r.find((x) => x.preset === 'best-supportive-care')!.measuredCategory, describeRows(r)).not.toBe('CR');
    } finally {
      await renderer.dispose();
    }
  }, 600_000);
});

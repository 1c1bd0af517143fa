/**
 * Plausibility of simulated follow-ups over every preset (issue: "plausible follow-up images on any
 * tumour, not only a 3 cm one"): small (1.2 cm), large (5.4 cm, 82 mL) and multifocal tumours in the
 * phantom with its liver mask, and real CT (CRLM-CT-1006) with the learned renderer, its reference
 * metastasis and an 82 mL tumour region around it. Every check of checkFollowUpPlausibility must pass
 * on every sample. Research use only, not for clinical use.
 */
import { describe, expect, it } from 'vitest';
import { applyAffine, ingestCt, segmentLesion, type LabelVolume, type Vec3, type Volume } from '@mewm/dicom';
import {
  checkFollowUpPlausibility, createWhiteNoiseRenderer, PRESET_NAMES, resolveProtocol, simulateTreatment, type RegionRenderer,
} from '@mewm/world-model';
import { makeAbdominalPhantom, openRenderer, preparePlanAnatomy } from '../src/index.ts';
import { sharedData } from '../../../test/support/shared-data.ts';

interface Case { name: string; ct: Volume; lesionMask: LabelVolume; liverMask?: LabelVolume; vesselMask?: LabelVolume }

/** Every failed check of `samples` samples of every preset in `presets`, as "preset s#: id: detail". */
async function failures(c: Case, presets: readonly string[], samples: number, renderer: RegionRenderer): Promise<string[]> {
  const out: string[] = [];
  for (const name of presets) {
    const protocol = resolveProtocol(name);
    const r = await simulateTreatment({
      ct: c.ct, lesionMask: c.lesionMask, ...(c.liverMask ? { liverMask: c.liverMask } : {}), ...(c.vesselMask ? { vesselMask: c.vesselMask } : {}), protocol,
    }, { samples, seed: 3, renderer });
    for (const s of r.samples) {
      const checks = checkFollowUpPlausibility({
        ct: c.ct, lesions: r.lesions, baseline: r.baseline, ...(c.liverMask ? { liverMask: c.liverMask } : {}), sample: s, followUpDays: protocol.followUpDays,
      });
      expect(checks.length).toBeGreaterThanOrEqual(3);
      for (const f of checks.filter((x) => !x.passed)) out.push(`${c.name} ${name} s${s.index}: ${f.id}: ${f.detail}`);
    }
  }
  return out;
}

/** Paint a spherical lesion (core HU) into a copy of the phantom and its masks. */
function withSecondLesion(base: ReturnType<typeof makeAbdominalPhantom>, centreRas: Vec3, radiusMm: number): Case {
  const ct = { ...base.ct, data: Int16Array.from(base.ct.data as Int16Array) };
  const lesion = Uint8Array.from(base.lesionMask.data);
  const [nx, ny, nz] = ct.dims;
  for (let k = 0, v = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++, v++) {
    const p = applyAffine(ct.affineRas, [i, j, k]);
    if (Math.hypot(p[0] - centreRas[0], p[1] - centreRas[1], p[2] - centreRas[2]) <= radiusMm) { lesion[v] = 1; ct.data[v] = 45 + (ct.data[v]! - 110); }
  }
  return { name: 'multifocal', ct, lesionMask: { ...base.lesionMask, data: lesion }, liverMask: base.liverMask };
}

describe('simulated follow-ups are plausible on every preset', () => {
  const renderer = createWhiteNoiseRenderer();

  it('small tumour (1.2 cm) in the phantom', async () => {
    const p = makeAbdominalPhantom({ lesionRadiusMm: 6 });
    expect(await failures({ name: 'small', ct: p.ct, lesionMask: p.lesionMask, liverMask: p.liverMask }, PRESET_NAMES, 1, renderer)).toEqual([]);
  }, 180_000);

  it('large tumour (82 mL) in the phantom', async () => {
    const p = makeAbdominalPhantom({ lesionRadiusMm: 27, lesionCentreRas: [70, 15, 10] });
    expect(await failures({ name: 'large', ct: p.ct, lesionMask: p.lesionMask, liverMask: p.liverMask }, PRESET_NAMES, 2, renderer)).toEqual([]);
  }, 300_000);

  it('two tumours in the phantom', async () => {
    const c = withSecondLesion(makeAbdominalPhantom(), [40, 40, -10], 12);
    expect(await failures(c, PRESET_NAMES, 1, renderer)).toEqual([]);
  }, 180_000);
});

describe('simulated follow-ups on real CT (CRLM-CT-1006, learned renderer)', () => {
  // one preset per kind of appearance: growth, Lipiodol, ablation zone, resection bed, systemic necrosis
  const presets = ['best-supportive-care', 'ctace-epirubicin-lipiodol', 'mwa', 'resection', 'folfox'];

  it('the reference metastasis and an 82 mL tumour region around it pass every check', async () => {
    const { volume: ct } = await ingestCt([sharedData('crlm-ct', 'CRLM-CT-1006')]);
    const reference = segmentLesion(ct, [92.8, -31.6, -304]);
    const c = reference.stats.centroidRas;
    const large = new Uint8Array(ct.data.length);
    const [nx, ny, nz] = ct.dims;
    for (let k = 0, v = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++, v++) {
      const p = applyAffine(ct.affineRas, [i, j, k]);
      if (Math.hypot(p[0] - c[0], p[1] - c[1], p[2] - c[2]) <= 27) large[v] = 1;
    }
    const renderer = await openRenderer(undefined);
    // the plan's own anatomy: the liver segmented from the CT (with the tumour in it) and its vessels
    const withAnatomy = (name: string, lesionMask: LabelVolume): Case => {
      const a = preparePlanAnatomy(ct, lesionMask);
      expect(a.liverMask, name).toBeDefined();
      return { name, ct, lesionMask, liverMask: a.liverMask!, ...(a.vesselMask ? { vesselMask: a.vesselMask } : {}) };
    };
    try {
      const found = [
        ...await failures(withAnatomy('reference', reference.mask), presets, 1, renderer),
        ...await failures(withAnatomy('large', { ...reference.mask, data: large }), presets, 1, renderer),
      ];
      expect(found).toEqual([]);
    } finally {
      await renderer.dispose();
    }
  }, 300_000);
});

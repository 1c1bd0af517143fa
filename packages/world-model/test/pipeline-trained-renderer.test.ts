/**
 * The trained renderer (models/renderer-ct, residual sample encoding) in the simulation pipeline on
 * a real CT crop: the held-out CRLM-CT-1006 metastasis under cTACE with Lipiodol.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestCt, segmentLesion, type LabelVolume, type Volume } from '@mewm/dicom';
import {
  loadOnnxRegionRenderer, resolveProtocol, simulateTreatment, type RegionRenderer, type SimulationResult,
} from '../src/index.ts';
import { sharedData } from '../../../test/support/shared-data.ts';

const CARD = new URL('../../../models/renderer-ct.json', import.meta.url).pathname;

let ct: Volume;
let lesionMask: LabelVolume;
let renderer: RegionRenderer;
let result: SimulationResult;

beforeAll(async () => {
  ct = (await ingestCt([sharedData('crlm-ct', 'CRLM-CT-1006')])).volume;
  lesionMask = segmentLesion(ct, [92.8, -31.6, -304]).mask;
  renderer = await loadOnnxRegionRenderer(CARD);
  result = await simulateTreatment(
    { ct, lesionMask, protocol: resolveProtocol('ctace-epirubicin-lipiodol') }, { samples: 1, seed: 11, renderer },
  );
});

afterAll(async () => {
  await renderer?.dispose();
});

describe('simulateTreatment with the trained renderer on CRLM-CT-1006', () => {
  it('names the learned model in the result', () => {
    expect(result.renderer).toEqual({ name: 'renderer-ct', version: renderer.version, learned: true });
    expect(result.researchUse).toBe('research use only, not for clinical use');
  });

  it('changes voxels only where the dynamics changed the tissue (feathering stays inside), and keeps the real CT elsewhere', () => {
    const s = result.samples[0]!;
    let changedOutside = 0;
    let changedInside = 0;
    for (let v = 0; v < ct.data.length; v++) {
      const differs = s.volume.data[v] !== ct.data[v];
      if (s.states.data[v] === 0) {
        if (differs) changedOutside++;
      } else if (differs) changedInside++;
    }
    expect(changedOutside).toBe(0);
    expect(changedInside).toBeGreaterThan(1000);
  });

  it('renders dense Lipiodol at the sampled HU (well above liver) and CT-like texture in the lesion', () => {
    const s = result.samples[0]!;
    const inLesion: number[] = [];
    for (let v = 0; v < ct.data.length; v++) if (lesionMask.data[v]) inLesion.push(s.volume.data[v]!);
    expect(s.summary.lipiodolCoverage).toBeGreaterThan(0);
    const lipiodolHu = Math.max(...s.outcomes.map((o) => o.outcome.lipiodolHu));
    expect(lipiodolHu).toBeGreaterThan(150);
    expect(Math.max(...inLesion)).toBeGreaterThan(lipiodolHu - 60);
    // texture, not a painted label map (a handful of plateaus): many distinct HU values, none absurd
    expect(new Set(inLesion).size).toBeGreaterThan(100);
    expect(Math.min(...inLesion)).toBeGreaterThan(-200);
    expect(Math.max(...inLesion)).toBeLessThan(2000);
  });

  it('reports a timing for every denoising step', () => {
    const steps = Object.keys(result.samples[0]!.timingsMs).filter((k) => k.startsWith('renderer.step.'));
    const card = JSON.parse(readFileSync(CARD, 'utf8')) as { renderer: { defaultSteps: number } };
    expect(steps).toHaveLength(card.renderer.defaultSteps);
    expect(steps.length).toBeGreaterThan(1);
  });
});

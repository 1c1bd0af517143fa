import { describe, expect, it } from 'vitest';
import { ModelInputError } from '../src/errors.ts';
import type { LesionOutcome } from '../src/lesion-outcome.ts';
import {
  DYNAMICS_PARAMETERS, completeAblationProbability, createParameterReader, mrecistFromViableFraction, parameterValue,
  sampleLesionOutcome, taceResponseProbabilities, type LesionSize,
} from '../src/outcome/index.ts';
import {
  AblationComponentSchema, DEFAULT_FOLLOW_UP_DAYS, PRESET_NAMES, ResectionComponentSchema, resolveProtocol, type Protocol,
} from '../src/protocol/index.ts';
import { createRng, type Rng } from '../src/random.ts';
import { RESECTION_PLANNING_PARAMETER_IDS } from '../src/modalities/resection/parameters.ts';
import { drawResponseClass, positionInInterval, viableForClass } from '../src/outcome/sample-helpers.ts';
import { ABLATION_APPLICATOR_IDS, ABLATION_APPLICATORS, assessAblation } from '../src/modalities/ablation/anatomy/index.ts';
import { cylinderMask, sphereMask } from './ablation-anatomy-phantom.ts';

function lesionOfDiameter(mm: number): LesionSize {
  return { volumeMl: (Math.PI / 6) * (mm / 10) ** 3, longestAxialDiameterMm: mm };
}

function draws(protocol: Protocol, lesion: LesionSize, n: number, followUpDays = protocol.followUpDays): LesionOutcome[] {
  const out: LesionOutcome[] = [];
  for (let s = 0; s < n; s++) out.push(sampleLesionOutcome(protocol, lesion, followUpDays, createRng(s).fork('outcome-1')));
  return out;
}

const rate = (os: LesionOutcome[], pred: (o: LesionOutcome) => boolean) => os.filter(pred).length / os.length;
const meanViable = (os: LesionOutcome[]) => os.reduce((a, o) => a + o.viableFraction, 0) / os.length;

describe('sampleLesionOutcome: published rates come back out', () => {
  it('cTACE objective response at the reference baseline (58.2 mm) is the fitted 67.7 % ± 3 pp over 4,000 seeded draws (HCC-TACE-Seg)', () => {
    expect(parameterValue('tace.size.referenceDiameterMm')).toBe(58.2);
    const os = draws(resolveProtocol('ctace-epirubicin-lipiodol'), lesionOfDiameter(58.2), 4000);
    const orr = rate(os, (o) => o.response === 'CR' || o.response === 'PR');
    expect(Math.abs(orr - 0.677)).toBeLessThanOrEqual(0.03);
  });

  it('cTACE responds more often in a 2 cm than in an 8 cm lesion (fitted size effect, OR 0.931 per cm)', () => {
    const p = resolveProtocol('ctace-oxaliplatin-lipiodol');
    const small = rate(draws(p, lesionOfDiameter(20), 4000), (o) => o.response === 'CR' || o.response === 'PR');
    const large = rate(draws(p, lesionOfDiameter(80), 4000), (o) => o.response === 'CR' || o.response === 'PR');
    expect(small - large).toBeGreaterThan(0.05);
  });

  it('ablation completes more often for a 2 cm than for a 4.5 cm lesion, and MWA is not worse than RFA', () => {
    const rfa = resolveProtocol('rfa');
    const cr20 = rate(draws(rfa, lesionOfDiameter(20), 2000), (o) => o.response === 'CR');
    const cr45 = rate(draws(rfa, lesionOfDiameter(45), 2000), (o) => o.response === 'CR');
    expect(cr20).toBeGreaterThan(0.88);
    expect(cr20 - cr45).toBeGreaterThan(0.15);
    const read = createParameterReader();
    const c = AblationComponentSchema.parse({ modality: 'ablation', technique: 'rfa' });
    expect(completeAblationProbability(c, 20, read)).toBeCloseTo(0.93, 10);
    expect(completeAblationProbability(c, 54, read)).toBeCloseTo(0.476, 10);
    expect(completeAblationProbability({ ...c, technique: 'mwa' }, 45, read)).toBeGreaterThan(completeAblationProbability(c, 45, read));
    expect(completeAblationProbability({ ...c, zoneDiameterMm: 40 }, 45, read)).toBe(0);
  });

  it('orders mean viable fraction untreated > systemic > cTACE ≥ ablation for a small lesion', () => {
    const lesion = lesionOfDiameter(20);
    const untreated = meanViable(draws(resolveProtocol('best-supportive-care'), lesion, 2000));
    const systemic = meanViable(draws(resolveProtocol('atezolizumab-bevacizumab'), lesion, 2000));
    const ctace = meanViable(draws(resolveProtocol('ctace-epirubicin-lipiodol'), lesion, 2000));
    const ablation = meanViable(draws(resolveProtocol('mwa'), lesion, 2000));
    expect(untreated).toBeGreaterThan(1.5);
    expect(untreated).toBeGreaterThan(systemic);
    expect(systemic).toBeGreaterThan(ctace);
    expect(ctace).toBeGreaterThanOrEqual(ablation);
    expect(ablation).toBeLessThan(0.05);
  });

  it('grows an untreated lesion by its doubling time: median volume factor ≈ 2^(90/140)', () => {
    const factors = draws(resolveProtocol('best-supportive-care'), lesionOfDiameter(30), 2001).map((o) => o.viableFraction).sort((a, b) => a - b);
    expect(factors[1000]!).toBeCloseTo(2 ** (90 / 140), 1);
    const later = draws(resolveProtocol('best-supportive-care'), lesionOfDiameter(30), 500, 365);
    expect(meanViable(later)).toBeGreaterThan(meanViable(draws(resolveProtocol('best-supportive-care'), lesionOfDiameter(30), 500)));
    for (const o of draws(resolveProtocol('best-supportive-care'), lesionOfDiameter(30), 200, 1826)) {
      expect(o.viableFraction * lesionOfDiameter(30).volumeMl).toBeLessThanOrEqual(1000 + 1e-9);
    }
  });

  it('lets systemic responses develop over months (time to response): more responses at 1 year than at 30 days', () => {
    const p = resolveProtocol('atezolizumab-bevacizumab');
    const early = rate(draws(p, lesionOfDiameter(30), 2000, 30), (o) => o.response === 'CR' || o.response === 'PR');
    const late = rate(draws(p, lesionOfDiameter(30), 2000, 365), (o) => o.response === 'CR' || o.response === 'PR');
    expect(late - early).toBeGreaterThan(0.1);
  });

  it('always removes a resected lesion and keeps its margin', () => {
    for (const o of draws(resolveProtocol('resection'), lesionOfDiameter(33), 50)) {
      expect(o).toMatchObject({ response: 'CR', viableFraction: 0, totalVolumeFactor: 0, residualPattern: 'none', resectionMarginMm: 10 });
    }
  });
});

describe('sampleLesionOutcome: Lipiodol, geometry and patterns', () => {
  it('deposits Lipiodol (well above liver, at most 1200 HU) only when the protocol uses Lipiodol', () => {
    for (const name of PRESET_NAMES) {
      const p = resolveProtocol(name);
      const withLipiodol = p.components.some((c) => c.modality === 'tace' && c.embolics.includes('lipiodol'));
      for (const o of draws(p, lesionOfDiameter(30), 40)) {
        if (withLipiodol) {
          expect(o.lipiodolFraction).toBeGreaterThan(0);
          expect(o.lipiodolFraction).toBeLessThan(1);
          expect(o.lipiodolHu).toBeGreaterThan(parameterValue('liver.unenhancedHu'));
          expect(o.lipiodolHu).toBeLessThanOrEqual(1200);
        } else {
          expect(o.lipiodolFraction).toBe(0);
          expect(o.lipiodolHu).toBe(0);
        }
      }
    }
    const fractions = draws(resolveProtocol('ctace-epirubicin-lipiodol'), lesionOfDiameter(30), 2000).map((o) => o.lipiodolFraction);
    expect(fractions.reduce((a, b) => a + b, 0) / fractions.length).toBeGreaterThan(0.6);
    expect(fractions.reduce((a, b) => a + b, 0) / fractions.length).toBeLessThan(0.8);
  });

  it('draws Lipiodol HU and coverage without piling draws on a bound (the 365 HU necrosis criterion is no floor)', () => {
    const os = draws(resolveProtocol('ctace-epirubicin-lipiodol'), lesionOfDiameter(30), 4000);
    const hu = os.map((o) => o.lipiodolHu);
    const atBound = (xs: number[], v: number) => xs.filter((x) => Math.abs(x - v) < 1e-9).length / xs.length;
    expect(atBound(hu, 365)).toBe(0);
    expect(atBound(hu, 1200)).toBeLessThan(0.005);
    expect(hu.filter((h) => h < 365).length / hu.length).toBeGreaterThan(0.5);
    const fractions = os.map((o) => o.lipiodolFraction);
    expect(atBound(fractions, 1)).toBe(0);
    expect(atBound(fractions, 0.05)).toBe(0);
    const counts = new Map<number, number>();
    for (const h of hu) counts.set(h, (counts.get(h) ?? 0) + 1);
    expect(Math.max(...counts.values())).toBeLessThan(0.005 * hu.length);
  });

  it('washes the Lipiodol attenuation out towards the follow-up day (24-hour figures are not applied at 90 days)', () => {
    const p = resolveProtocol('ctace-epirubicin-lipiodol');
    const meanHu = (days: number) => draws(p, lesionOfDiameter(30), 2000, days).reduce((a, o) => a + o.lipiodolHu, 0) / 2000;
    const liver = parameterValue('liver.unenhancedHu');
    const at1 = meanHu(1);
    const at90 = meanHu(90);
    expect(Math.abs(at1 - liver - 283)).toBeLessThan(15);
    const kept = Math.pow(2, -89 / parameterValue('tace.lipiodol.contrastHalfLifeDays'));
    expect(Math.abs((at90 - liver) / (at1 - liver) - kept)).toBeLessThan(0.02);
  });

  it('reports the geometry fields of the modalities used', () => {
    const [abl] = draws(resolveProtocol('ctace-epirubicin-lipiodol+mwa'), lesionOfDiameter(30), 1);
    expect(abl!.ablationMarginMm).toBe(5);
    const [sbrt] = draws(resolveProtocol('sbrt-60gy-3fx'), lesionOfDiameter(30), 1);
    expect(sbrt!.radiationShellMm).toBeGreaterThanOrEqual(5);
    expect(sbrt!.radiationShellMm).toBeLessThanOrEqual(11);
    expect(sbrt!.ablationMarginMm).toBeUndefined();
  });

  it('keeps response, viable fraction and pattern consistent in every draw', () => {
    for (const name of PRESET_NAMES) {
      for (const o of draws(resolveProtocol(name), lesionOfDiameter(35), 100)) {
        expect(o.response).toBe(mrecistFromViableFraction(o.viableFraction, createParameterReader()));
        expect(o.residualPattern === 'none').toBe(o.viableFraction === 0);
        expect(o.totalVolumeFactor).toBeGreaterThanOrEqual(o.viableFraction - 1e-12);
        if (name !== 'resection') expect(o.parameterIds.length).toBeGreaterThan(0); // resection is deterministic
        for (const id of o.parameterIds) expect(() => parameterValue(id)).not.toThrow();
      }
    }
  });

  it('uses mRECIST thresholds on the viable diameter (spherical lesions)', () => {
    const read = createParameterReader();
    expect(mrecistFromViableFraction(0, read)).toBe('CR');
    expect(mrecistFromViableFraction(0.7 ** 3 - 1e-9, read)).toBe('PR');
    expect(mrecistFromViableFraction(0.5, read)).toBe('SD');
    expect(mrecistFromViableFraction(1.2 ** 3 + 1e-9, read)).toBe('PD');
  });
});

describe('sampleLesionOutcome: reproducibility and the parameter table', () => {
  it('gives the same outcome for the same seed and different outcomes across seeds', () => {
    const p = resolveProtocol('ctace-epirubicin-lipiodol+sorafenib');
    const a = sampleLesionOutcome(p, lesionOfDiameter(33), 90, createRng(7).fork('outcome-1'));
    const b = sampleLesionOutcome(p, lesionOfDiameter(33), 90, createRng(7).fork('outcome-1'));
    expect(b).toEqual(a);
    const viables = new Set(draws(p, lesionOfDiameter(33), 30).map((o) => o.viableFraction));
    expect(viables.size).toBeGreaterThan(10);
  });

  it('uses every parameter that is not marked reference-only', () => {
    const used = new Set<string>();
    for (const name of [...PRESET_NAMES, 'deb-tace-doxorubicin+sbrt-60gy-3fx']) {
      for (const d of [20, 45, 120]) for (const o of draws(resolveProtocol(name), lesionOfDiameter(d), 20)) o.parameterIds.forEach((id) => used.add(id));
    }
    for (const c of [{ modality: 'ablation', technique: 'mwa', marginMm: 3 }]) {
      const p = resolveProtocol({ components: [c] });
      draws(p, lesionOfDiameter(20), 5).forEach((o) => o.parameterIds.forEach((id) => used.add(id)));
    }
    // The anatomy-dependent ablation model reads its parameters in assessAblation (applicator zone sizes,
    // heat sink, margin-dependent local progression); one run per applicator beside a 10 mm vessel.
    const lesion = sphereMask(9);
    const vessel = cylinderMask(10, 15.5);
    for (const applicator of ABLATION_APPLICATOR_IDS) {
      const technique = ABLATION_APPLICATORS[applicator].technique;
      assessAblation({ lesionMask: lesion, vesselMask: vessel, component: { modality: 'ablation', technique, marginMm: 5, applicator } })
        .parameterIds.forEach((id) => used.add(id));
    }
    const protocolDefaults = ['protocol.defaultFollowUpDays', 'resection.defaultMarginMm'];
    // Read by planResection (the resected region and the future liver remnant), not by the outcome sampler.
    const planning: readonly string[] = RESECTION_PLANNING_PARAMETER_IDS;
    const unused = DYNAMICS_PARAMETERS.map((p) => p.id)
      .filter((id) => !used.has(id) && !id.startsWith('reference.') && !protocolDefaults.includes(id) && !planning.includes(id));
    expect(unused).toEqual([]);
  });

  it('keeps the protocol defaults equal to the card parameters', () => {
    expect(DEFAULT_FOLLOW_UP_DAYS).toBe(parameterValue('protocol.defaultFollowUpDays'));
    expect(ResectionComponentSchema.parse({ modality: 'resection' }).marginMm).toBe(parameterValue('resection.defaultMarginMm'));
    expect(AblationComponentSchema.parse({ modality: 'ablation', technique: 'rfa' }).marginMm).toBe(parameterValue('ablation.safetyMarginMm'));
  });

  it('computes TACE probabilities that sum to at most 1 at every size', () => {
    const c = resolveProtocol('deb-tace-doxorubicin').components[0]!;
    if (c.modality !== 'tace') throw new Error('expected TACE');
    for (const d of [5, 20, 50, 100, 300]) {
      const p = taceResponseProbabilities(c, d, createParameterReader());
      expect(p.complete + p.partial + p.refractory).toBeLessThanOrEqual(1 + 1e-12);
      expect(Math.min(p.complete, p.partial, p.refractory)).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('sampleLesionOutcome: common random numbers with protocol-specific magnitudes', () => {
  const fixedU = (u: number): Rng => ({ next: () => u, normal: () => 0, int: (n) => Math.floor(u * n), fork: () => fixedU(u) });

  it('takes the magnitude from the position of the class-choosing uniform inside the class interval', () => {
    const a = drawResponseClass(fixedU(0.3), 0.1, 0.4, 0.1);
    expect(a).toEqual({ effect: 'partial', position: expect.closeTo(0.5, 12) as number });
    const b = drawResponseClass(fixedU(0.3), 0.1, 0.5, 0.1);
    expect(b.effect).toBe('partial');
    expect(b.position).toBeCloseTo(0.4, 12);
    const read = createParameterReader();
    expect(viableForClass(a, read)).not.toBe(viableForClass(b, read));
    expect(viableForClass(a, read)).toBe(viableForClass(drawResponseClass(fixedU(0.3), 0.1, 0.4, 0.1), read));
    expect(drawResponseClass(fixedU(0.95), 0.1, 0.4, 0.1)).toEqual({ effect: 'stable', position: expect.closeTo(0.875, 12) as number });
    for (const [u, lo, hi] of [[0.5, 0.5, 0.5], [0.7, 0.2, 0.7], [0.2, 0.2, 0.7]] as const) {
      const q = positionInInterval(u, lo, hi);
      expect(q).toBeGreaterThanOrEqual(0);
      expect(q).toBeLessThan(1);
    }
  });

  it('gives DEB-TACE and TACE without Lipiodol (different response odds) different viable fractions for the same seed while a response holds', () => {
    const deb = resolveProtocol('deb-tace-doxorubicin');
    const particle = resolveProtocol('tace-epirubicin-gelatin');
    let holding = 0;
    for (let s = 0; s < 300; s++) {
      const a = sampleLesionOutcome(deb, lesionOfDiameter(30), 90, createRng(s).fork('outcome-1'));
      const b = sampleLesionOutcome(particle, lesionOfDiameter(30), 90, createRng(s).fork('outcome-1'));
      // 'rim': a partial or stable TACE response that has not progressed (progression turns it nodular).
      if (a.residualPattern === 'rim' && b.residualPattern === 'rim') {
        holding++;
        expect(a.viableFraction, `seed ${s}`).not.toBe(b.viableFraction);
      }
    }
    expect(holding).toBeGreaterThan(30);
  });

  it('gives identical protocols identical draws (only the label differs)', () => {
    const a = resolveProtocol('lenvatinib');
    const b = { ...a, name: 'another label' };
    for (let s = 0; s < 20; s++) {
      expect(sampleLesionOutcome(b, lesionOfDiameter(30), 90, createRng(s).fork('outcome-1')))
        .toEqual(sampleLesionOutcome(a, lesionOfDiameter(30), 90, createRng(s).fork('outcome-1')));
    }
  });
});

describe('sampleLesionOutcome: bad input', () => {
  const p = resolveProtocol('rfa');
  const ok = lesionOfDiameter(30);
  it.each([
    ['negative volume', { ...ok, volumeMl: -1 }, 90, /volumeMl/],
    ['NaN volume', { ...ok, volumeMl: Number.NaN }, 90, /volumeMl/],
    ['zero diameter', { ...ok, longestAxialDiameterMm: 0 }, 90, /longestAxialDiameterMm/],
    ['NaN diameter', { ...ok, longestAxialDiameterMm: Number.NaN }, 90, /longestAxialDiameterMm/],
    ['follow-up 0', ok, 0, /followUpDays/],
    ['negative follow-up', ok, -10, /followUpDays/],
    ['NaN follow-up', ok, Number.NaN, /followUpDays/],
    ['follow-up beyond 5 years', ok, 2000, /at most 5 years/],
  ])('rejects %s', (_name, lesion, followUpDays, message) => {
    const run = () => sampleLesionOutcome(p, lesion, followUpDays, createRng(1));
    expect(run).toThrow(ModelInputError);
    expect(run).toThrow(message);
  });

  it('rejects a missing protocol or Rng', () => {
    expect(() => sampleLesionOutcome({ components: [] } as unknown as Protocol, ok, 90, createRng(1))).toThrow(/parsed Protocol/);
    expect(() => sampleLesionOutcome(p, ok, 90, {} as never)).toThrow(/rng/);
  });
});

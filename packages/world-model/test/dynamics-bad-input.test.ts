/** Bad input to the spatial dynamics: typed errors with messages that say what is wrong. */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { LabelVolume } from '@mewm/dicom';
import { APPEARANCE_PARAMETERS, synthesiseTissueState } from '../src/dynamics/index.ts';
import { DynamicsInputError } from '../src/errors.ts';
import type { LesionOutcome } from '../src/lesion-outcome.ts';
import { createRng } from '../src/random.ts';
import { makePhantom, outcome } from './dynamics-phantom.ts';

const p = makePhantom([{ centre: [30, 30, 6], radiusMm: 6 }], { dims: [60, 60, 12], liverRadiiMm: [22, 22, 28] });

function attempt(over: { lesions?: LabelVolume; liver?: LabelVolume; outcomes?: Map<number, LesionOutcome>; followUpDays?: number }) {
  return () => synthesiseTissueState({
    ct: p.ct, lesions: over.lesions ?? p.lesions, liver: over.liver ?? p.liver,
    outcomes: over.outcomes ?? new Map([[1, outcome({})]]), rng: createRng(1),
    ...(over.followUpDays !== undefined ? { followUpDays: over.followUpDays } : {}),
  });
}
const withOutcome = (o: Partial<LesionOutcome>) => attempt({ outcomes: new Map([[1, outcome(o)]]) });

describe('synthesiseTissueState: bad input', () => {
  it('accepts the good input these cases start from', () => {
    expect(attempt({})()).toBeDefined();
  });

  it('rejects a lesion mask on another grid', () => {
    const shifted: LabelVolume = { ...p.lesions, affineRas: p.lesions.affineRas.map((r, i) => (i === 0 ? [r[0], r[1], r[2], r[3] + 2] : r)) as LabelVolume['affineRas'] };
    expect(attempt({ lesions: shifted })).toThrow(DynamicsInputError);
    expect(attempt({ lesions: shifted })).toThrow(/lesion mask is not on the CT grid/);
    const smaller: LabelVolume = { ...p.lesions, dims: [60, 60, 11], data: p.lesions.data.subarray(0, 60 * 60 * 11) };
    expect(attempt({ lesions: smaller })).toThrow(/not on the CT grid/);
  });

  it('rejects a liver mask on another grid', () => {
    const liver: LabelVolume = { ...p.liver, dims: [60, 60, 11], data: p.liver.data.subarray(0, 60 * 60 * 11) };
    expect(attempt({ liver })).toThrow(/liver mask is not on the CT grid/);
  });

  it('rejects an empty lesion mask', () => {
    expect(attempt({ lesions: { ...p.lesions, data: new Uint8Array(p.lesions.data.length) } })).toThrow(/lesion mask is empty/);
  });

  it('rejects a lesion touching the volume edge, naming the axis', () => {
    const data = Uint8Array.from(p.lesions.data);
    data[30 + 60 * (30 + 60 * 0)] = 1;
    const err = (() => { try { attempt({ lesions: { ...p.lesions, data } })(); } catch (e) { return e; } return undefined; })();
    expect(err).toBeInstanceOf(DynamicsInputError);
    expect((err as DynamicsInputError).code).toBe('DYNAMICS_INPUT');
    expect((err as Error).message).toMatch(/lesion 1 touches the edge of the CT volume along z/);
  });

  it('rejects missing and extra outcomes', () => {
    expect(attempt({ outcomes: new Map() })).toThrow(/no outcome for lesion label 1/);
    expect(attempt({ outcomes: new Map([[1, outcome({})], [2, outcome({})]]) })).toThrow(/lesion label 2, which the lesion mask does not contain/);
  });

  it('rejects negative, non-finite and inconsistent outcome numbers', () => {
    expect(withOutcome({ viableFraction: -0.1 })).toThrow(/viableFraction must be ≥ 0/);
    expect(withOutcome({ totalVolumeFactor: -1 })).toThrow(/totalVolumeFactor must be ≥ 0/);
    expect(withOutcome({ lipiodolFraction: -0.2 })).toThrow(/lipiodolFraction must be in \[0, 1\]/);
    expect(withOutcome({ lipiodolFraction: 1.5 })).toThrow(/lipiodolFraction must be in \[0, 1\]/);
    expect(withOutcome({ viableFraction: Number.NaN })).toThrow(/viableFraction must be a finite number/);
    expect(withOutcome({ viableFraction: 0.8, totalVolumeFactor: 0.5 })).toThrow(/cannot exceed totalVolumeFactor/);
    expect(withOutcome({ lipiodolFraction: 0.5, lipiodolHu: Number.POSITIVE_INFINITY })).toThrow(/lipiodolHu/);
    expect(withOutcome({ residualPattern: 'none', viableFraction: 0.2 })).toThrow(/residualPattern 'none'/);
    expect(withOutcome({ residualPattern: 'spotty' as LesionOutcome['residualPattern'] })).toThrow(/residualPattern must be one of/);
    expect(withOutcome({ ablationMarginMm: -2 })).toThrow(/ablationMarginMm must be in \[0, 40\] mm/);
    expect(withOutcome({ resectionMarginMm: 45 })).toThrow(/resectionMarginMm must be in \[0, 40\] mm/);
    expect(withOutcome({ radiationShellMm: Number.NaN })).toThrow(/radiationShellMm must be a finite number/);
  });

  it('rejects a resection whose bed cannot be planned on the liver mask, naming the lesion', () => {
    expect(withOutcome({ response: 'CR', viableFraction: 0, residualPattern: 'none', resectionMarginMm: 35 })).toThrow(DynamicsInputError);
    expect(withOutcome({ response: 'CR', viableFraction: 0, residualPattern: 'none', resectionMarginMm: 35 })).toThrow(/outcome of lesion 1: the resection bed cannot be planned: planResection: marginMm/);
  });

  it('rejects a negative follow-up', () => {
    expect(attempt({ followUpDays: -3 })).toThrow(/followUpDays must be ≥ 0/);
  });
});

describe('APPEARANCE_PARAMETERS', () => {
  it('gives every parameter a unique id, a finite value and a citation or an assumed rationale', () => {
    const ids = APPEARANCE_PARAMETERS.map((q) => q.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const q of APPEARANCE_PARAMETERS) {
      expect(Number.isFinite(q.value)).toBe(true);
      expect(q.unit.length).toBeGreaterThan(0);
      expect(q.description.length).toBeGreaterThan(10);
      if (q.source.kind === 'published') expect(q.source.citation.length).toBeGreaterThan(5);
      else expect(q.source.rationale.length).toBeGreaterThan(10);
    }
  });

  it('lists every parameter the dynamics code reads, and no unused one', () => {
    const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'dynamics');
    const used = new Set<string>();
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts') && n !== 'appearance-parameters.ts')) {
      for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/appearanceValue\('([^']+)'\)/g)) used.add(m[1]!);
    }
    expect([...used].sort()).toEqual(APPEARANCE_PARAMETERS.map((q) => q.id).sort());
  });
});

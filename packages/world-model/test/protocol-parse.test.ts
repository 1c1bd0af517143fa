import { describe, expect, it } from 'vitest';
import { ProtocolConflictError, ProtocolValidationError } from '../src/errors.ts';
import {
  EMBOLIC_AGENTS, EMBOLIC_EXCLUSIONS, PRESET_NAMES, PRESETS, TACE_DRUG_EXCLUSIVE_GROUPS, TACE_DRUGS,
  biologicallyEffectiveDoseGy, describeProtocol, parseProtocol, protocolKey, resolveProtocol,
  type EmbolicAgent, type TaceDrug,
} from '../src/protocol/index.ts';

function tace(drugs: TaceDrug[], embolics: EmbolicAgent[], technique = 'conventional') {
  return { components: [{ modality: 'tace', technique, drugs, embolics }] };
}

function conflictOf(fn: () => unknown): ProtocolConflictError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ProtocolConflictError);
    return e as ProtocolConflictError;
  }
  throw new Error('expected a ProtocolConflictError');
}

describe('presets', () => {
  it('has every preset the issue names, plus TACE without Lipiodol', () => {
    for (const name of ['best-supportive-care', 'ctace-epirubicin-lipiodol', 'ctace-oxaliplatin-lipiodol', 'deb-tace-doxorubicin', 'rfa', 'mwa',
      'resection', 'sbrt-60gy-3fx', 'sorafenib', 'lenvatinib', 'atezolizumab-bevacizumab', 'ctace-epirubicin-lipiodol+mwa', 'tace-epirubicin-gelatin']) {
      expect(PRESET_NAMES).toContain(name);
    }
  });

  it.each(PRESET_NAMES)('preset %s parses, defaults to 90 days follow-up and survives a JSON round trip', (name) => {
    const p = resolveProtocol(name);
    expect(p.followUpDays).toBe(90);
    expect(p.name).toBe(name);
    const again = parseProtocol(JSON.parse(JSON.stringify(p)));
    expect(again).toEqual(p);
    expect(protocolKey(again)).toBe(protocolKey(p));
    expect(describeProtocol(p)).toMatch(/follow-up 90 days$/);
  });

  it('gives every preset a different key', () => {
    const keys = new Set(PRESET_NAMES.map((n) => protocolKey(resolveProtocol(n))));
    expect(keys.size).toBe(PRESET_NAMES.length);
  });

  it('cannot be mutated through the table', () => {
    expect(Object.isFrozen(PRESETS['rfa'])).toBe(true);
  });
});

describe('protocol key and description', () => {
  it('ignores component order, agent order and the label', () => {
    const a = parseProtocol({ name: 'a', components: [
      { modality: 'systemic', regimen: 'sorafenib' },
      { modality: 'tace', technique: 'conventional', drugs: ['epirubicin', 'mitomycin'], embolics: ['lipiodol', 'gelatin-sponge'] },
    ] });
    const b = parseProtocol({ components: [
      { modality: 'tace', technique: 'conventional', drugs: ['mitomycin', 'epirubicin'], embolics: ['gelatin-sponge', 'lipiodol'] },
      { modality: 'systemic', regimen: 'sorafenib' },
    ] });
    expect(protocolKey(a)).toBe(protocolKey(b));
    expect(protocolKey(a)).toBe('p1|fu=90|tace:conventional:d=epirubicin,mitomycin:e=gelatin-sponge,lipiodol|systemic:sorafenib');
    expect(protocolKey({ ...a, followUpDays: 120 })).not.toBe(protocolKey(a));
  });

  it('describes SBRT with its BED10 (60 Gy / 3 fx → 180 Gy)', () => {
    expect(describeProtocol(resolveProtocol('sbrt-60gy-3fx'))).toBe('SBRT 60 Gy / 3 fx (BED10 180 Gy), follow-up 90 days');
    expect(biologicallyEffectiveDoseGy(60, 3)).toBeCloseTo(180, 10);
    expect(biologicallyEffectiveDoseGy(40, 5)).toBeCloseTo(72, 10);
  });

  it('describes a combination on one line', () => {
    expect(describeProtocol(resolveProtocol('ctace-epirubicin-lipiodol+mwa'))).toBe('cTACE (epirubicin; Lipiodol) + MWA (margin 5 mm, perfusion microwave electrode, 80 W, 5 min), follow-up 90 days');
  });
});

describe('agent exclusions (MeWM action base)', () => {
  const drugPairs = TACE_DRUG_EXCLUSIVE_GROUPS.flatMap((g) =>
    g.members.flatMap((a, i) => g.members.slice(i + 1).map((b) => [a, b] as [TaceDrug, TaceDrug])));

  it('covers the 3 platinum and 6 anthracycline pairs', () => {
    expect(drugPairs).toHaveLength(3 + 6);
  });

  it.each(drugPairs)('rejects %s with %s, naming both', (a, b) => {
    const err = conflictOf(() => parseProtocol(tace([a, b], ['lipiodol'])));
    expect(err.message).toContain(a);
    expect(err.message).toContain(b);
    expect(err.conflicting).toEqual([a, b]);
    expect(err.code).toBe('PROTOCOL_CONFLICT');
  });

  it.each(EMBOLIC_EXCLUSIONS.map(([a, b]) => [a, b]))('rejects embolics %s with %s, naming both', (a, b) => {
    const err = conflictOf(() => parseProtocol(tace(['epirubicin'], [a, b], 'particle')));
    expect(err.conflicting).toEqual([a, b]);
    expect(err.message).toMatch(/PVA particles/);
    expect(err.message).toMatch(/absolute alcohol|gelatin sponge/);
  });

  it('allows a platinum agent with an anthracycline and PVA with Lipiodol', () => {
    const p = parseProtocol(tace(['oxaliplatin', 'epirubicin', 'raltitrexed'], ['lipiodol', 'pva']));
    expect(p.components[0]).toMatchObject({ drugs: ['oxaliplatin', 'epirubicin', 'raltitrexed'] });
  });

  it('accepts every drug and embolic agent of the action base on its own', () => {
    for (const d of TACE_DRUGS) expect(() => parseProtocol(tace([d], ['lipiodol']))).not.toThrow();
    for (const e of EMBOLIC_AGENTS) {
      const technique = e === 'lipiodol' ? 'conventional' : e === 'drug-eluting-beads' ? 'deb' : 'particle';
      expect(() => parseProtocol(tace(['epirubicin'], [e], technique))).not.toThrow();
    }
  });
});

describe('impossible protocols are rejected with the conflict named', () => {
  it.each([
    ['DEB-TACE without beads', tace(['doxorubicin'], ['gelatin-sponge'], 'deb'), /DEB-TACE without drug-eluting beads/],
    ['cTACE without Lipiodol', tace(['epirubicin'], ['gelatin-sponge']), /without Lipiodol/],
    ['cTACE with beads', tace(['epirubicin'], ['lipiodol', 'drug-eluting-beads']), /conventional TACE conflicts with drug-eluting beads/],
    ['two systemic regimens', { components: [{ modality: 'systemic', regimen: 'sorafenib' }, { modality: 'systemic', regimen: 'lenvatinib' }] }, /sorafenib conflicts with lenvatinib: two systemic regimens together/],
    ['resection + ablation', { components: [{ modality: 'resection' }, { modality: 'ablation', technique: 'rfa' }] }, /resection conflicts with RFA.*same lesion/],
    ['ablation + SBRT', { components: [{ modality: 'ablation', technique: 'mwa' }, { modality: 'sbrt', totalDoseGy: 60, fractions: 3 }] }, /MWA conflicts with SBRT/],
    ['best supportive care + TACE', { components: [{ modality: 'best-supportive-care' }, tace(['epirubicin'], ['lipiodol']).components[0]] }, /best supportive care conflicts with TACE/],
  ])('%s', (_name, input, message) => {
    expect(() => parseProtocol(input)).toThrow(ProtocolConflictError);
    expect(() => parseProtocol(input)).toThrow(message);
  });

  it('rejects a combination of presets that conflict', () => {
    expect(() => resolveProtocol('sorafenib+atezolizumab-bevacizumab')).toThrow(/two systemic regimens/);
    expect(resolveProtocol('ctace-epirubicin-lipiodol+lenvatinib').components).toHaveLength(2);
  });
});

describe('bad input: parseProtocol / resolveProtocol', () => {
  it('rejects an unknown agent with the allowed list', () => {
    const run = () => parseProtocol(tace(['aspirin' as TaceDrug], ['lipiodol']));
    expect(run).toThrow(ProtocolValidationError);
    expect(run).toThrow(/components\[0\]\.drugs\[0\]: unknown value \(got "aspirin"\); allowed: raltitrexed, epirubicin, .*hydroxycamptothecin/);
  });

  it('rejects an unknown modality and unknown fields', () => {
    expect(() => parseProtocol({ components: [{ modality: 'chemo' }] })).toThrow(/unknown modality \(got "chemo"\); allowed: tace, ablation/);
    expect(() => parseProtocol({ components: [{ modality: 'resection', margin: 5 }] })).toThrow(/unknown field\(s\) margin/);
  });

  it.each([[-3], [0], [1827], [30.5], [Number.NaN]])('rejects follow-up %s days', (followUpDays) => {
    expect(() => parseProtocol({ components: [{ modality: 'best-supportive-care' }], followUpDays })).toThrow(/followUpDays/);
  });

  it('accepts 1 day and 5 years of follow-up', () => {
    expect(parseProtocol({ components: [{ modality: 'best-supportive-care' }], followUpDays: 1826 }).followUpDays).toBe(1826);
    expect(parseProtocol({ components: [{ modality: 'best-supportive-care' }], followUpDays: 1 }).followUpDays).toBe(1);
  });

  it('rejects SBRT outside the stated ranges, stating them', () => {
    expect(() => parseProtocol({ components: [{ modality: 'sbrt', totalDoseGy: 90, fractions: 3 }] })).toThrow(/at most 75/);
    expect(() => parseProtocol({ components: [{ modality: 'sbrt', totalDoseGy: 60, fractions: 12 }] })).toThrow(/at most 10/);
    expect(() => parseProtocol({ components: [{ modality: 'sbrt', totalDoseGy: 20, fractions: 10 }] }))
      .toThrow(/dose per fraction 2\.0 Gy .* outside 5–30 Gy: SBRT here means 15–75 Gy in 1–10 fractions/);
  });

  it('rejects an ablation zone that cannot hold the margin, duplicate agents, empty lists', () => {
    expect(() => parseProtocol({ components: [{ modality: 'ablation', technique: 'rfa', marginMm: 10, zoneDiameterMm: 15 }] })).toThrow(/must exceed twice marginMm/);
    expect(() => parseProtocol(tace(['epirubicin', 'epirubicin'], ['lipiodol']))).toThrow(/lists epirubicin twice/);
    expect(() => parseProtocol(tace([], ['lipiodol']))).toThrow(/drugs: must be at least 1 entries/);
    expect(() => parseProtocol({ components: [] })).toThrow(ProtocolValidationError);
  });

  it('rejects non-objects, bad JSON and unknown presets', () => {
    expect(() => parseProtocol(null)).toThrow(ProtocolValidationError);
    expect(() => parseProtocol('rfa')).toThrow(ProtocolValidationError);
    expect(() => resolveProtocol('{"components": [')).toThrow(/does not parse/);
    expect(() => resolveProtocol('chemo-magic')).toThrow(/unknown protocol preset "chemo-magic"; presets: best-supportive-care/);
    expect(() => resolveProtocol('   ')).toThrow(/empty/);
  });

  it('resolves JSON text and objects the same way', () => {
    const obj = { components: [{ modality: 'ablation', technique: 'mwa', marginMm: 7 }], followUpDays: 30 };
    expect(resolveProtocol(JSON.stringify(obj))).toEqual(resolveProtocol(obj));
    expect(resolveProtocol(obj)).toEqual({ components: [{ modality: 'ablation', technique: 'mwa', marginMm: 7 }], followUpDays: 30 });
  });
});

import { describe, expect, it } from 'vitest';
import { ProtocolConflictError, ProtocolValidationError } from '../src/errors.ts';
import { checkProtocol, checkProtocolSpec, parseProtocol, protocolKey, resolveProtocol, type ProtocolCheck, type ProtocolProblem } from '../src/protocol/index.ts';

function problemsOf(check: ProtocolCheck): ProtocolProblem[] {
  if (check.ok) throw new Error('expected problems');
  return check.problems;
}

describe('checkProtocol: every problem, each naming its field', () => {
  it('returns the validated protocol with defaults filled, equal to parseProtocol', () => {
    const input = { components: [{ modality: 'ablation', technique: 'mwa' }] };
    const check = checkProtocol(input);
    expect(check).toEqual({ ok: true, protocol: parseProtocol(input) });
    expect(check.ok && check.protocol).toEqual({ components: [{ modality: 'ablation', technique: 'mwa', marginMm: 5 }], followUpDays: 90 });
  });

  it('lists every schema problem with its path and the allowed range', () => {
    const problems = problemsOf(checkProtocol({
      components: [{ modality: 'sbrt', totalDoseGy: 90, fractions: 12 }, { modality: 'tace', technique: 'conventional', drugs: ['aspirin'], embolics: ['lipiodol'] }],
      followUpDays: 0,
    }));
    expect(problems.map((p) => p.field)).toEqual(['components[0].totalDoseGy', 'components[0].fractions', 'components[1].drugs[0]', 'followUpDays']);
    expect(problems.every((p) => p.code === 'PROTOCOL_INVALID')).toBe(true);
    expect(problems[0]!.message).toBe('must be at most 75 (got 90)');
    expect(problems[2]!.message).toMatch(/^unknown value \(got "aspirin"\); allowed: raltitrexed, epirubicin/);
  });

  it('lists every rule broken: conflicts name both parts and the later component, ranges name the field', () => {
    const problems = problemsOf(checkProtocol({
      components: [
        { modality: 'resection' },
        { modality: 'ablation', technique: 'rfa', marginMm: 10, zoneDiameterMm: 15 },
        { modality: 'tace', technique: 'conventional', drugs: ['oxaliplatin', 'cisplatin'], embolics: ['lipiodol'] },
      ],
    }));
    expect(problems.map((p) => [p.field, p.code])).toEqual([
      ['components[1]', 'PROTOCOL_CONFLICT'],
      ['components[2]', 'PROTOCOL_CONFLICT'],
      ['components[1].zoneDiameterMm', 'PROTOCOL_INVALID'],
      ['components[2].drugs', 'PROTOCOL_CONFLICT'],
    ]);
    expect(problems[0]!.message).toMatch(/resection conflicts with RFA: both treat the same lesion definitively/);
    expect(problems[0]!.conflicting).toEqual(['resection', 'RFA']);
    expect(problems[1]!.message).toMatch(/TACE conflicts with resection/);
    expect(problems[3]!.conflicting).toEqual(['oxaliplatin', 'cisplatin']);
  });

  it('names the SBRT dose field when the dose per fraction is out of range', () => {
    const [p] = problemsOf(checkProtocol({ components: [{ modality: 'sbrt', totalDoseGy: 20, fractions: 10 }] }));
    expect(p).toMatchObject({ field: 'components[0].totalDoseGy', code: 'PROTOCOL_INVALID' });
    expect(p!.message).toMatch(/outside 5–30 Gy/);
  });

  it('reports a duplicated agent once, not also as a conflict with itself', () => {
    const problems = problemsOf(checkProtocol({ components: [{ modality: 'tace', technique: 'conventional', drugs: ['epirubicin', 'epirubicin'], embolics: ['lipiodol'] }] }));
    expect(problems.map((p) => p.message)).toEqual(['TACE drugs lists epirubicin twice']);
  });

  it('parseProtocol still throws the first rule as its typed error', () => {
    const input = { components: [{ modality: 'systemic', regimen: 'sorafenib' }, { modality: 'systemic', regimen: 'lenvatinib' }, { modality: 'best-supportive-care' }] };
    const [first] = problemsOf(checkProtocol(input));
    expect(() => parseProtocol(input)).toThrow(ProtocolConflictError);
    expect(() => parseProtocol(input)).toThrow(first!.message);
  });
});

describe('checkProtocolSpec: presets, combinations, JSON text', () => {
  it('resolves a preset and a combination as resolveProtocol does', () => {
    for (const spec of ['rfa', 'ctace-epirubicin-lipiodol+sorafenib', '{"components":[{"modality":"resection"}]}']) {
      const check = checkProtocolSpec(spec);
      expect(check.ok).toBe(true);
      expect(check.ok && protocolKey(check.protocol)).toBe(protocolKey(resolveProtocol(spec)));
    }
  });

  it('names bad JSON, unknown presets and empty text as one problem each', () => {
    expect(problemsOf(checkProtocolSpec('{"components": ['))).toEqual([expect.objectContaining({ field: 'json', code: 'PROTOCOL_INVALID', message: expect.stringMatching(/does not parse/) })]);
    expect(problemsOf(checkProtocolSpec('rfa+chemo-magic'))).toEqual([expect.objectContaining({ field: 'preset', message: expect.stringMatching(/unknown protocol preset "chemo-magic"/) })]);
    expect(problemsOf(checkProtocolSpec(' '))[0]!.field).toBe('preset');
    expect(() => resolveProtocol('{"components": [')).toThrow(ProtocolValidationError);
  });

  it('lists the conflicts of a combination of presets', () => {
    const problems = problemsOf(checkProtocolSpec('rfa+resection+sorafenib+lenvatinib'));
    expect(problems.map((p) => p.field)).toEqual(['components[1]', 'components[3]']);
  });
});

import { describe, expect, it } from 'vitest';
import { ProtocolConflictError } from '@mewm/world-model';
import { PlannerInputError, UserCandidateError, fixedCandidatesPolicy, userCandidates } from '../src/policy/index.ts';
import { NO_EVALUATOR, patient } from './policy-helpers.ts';

const conflictingTace = { components: [{ modality: 'tace', technique: 'conventional', drugs: ['oxaliplatin', 'cisplatin'], embolics: ['lipiodol'] }] };

function caught(input: unknown): UserCandidateError {
  try {
    userCandidates(input);
  } catch (e) {
    expect(e).toBeInstanceOf(UserCandidateError);
    expect(e).toBeInstanceOf(PlannerInputError);
    return e as UserCandidateError;
  }
  throw new Error('expected userCandidates to throw');
}

describe('userCandidates', () => {
  it('parses preset names, preset combinations, protocol objects and named entries', () => {
    const c = userCandidates([
      'rfa',
      'ctace-epirubicin-lipiodol+sorafenib',
      { name: 'my sbrt', components: [{ modality: 'sbrt', totalDoseGy: 45, fractions: 3 }] },
      { components: [{ modality: 'systemic', regimen: 'lenvatinib' }], followUpDays: 120 },
      { name: 'standard cTACE', protocol: 'ctace-epirubicin-lipiodol' },
      { name: 'DEB', protocol: { components: [{ modality: 'tace', technique: 'deb', drugs: ['doxorubicin'], embolics: ['drug-eluting-beads'] }] } },
    ]);
    expect(c.map((x) => x.name)).toEqual(['rfa', 'ctace-epirubicin-lipiodol+sorafenib', 'my sbrt', 'user-4', 'standard cTACE', 'DEB']);
    expect(c.every((x) => x.source === 'user' && x.protocol.name === x.name)).toBe(true);
    expect(c[1]!.protocol.components.map((x) => x.modality)).toEqual(['tace', 'systemic']);
    expect(c[3]!.protocol.followUpDays).toBe(120);
    expect(c[0]!.protocol.followUpDays).toBe(90);
    expect(c[4]!.rationale).toBe('given by the user (candidates[4])');
  });

  it('accepts JSON text', () => {
    expect(userCandidates('["mwa", {"protocol": "resection", "name": "surgery"}]').map((x) => x.name)).toEqual(['mwa', 'surgery']);
  });

  describe('bad input', () => {
    it('names the index and the unknown preset, listing the presets', () => {
      const e = caught(['rfa', 'cryoablation']);
      expect(e).toMatchObject({ index: 1, reason: 'unknown-preset', argument: 'candidates[1]', code: 'INPUT' });
      expect(e.message).toMatch(/^candidates\[1\]: unknown preset "cryoablation"; presets: best-supportive-care, /);
      expect(caught(['rfa+magic']).message).toContain('"magic"');
    });

    it('names the index and the conflict', () => {
      const e = caught(['rfa', 'mwa', conflictingTace]);
      expect(e).toMatchObject({ index: 2, reason: 'conflict' });
      expect(e.cause).toBeInstanceOf(ProtocolConflictError);
      expect(e.message).toMatch(/^candidates\[2\]: TACE drugs oxaliplatin and cisplatin conflict/);
      expect(caught(['sorafenib+lenvatinib'])).toMatchObject({ index: 0, reason: 'conflict' });
      expect(caught([{ name: 'x', protocol: 'rfa+resection' }])).toMatchObject({ index: 0, reason: 'conflict' });
    });

    it('names the index of an invalid protocol object', () => {
      const e = caught(['rfa', { components: [{ modality: 'sbrt', totalDoseGy: 500, fractions: 3 }] }]);
      expect(e).toMatchObject({ index: 1, reason: 'invalid-protocol' });
      expect(e.message).toContain('totalDoseGy');
    });

    it.each([
      [null, 'bad-entry', 0],
      [42, 'bad-entry', 0],
      [['rfa'], 'bad-entry', 0],
      [{ protocol: 'rfa', colour: 'red' }, 'bad-entry', 0],
      [{ name: '', protocol: 'rfa' }, 'bad-entry', 0],
    ])('refuses the entry %j', (entry, reason, index) => {
      expect(caught([entry])).toMatchObject({ reason, index });
    });

    it('refuses duplicate names, naming both entries', () => {
      const e = caught(['rfa', { name: 'rfa', protocol: 'mwa' }]);
      expect(e).toMatchObject({ index: 1, reason: 'duplicate-name' });
      expect(e.message).toContain('candidates[0]');
    });

    it.each([
      ['{not json', 'not-json'],
      ['"rfa"', 'not-an-array'],
      [{ candidates: ['rfa'] }, 'not-an-array'],
      [null, 'not-an-array'],
      [[], 'empty'],
    ])('refuses the whole input %j', (input, reason) => {
      expect(caught(input)).toMatchObject({ index: null, reason, argument: 'candidates' });
    });
  });
});

describe('fixedCandidatesPolicy', () => {
  it('proposes the given candidates without evaluating anything', async () => {
    const c = userCandidates(['rfa', 'mwa']);
    const { candidates, summary } = await fixedCandidatesPolicy(c).propose(patient([20]), NO_EVALUATOR);
    expect(candidates).toEqual(c);
    expect(summary).toEqual({ policy: 'user', candidates: ['rfa', 'mwa'] });
  });
});

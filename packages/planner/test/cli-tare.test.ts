/**
 * Y-90 radioembolisation (TARE) end to end through the CLI on the real CRLM-CT-1006 CT, lesion from
 * --point: `mewm simulate --protocol tare-y90` writes a follow-up whose state map shows necrosis or
 * residual tumour with radiation change around it and never Lipiodol; `mewm plan` with TARE as a user
 * candidate ranks it and its report names it, its description and its (assumed) risk-model term; the
 * guideline policy never proposes it (BCLC 2022 decision, see src/policy/README.md); bad TARE input
 * exits 1 with a typed error naming the field or the conflict.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TISSUE_STATE } from '@mewm/contracts';
import { readNifti } from '@mewm/dicom';
import { DYNAMICS_CARD_PATH } from '@mewm/world-model';
import { guidelinePolicy } from '../src/policy/index.ts';
import { main as runCli } from '../src/cli/main.ts';
import { RISK_MODALITY_RULES, type PlanReport } from '../src/index.ts';
import { sharedData } from '../../../test/support/shared-data.ts';
import { KNOWN_WELL, NO_EVALUATOR, patient } from './policy-helpers.ts';

const work = mkdtempSync(join(tmpdir(), 'mewm-cli-tare-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const CT = sharedData('crlm-ct', 'CRLM-CT-1006');
const POINT = '92.8,-31.6,-304';

async function cli(command: string, args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli([command, ...args], { out: (t) => (stdout += t), err: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe('mewm simulate --protocol tare-y90 on CRLM-CT-1006', () => {
  it('draws radiation change around the treated lesion and no Lipiodol', async () => {
    const out = join(work, 'simulate');
    const r = await cli('simulate', ['--ct', CT, '--point', POINT, '--protocol', 'tare-y90', '--samples', '2', '--seed', '7', '--renderer', 'white-noise', '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(JSON.stringify(summary)).toContain('TARE Y-90 (glass microspheres, segmental)');
    for (const s of summary.samples) {
      expect(['CR', 'PR', 'SD', 'PD']).toContain(s.mrecist);
      expect(s.lipiodolCoverage).toBe(0);
    }
    for (const k of [1, 2]) {
      const states = readNifti(readFileSync(join(out, `sample-${k}-states.nii.gz`))).volume;
      const data = Array.from(states.data as ArrayLike<number>);
      const count = (v: number) => data.reduce((n, x) => n + (x === v ? 1 : 0), 0);
      expect(count(TISSUE_STATE.radiationChange), `sample ${k}: radiation change`).toBeGreaterThan(0);
      expect(count(TISSUE_STATE.lipiodol), `sample ${k}: Lipiodol`).toBe(0);
      expect(count(TISSUE_STATE.ablationZone) + count(TISSUE_STATE.resectionCavity)).toBe(0);
      expect(count(TISSUE_STATE.necrosis) + count(TISSUE_STATE.viable) + count(TISSUE_STATE.growth), `sample ${k}: tumour`).toBeGreaterThan(0);
    }
  });
});

// TARE and sorafenib are HCC treatments here: the CT is only the test volume, planned as HCC (--disease hcc).
describe('mewm plan with TARE as a user candidate on CRLM-CT-1006', () => {
  it('ranks it and the report names it, its description and its assumed risk-model term', async () => {
    const out = join(work, 'plan');
    const candidates = JSON.stringify(['tare-y90', { name: 'tare-lobar+sorafenib', protocol: { components: [{ modality: 'tare', delivery: 'lobar' }, { modality: 'systemic', regimen: 'sorafenib' }] } }, 'ctace-epirubicin-lipiodol']);
    const r = await cli('plan', ['--disease', 'hcc', '--ct', CT, '--point', POINT, '--candidates', candidates, '--samples', '1', '--seed', '7', '--renderer', 'white-noise', '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as PlanReport;
    const tare = report.candidates.find((c) => c.name === 'tare-y90')!;
    expect(tare).toBeDefined();
    expect(tare.description).toBe('TARE Y-90 (glass microspheres, segmental), follow-up 90 days');
    expect(tare.protocol).toMatchObject({ components: [{ modality: 'tare', microspheres: 'glass', delivery: 'segmental' }] });
    expect(tare.riskModality).toEqual({ modality: 'ctace', assumed: true, note: RISK_MODALITY_RULES.hcc.tare!.note });
    expect(tare.riskModality.note).toMatch(/SARAH HR 1\.15.*SIRveNIB HR 1\.1/);
    expect(tare.samples[0]!.lipiodolCoverage).toBe(0);
    // TARE decides the risk term over systemic therapy in a combination.
    expect(report.candidates.find((c) => c.name === 'tare-lobar+sorafenib')!.riskModality.modality).toBe('ctace');
    expect(report.candidates.map((c) => c.rank).sort()).toEqual([1, 2, 3]);
    // The report names the committed dynamics card's parameter count (models/dynamics.json).
    const card = JSON.parse(readFileSync(DYNAMICS_CARD_PATH, 'utf8')) as { parameterCounts: { total: number } };
    expect(report.models.dynamics.data).toContain(`${card.parameterCounts.total} parameters`);
  });
});

describe('the guideline policy and TARE', () => {
  it('never proposes TARE, at any stage', async () => {
    for (const [d, c] of [[[15], KNOWN_WELL], [[25], KNOWN_WELL], [[60], KNOWN_WELL], [[45, 30, 20, 12], KNOWN_WELL], [[60], { ecog: 1 }], [[60], { ...KNOWN_WELL, macrovascularInvasion: true }]] as const) {
      const { candidates, summary } = await guidelinePolicy({ maxCandidates: 12 }).propose(patient([...d], c), NO_EVALUATOR);
      expect(candidates.map((x) => x.protocol.components.map((k) => k.modality)).flat(), `BCLC ${String(summary.stage)}`).not.toContain('tare');
    }
  });
});

describe('TARE: bad input through the CLI', () => {
  const rejected = async (protocol: string, code: string, message: RegExp) => {
    const out = join(work, `rejected-${Math.random().toString(36).slice(2)}`);
    const r = await cli('simulate', ['--ct', CT, '--point', POINT, '--protocol', protocol, '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(1);
    const error = JSON.parse(r.stderr).error;
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(existsSync(join(out, 'summary.json'))).toBe(false);
  };

  it('names the field of an unknown device and of a dose out of range', async () => {
    await rejected(JSON.stringify({ components: [{ modality: 'tare', microspheres: 'ceramic', perfusedDoseGy: 5000 }] }), 'PROTOCOL_INVALID',
      /components\[0\]\.microspheres: unknown value \(got "ceramic"\); allowed: glass, resin; components\[0\]\.perfusedDoseGy: must be at most 1000/);
  });

  it('names both sides of TARE + TACE', async () => {
    await rejected('tare-y90+ctace-epirubicin-lipiodol', 'PROTOCOL_CONFLICT', /TARE conflicts with TACE/);
  });
});

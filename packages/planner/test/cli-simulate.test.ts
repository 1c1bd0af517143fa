/**
 * `mewm simulate` on the real CRLM-CT-1006 CT, lesion from --point: the written files and summary,
 * bit-identical files for the same protocol and seed, and the bad-input block (unknown agent,
 * conflicting agents, negative follow-up, empty mask, lesion at the volume edge, mask off the CT grid):
 * exit code 1 with a typed error naming the problem, and nothing written.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestCt, writeNifti, type LabelVolume, type Volume } from '@mewm/dicom';
import { WHITE_NOISE_RENDERER_NAME } from '@mewm/world-model';
import { main as runCli } from '../src/cli/main.ts';
import { sharedData } from '../../../test/support/shared-data.ts';

const work = mkdtempSync(join(tmpdir(), 'mewm-cli-simulate-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const CT = sharedData('crlm-ct', 'CRLM-CT-1006');
const POINT = '92.8,-31.6,-304';
let ct: Volume;

beforeAll(async () => {
  ct = (await ingestCt([CT])).volume;
});

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['simulate', ...args], { out: (t) => (stdout += t), err: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

/** A mask NIfTI on the CT grid (or a shifted copy of it) with `fill` deciding the labelled voxels. */
function maskFile(name: string, fill: (i: number, j: number, k: number) => boolean, shiftMm = 0): string {
  const [nx, ny, nz] = ct.dims;
  const data = new Uint8Array(nx * ny * nz);
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) if (fill(i, j, k)) data[i + nx * (j + ny * k)] = 1;
  const affineRas = ct.affineRas.map((r, row) => (row === 2 ? [r[0], r[1], r[2], r[3] + shiftMm] : r)) as LabelVolume['affineRas'];
  const path = join(work, name);
  writeFileSync(path, writeNifti({ dims: ct.dims, spacingMm: ct.spacingMm, affineRas, data, labels: { 1: 'lesion' } }));
  return path;
}

describe('mewm simulate on CRLM-CT-1006', () => {
  it('writes NIfTI volumes, state maps and a summary, bit-identical for the same protocol and seed', async () => {
    const args = (out: string) => ['--ct', CT, '--point', POINT, '--protocol', 'ctace-epirubicin-lipiodol', '--samples', '1', '--seed', '7', '--out', out, '--json'];
    const first = await cli(args(join(work, 'a')));
    expect(first.code, first.stderr).toBe(0);
    const second = await cli(args(join(work, 'b')));
    expect(second.code, second.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(work, 'a', 'summary.json'), 'utf8'));
    const s = summary.samples[0];
    expect(s.seed).toBe(7);
    for (const key of ['viableVolumeMl', 'necrosisFraction', 'lipiodolCoverage']) expect(Number.isFinite(s[key]), key).toBe(true);
    expect(['CR', 'PR', 'SD', 'PD']).toContain(s.mrecist);
    expect(summary.researchUse).toBe('research use only, not for clinical use');
    expect(summary.models.renderer).toMatchObject({ name: 'renderer-ct', learned: true }); // the default renderer
    for (const f of ['sample-1.nii.gz', 'sample-1-states.nii.gz']) {
      expect(readFileSync(join(work, 'a', f)).equals(readFileSync(join(work, 'b', f))), f).toBe(true);
    }
    const again = JSON.parse(readFileSync(join(work, 'b', 'summary.json'), 'utf8')).samples[0];
    expect(again.files.volumeSha256).toBe(s.files.volumeSha256);
    expect(again.files.statesSha256).toBe(s.files.statesSha256);
  });

  it('uses the non-learned baseline with --renderer white-noise, and says so', async () => {
    const out = join(work, 'white-noise');
    const r = await cli(['--ct', CT, '--point', POINT, '--protocol', 'mwa', '--samples', '1', '--seed', '7', '--renderer', 'white-noise', '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.models.renderer).toMatchObject({ name: WHITE_NOISE_RENDERER_NAME, learned: false });
  });
});

describe('mewm simulate: bad input', () => {
  const expectRejected = async (args: string[], code: string, message: RegExp) => {
    const out = join(work, `rejected-${code}-${Math.random().toString(36).slice(2)}`);
    const r = await cli([...args, '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(1);
    const error = JSON.parse(r.stderr).error;
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(existsSync(join(out, 'summary.json'))).toBe(false);
  };
  const tace = (drugs: string[], extra: object = {}) =>
    JSON.stringify({ components: [{ modality: 'tace', technique: 'conventional', drugs, embolics: ['lipiodol'] }], ...extra });

  it('rejects an unknown agent, naming it and the allowed ones', async () => {
    await expectRejected(['--ct', CT, '--point', POINT, '--protocol', tace(['aspirin'])], 'PROTOCOL_INVALID', /"aspirin".*allowed: raltitrexed/);
  });

  it('rejects conflicting agents, naming both', async () => {
    await expectRejected(['--ct', CT, '--point', POINT, '--protocol', tace(['oxaliplatin', 'cisplatin'])], 'PROTOCOL_CONFLICT', /oxaliplatin.*cisplatin|cisplatin.*oxaliplatin/);
  });

  it('rejects a negative follow-up', async () => {
    await expectRejected(['--ct', CT, '--point', POINT, '--protocol', tace(['epirubicin'], { followUpDays: -30 })], 'PROTOCOL_INVALID', /followUpDays/);
  });

  it('rejects an empty mask', async () => {
    const r = await cli(['--ct', CT, '--mask', maskFile('empty.nii.gz', () => false), '--protocol', 'mwa', '--out', join(work, 'empty'), '--json']);
    expect(r.code, r.stderr).toBe(1);
    expect(JSON.parse(r.stderr).error.message).toMatch(/empty|no labelled voxels/);
  });

  it('rejects a lesion touching the edge of the volume, naming the axis', async () => {
    const path = maskFile('edge.nii.gz', (i, j, k) => i >= 120 && i < 130 && j >= 240 && j < 250 && k < 3);
    await expectRejected(['--ct', CT, '--mask', path, '--protocol', 'mwa'], 'DYNAMICS_INPUT', /touches the edge of the CT volume along z/);
  });

  it('rejects a mask whose grid lies outside the CT', async () => {
    const path = maskFile('elsewhere.nii.gz', (i, j, k) => i >= 120 && i < 130 && j >= 240 && j < 250 && k >= 10 && k < 15, 1000);
    const r = await cli(['--ct', CT, '--mask', path, '--protocol', 'mwa', '--out', join(work, 'elsewhere'), '--json']);
    expect(r.code, r.stderr).toBe(1);
    expect(JSON.parse(r.stderr).error.message).toMatch(/does not overlap the CT's field of view/);
  });
});

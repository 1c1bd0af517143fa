/**
 * `mewm segment --organ liver|vessels` on the real CRLM-CT-1006 CT: a liver mask and a vessel mask
 * written as NIfTI and read back on the CT's grid, vessels inside the liver (given with --liver or
 * segmented first), JSON output, and the bad-input block (usage errors exit 2 and name the flag).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestCt, loadMask, type LabelVolume, type Volume } from '@mewm/dicom';
import { main as runCli } from '../src/cli/main.ts';
import { sharedData } from '../../../test/support/shared-data.ts';

const work = mkdtempSync(join(tmpdir(), 'mewm-cli-segment-organs-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const CT = sharedData('crlm-ct', 'CRLM-CT-1006');
const LIVER_POINT = '60,-20,-240';
let ct: Volume;

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['segment', ...args], { out: (t) => (stdout += t), err: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

function count(m: LabelVolume): number {
  let n = 0;
  for (let v = 0; v < m.data.length; v++) if (m.data[v] !== 0) n++;
  return n;
}

beforeAll(async () => {
  ct = (await ingestCt([CT])).volume;
});

describe('mewm segment --organ liver and vessels on CRLM-CT-1006', () => {
  const liverPath = join(work, 'liver.nii.gz');

  it('writes a liver mask of plausible volume on the CT grid', async () => {
    const { code, stdout } = await cli(['--organ', 'liver', '--ct', CT, '--out', liverPath, '--json']);
    expect(code).toBe(0);
    const r = JSON.parse(stdout);
    expect(r.organ).toBe('liver');
    expect(r.liver.volumeMl).toBeGreaterThan(1000);
    expect(r.liver.volumeMl).toBeLessThan(2500);
    expect(r.output.sha256).toMatch(/^[0-9a-f]{64}$/);
    const mask = (await loadMask(liverPath, ct, { onMismatch: 'reject' })).mask;
    expect(count(mask)).toBe(r.liver.voxelCount);
  });

  it('takes a point inside the liver and gives the same liver', async () => {
    const { code, stdout } = await cli(['--organ', 'liver', '--ct', CT, '--point', LIVER_POINT, '--out', join(work, 'liver-seeded.nii.gz'), '--json']);
    expect(code).toBe(0);
    const r = JSON.parse(stdout);
    expect(r.liver.selectedBy).toBe('seed');
    expect(r.seedRas).toEqual([60, -20, -240]);
    expect(r.liver.volumeMl).toBeGreaterThan(1000);
  });

  it('writes vessels inside a given liver mask, and the same when the liver is segmented first', async () => {
    const vesselsPath = join(work, 'vessels.nii.gz');
    const given = await cli(['--organ', 'vessels', '--ct', CT, '--liver', liverPath, '--out', vesselsPath, '--json']);
    expect(given.code).toBe(0);
    const a = JSON.parse(given.stdout);
    expect(a.liverSource).toBe('file');
    expect(a.vessels.volumeMl).toBeGreaterThan(2);
    const liver = (await loadMask(liverPath, ct)).mask;
    const vessels = (await loadMask(vesselsPath, ct)).mask;
    let outside = 0;
    for (let v = 0; v < vessels.data.length; v++) if (vessels.data[v] !== 0 && liver.data[v] === 0) outside++;
    expect(outside).toBe(0);

    const auto = await cli(['--organ', 'vessels', '--ct', CT, '--out', join(work, 'vessels-auto.nii.gz'), '--json']);
    expect(auto.code).toBe(0);
    const b = JSON.parse(auto.stdout);
    expect(b.liverSource).toBe('segmented');
    expect(b.vessels.voxelCount).toBe(a.vessels.voxelCount);
  });

  it('prints a human-readable summary without --json', async () => {
    const { code, stdout } = await cli(['--organ', 'liver', '--ct', CT, '--out', join(work, 'liver-text.nii.gz')]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/liver volume\s+\d+ mL/);
  });
});

describe('mewm segment: bad input', () => {
  it('rejects an unknown organ, naming the allowed ones', async () => {
    const { code, stderr } = await cli(['--organ', 'kidney', '--ct', CT, '--out', join(work, 'x.nii.gz')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--organ must be one of lesion, liver, vessels; got "kidney"/);
  });

  it('needs --point for a lesion (the default organ)', async () => {
    const { code, stderr } = await cli(['--ct', CT, '--out', join(work, 'x.nii.gz')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--organ lesion needs --point/);
  });

  it('refuses --liver without --organ vessels and --point with vessels', async () => {
    expect((await cli(['--organ', 'liver', '--ct', CT, '--liver', 'm.nii.gz', '--out', join(work, 'x.nii.gz')])).stderr).toMatch(/--liver is used only with --organ vessels/);
    const r = await cli(['--organ', 'vessels', '--ct', CT, '--point', LIVER_POINT, '--out', join(work, 'x.nii.gz')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--point is not used with --organ vessels/);
  });

  it('rejects a liver point outside the volume with exit 1 and a typed error', async () => {
    const { code, stderr } = await cli(['--organ', 'liver', '--ct', CT, '--point', '0,0,5000', '--out', join(work, 'x.nii.gz'), '--json']);
    expect(code).toBe(1);
    expect(JSON.parse(stderr).error.code).toBe('SEGMENTATION');
  });
});

/**
 * `mewm ingest` end to end on every shared series: the NIfTI we write shows the same anatomy as the
 * NIfTI that dcm2niix (an established, independent converter) writes from the same DICOM, as read by
 * nibabel: the same RAS world point holds the same HU in both files.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main as runCli } from '../packages/planner/src/cli/main.ts';
import { repoRoot, sharedData } from './support/shared-data.ts';
import { hasTool, runPythonJson } from './support/external-tool.ts';

const work = mkdtempSync(join(tmpdir(), 'mewm-cli-ingest-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { out: (t) => (stdout += `${t}\n`), err: (t) => (stderr += `${t}\n`) });
  return { code, stdout, stderr };
}

/** Compare our NIfTI with dcm2niix's through nibabel, sampling voxels on a lattice. */
const COMPARE = `
import json, sys, numpy as np, nibabel as nib
ours = nib.load(sys.argv[1]); ref = nib.load(sys.argv[2])
a = np.asarray(ours.dataobj).astype(np.float64); b = np.asarray(ref.dataobj).astype(np.float64)
if b.ndim == 4: b = b[..., 0]
A = ours.affine; B = ref.affine
ii, jj, kk = np.meshgrid(*[np.linspace(0, n - 1, 9).round().astype(int) for n in a.shape], indexing='ij')
ijk = np.stack([ii.ravel(), jj.ravel(), kk.ravel(), np.ones(ii.size)])
world = A @ ijk
ref_ijk = np.linalg.inv(B) @ world
off_grid = float(np.abs(ref_ijk[:3] - ref_ijk[:3].round()).max())
r = ref_ijk[:3].round().astype(int)
inside = np.all((r >= 0) & (r < np.array(b.shape)[:, None]), axis=0)
va = a[ii.ravel()[inside], jj.ravel()[inside], kk.ravel()[inside]]
vb = b[r[0, inside], r[1, inside], r[2, inside]]
print(json.dumps({"shape": list(a.shape), "refShape": list(b.shape), "offGridVoxels": off_grid,
  "sampled": int(inside.sum()), "maxAbsDiff": float(np.abs(va - vb).max()),
  "qformCode": int(ours.header['qform_code']), "sformCode": int(ours.header['sform_code']),
  "qformMatchesSform": bool(np.allclose(ours.get_qform(), ours.get_sform(), atol=1e-4)),
  "axcodes": list(nib.aff2axcodes(A)), "zooms": [float(z) for z in ours.header.get_zooms()[:3]]}))
`;

const SERIES = [
  { name: 'HCC_048', parts: ['hcc-tace-seg-hcc048', 'dicom'], dims: [512, 512, 89] },
  { name: 'CRLM-CT-1004', parts: ['crlm-ct', 'CRLM-CT-1004'], dims: [512, 512, 41] },
  { name: 'CRLM-CT-1006', parts: ['crlm-ct', 'CRLM-CT-1006'], dims: [512, 512, 51] },
  { name: 'JPEG 2000', parts: ['totalsegmentator-example', 'example_ct_dicom_jpeg2000'], dims: undefined },
] as const;

describe.each(SERIES)('mewm ingest $name', ({ name, parts, dims }) => {
  const dir = sharedData(...parts);
  const ours = join(work, `${name}.nii.gz`);

  it('writes a NIfTI and a JSON summary with geometry, HU and de-identification', async () => {
    const { code, stdout, stderr } = await cli(['ingest', dir, '--out', ours, '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const s = JSON.parse(stdout);
    if (dims) expect(s.dims).toEqual(dims);
    expect(s.unit).toBe('HU');
    expect(s.huRange[0]).toBeGreaterThanOrEqual(-3072);
    expect(s.huRange[0]).toBeLessThanOrEqual(-1000);
    expect(s.researchUse).toBe('research use only, not for clinical use');
    expect(s.deidentification).toBeDefined();
    expect(readFileSync(ours).length).toBeGreaterThan(1000);
  });

  it.skipIf(!hasTool('dcm2niix', 'nibabel'))('matches dcm2niix voxel for voxel at the same RAS points (read by nibabel)', () => {
    const refDir = join(work, `${name}-dcm2niix`);
    execFileSync('mkdir', ['-p', refDir]);
    execFileSync('dcm2niix', ['-z', 'n', '-f', 'ref', '-o', refDir, dir], { stdio: 'ignore' });
    const r = runPythonJson<{
      offGridVoxels: number; sampled: number; maxAbsDiff: number; qformCode: number; sformCode: number;
      qformMatchesSform: boolean; axcodes: string[];
    }>(COMPARE, [ours, join(refDir, 'ref.nii')]);
    expect(r.offGridVoxels).toBeLessThan(1e-3);
    expect(r.sampled).toBeGreaterThan(600);
    expect(r.maxAbsDiff).toBe(0);
    expect(r.qformCode).toBeGreaterThan(0);
    expect(r.sformCode).toBeGreaterThan(0);
    expect(r.qformMatchesSform).toBe(true);
  });
});

describe('mewm ingest of NIfTI', () => {
  it.skipIf(!hasTool('nibabel'))('passes the TotalSegmentator NIfTI through with the same data and affine (nibabel)', async () => {
    const input = sharedData('totalsegmentator-example', 'example_ct.nii.gz');
    const out = join(work, 'ts.nii.gz');
    const { code, stdout } = await cli(['ingest', input, '--out', out, '--json']);
    expect(code).toBe(0);
    const s = JSON.parse(stdout);
    expect(s.format).toBe('nifti');
    const r = runPythonJson<{ sameShape: boolean; affineDiff: number; maxAbsDiff: number; shape: number[] }>(
      `import json, sys, numpy as np, nibabel as nib
a = nib.load(sys.argv[1]); b = nib.load(sys.argv[2])
x = np.asarray(a.dataobj).astype(np.float64); y = np.asarray(b.dataobj).astype(np.float64)
print(json.dumps({"sameShape": x.shape == y.shape, "shape": list(y.shape), "affineDiff": float(np.abs(a.affine - b.affine).max()),
  "maxAbsDiff": float(np.abs(x - y).max())}))`,
      [input, out],
    );
    expect(r.sameShape).toBe(true);
    expect(s.dims).toEqual(r.shape);
    expect(r.affineDiff).toBeLessThan(1e-4);
    expect(r.maxAbsDiff).toBe(0);
  });
});

describe('mewm ingest with a mask', () => {
  const dir = sharedData('dcmqi-ct3slice', 'segmentations');
  it('conforms a DICOM SEG given with --mask to the CT grid and writes it', async () => {
    const maskOut = join(work, 'liver-mask.nii.gz');
    const { code, stdout } = await cli(['ingest', join(dir, 'ct-3slice'), '--mask', join(dir, 'liver.dcm'), '--out', join(work, 'c3.nii.gz'), '--mask-out', maskOut, '--json']);
    expect(code).toBe(0);
    const s = JSON.parse(stdout);
    expect(s.mask.format).toBe('dicom-seg');
    expect(s.mask.voxelCount).toBeGreaterThan(50_000);
    expect(readFileSync(maskOut).length).toBeGreaterThan(100);
  });

  it('finds a DICOM SEG among the inputs and gives the same mask', async () => {
    const a = await cli(['ingest', join(dir, 'ct-3slice'), '--mask', join(dir, 'liver.dcm'), '--out', join(work, 'a.nii.gz'), '--json']);
    const b = await cli(['ingest', join(dir, 'ct-3slice'), join(dir, 'liver.dcm'), '--out', join(work, 'b.nii.gz'), '--json']);
    expect(JSON.parse(b.stdout).mask.voxelCount).toBe(JSON.parse(a.stdout).mask.voxelCount);
  });

  it('says why when --mask-out has no mask to write', async () => {
    const { code, stderr } = await cli(['ingest', join(dir, 'ct-3slice'), '--out', join(work, 'x3.nii.gz'), '--mask-out', join(work, 'm.nii.gz')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--mask-out needs a mask/);
  });
});

describe('mewm: bad input and usage', () => {
  it('fails with exit 1 and a typed JSON error on a folder without DICOM', async () => {
    const { code, stderr, stdout } = await cli(['ingest', sharedData('survival'), '--out', join(work, 'x.nii.gz'), '--json']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const e = JSON.parse(stderr).error;
    expect(e.code).toBe('INPUT');
    expect(e.message).toMatch(/no readable DICOM image/);
  });

  it('fails with exit 2 on usage errors, without a stack trace', async () => {
    const missingOut = await cli(['ingest', sharedData('crlm-ct', 'CRLM-CT-1006')]);
    expect(missingOut.code).toBe(2);
    expect(missingOut.stderr).toMatch(/--out is required/);
    expect(missingOut.stderr).not.toMatch(/\n\s+at /);
    const badPoint = await cli(['segment', '--ct', 'x', '--point', '1,2', '--out', 'm.nii.gz']);
    expect(badPoint.code).toBe(2);
    expect(badPoint.stderr).toMatch(/three finite numbers/);
    expect((await cli(['frobnicate'])).code).toBe(2);
  });

  it('runs as `npx mewm` from the repository root', () => {
    const out = execFileSync(join(repoRoot, 'node_modules', '.bin', 'mewm'), ['--help'], { encoding: 'utf8', cwd: repoRoot });
    expect(out).toMatch(/mewm ingest \(<inputs\.\.\.> \| --dicomweb <url>/);
    expect(out).toMatch(/research use only, not for clinical use/);
  });

  it('keeps nothing half-written when ingest fails', async () => {
    const out = join(work, 'never.nii.gz');
    await cli(['ingest', sharedData('survival'), '--out', out]);
    expect(() => readFileSync(out)).toThrow();
  });
});

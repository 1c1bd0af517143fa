/** `mewm response check` on the real HCC-TACE-Seg table: JSON and text output, and bad input. */
import { describe, expect, it } from 'vitest';
import { main as runCli } from '../src/cli/main.ts';
import { sharedData } from '../../../test/support/shared-data.ts';

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { out: (t) => (stdout += t), err: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const csv = sharedData('cohorts', 'hcc-tace-clinical.csv');

describe('mewm response check', () => {
  it('prints observed vs simulated category rates per regimen and cross-validated ks (--json)', async () => {
    const { code, stdout } = await cli(['response', 'check', '--csv', csv, '--repeats', '2', '--seeds', '10', '--json']);
    expect(code).toBe(0);
    const r = JSON.parse(stdout);
    expect(r.researchUse).toMatch(/research use only/);
    expect(r.cohort).toMatchObject({ rows: 75, used: 61, regimenNotStated: 10, noPairedMeasurement: 4 });
    expect(r.settings).toEqual({ folds: 5, repeats: 2, seedsPerPatient: 10, seed: 1 });
    expect(r.crossValidated.byRegimen.map((x: { regimen: string; n: number }) => [x.regimen, x.n])).toEqual([['conventional', 35], ['deb', 26]]);
    expect(r.crossValidated.ks).toBeLessThan(r.crossValidated.ksCritical05);
    expect(r.literature.ks).toBeGreaterThan(r.crossValidated.ks);
    expect(r.fitAll.parameters['tace.conventional.objectiveResponseRate']).toBeCloseTo(0.677, 3);
  });

  it('prints a readable summary with the before/after ks', async () => {
    const { code, stdout } = await cli(['response', 'check', '--csv', csv, '--repeats', '1', '--seeds', '5']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/61 of 75 rows used/);
    expect(stdout).toMatch(/before calibration \(literature parameters\): ks 0\.\d+/);
    expect(stdout).toMatch(/cross-validated \(5-fold × 1, 5 seeds per patient\): ks 0\.\d+/);
    expect(stdout).toMatch(/conventional n 35 {2}observed {2}CR 14\.3 % {2}PR 48\.6 % {2}SD 34\.3 % {2}PD 2\.9 %/);
  });

  it('bad input: a missing --csv, an unknown subcommand, a table of another cohort, a bad --folds', async () => {
    expect((await cli(['response', 'check'])).code).toBe(2);
    const unknown = await cli(['response', 'fit', '--csv', csv]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown response subcommand "fit"/);
    const other = await cli(['response', 'check', '--csv', sharedData('cohorts', 'crlm-clinical.csv')]);
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/no column "chemotherapy"/);
    const folds = await cli(['response', 'check', '--csv', csv, '--folds', '1']);
    expect(folds.code).toBe(2);
    expect(folds.stderr).toMatch(/--folds must be an integer in \[2, 20\]/);
  });
});

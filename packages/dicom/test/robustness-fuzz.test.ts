/**
 * Seeded mutation fuzzing of real DICOM files: truncation, bit flips, random byte runs, absurd
 * element lengths and swapped tags, on real CT slices (uncompressed CRLM-CT-1006, also grouped
 * and assembled with two intact neighbours), a real JPEG 2000 CT slice and pydicom's small
 * RLE / JPEG-LS / JPEG 2000 / JPEG Lossless / JPEG baseline files. Every case must load or fail
 * with a MewmError within a time limit; anything else fails the test with its seed and case index,
 * which robustness-mutations.ts turns back into the exact input.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PYDICOM_TEST_FILES, sharedData } from '../../../test/support/shared-data.ts';
import { CaseRunner, type CaseResult } from './robustness-runner.ts';

const SUITE_SEED = 0x5eed2024;
const PER_CASE_MS = 10_000;

const crlm = (name: string): string => join(sharedData('crlm-ct', 'CRLM-CT-1006'), name);
const j2kDir = sharedData('totalsegmentator-example', 'example_ct_dicom_jpeg2000');
const j2kFirst = join(j2kDir, readdirSync(j2kDir).sort()[0] ?? '');

interface FuzzTarget {
  name: string;
  base: string;
  /** Intact neighbouring slices grouped and assembled with each mutated case. */
  companions: string[];
  cases: number;
}

const TARGETS: FuzzTarget[] = [
  { name: 'CRLM-CT-1006 slice 1 (+2 neighbours)', base: crlm('1-01.dcm'), companions: [crlm('1-02.dcm'), crlm('1-03.dcm')], cases: 700 },
  { name: 'CRLM-CT-1006 slice 26 (+2 neighbours)', base: crlm('1-26.dcm'), companions: [crlm('1-27.dcm'), crlm('1-28.dcm')], cases: 700 },
  { name: 'JPEG 2000 CT slice', base: j2kFirst, companions: [], cases: 400 },
  ...['MR_small_RLE.dcm', 'MR_small_jpeg_ls_lossless.dcm', 'MR_small_jp2klossless.dcm', 'SC_rgb_jpeg_gdcm.dcm', 'SC_rgb_jpeg_dcmtk.dcm', 'CT_small.dcm'].map(
    (f) => ({ name: f, base: join(PYDICOM_TEST_FILES, f), companions: [], cases: 200 }),
  ),
];

const runner = new CaseRunner(PER_CASE_MS);
afterAll(() => runner.close());

describe('mutation fuzzing of real DICOM', () => {
  it(`every mutated file loads or fails with a MewmError (seed 0x${SUITE_SEED.toString(16)})`, async () => {
    const started = performance.now();
    const failures: string[] = [];
    const counts: Record<string, number> = {};
    const byKind: Record<string, number> = {};
    let total = 0;
    for (const [t, target] of TARGETS.entries()) {
      for (let i = 0; i < target.cases; i++) {
        // Case indices are unique across targets so that (seed, index) names one input.
        const index = t * 100_000 + i;
        const r: CaseResult = await runner.run({ type: 'fuzz', base: target.base, companions: target.companions, suiteSeed: SUITE_SEED, index });
        total++;
        const key = r.outcome === 'mewm' ? `mewm:${r.code}` : r.outcome;
        counts[key] = (counts[key] ?? 0) + 1;
        const kind = 'detail' in r && r.detail ? r.detail.split(':')[0] ?? '?' : '?';
        byKind[`${kind} → ${r.outcome}`] = (byKind[`${kind} → ${r.outcome}`] ?? 0) + 1;
        if (r.outcome !== 'loaded' && r.outcome !== 'mewm') {
          const detail = 'detail' in r && r.detail ? ` [${r.detail}]` : '';
          const stack = 'stack' in r && r.stack ? `\n${r.stack}` : '';
          failures.push(`seed 0x${SUITE_SEED.toString(16)} case ${index} (${target.name})${detail}: ${r.outcome} ${r.code}: ${r.message}${stack}`);
        }
      }
    }
    const seconds = (performance.now() - started) / 1000;
    console.info(`fuzz: ${total} cases in ${seconds.toFixed(1)} s`, counts, byKind);
    expect(failures).toEqual([]);
    expect(total).toBeGreaterThanOrEqual(2000);
    // Every mutation kind ran and reached the parser (a kind that never fails would be a no-op).
    for (const kind of ['truncate', 'bitflip', 'byterun', 'length', 'tagswap']) {
      expect(byKind[`${kind} → mewm`] ?? 0, kind).toBeGreaterThan(0);
    }
    // The mutations are neither all harmless nor all fatal: both outcomes occur in numbers.
    expect(counts.loaded ?? 0).toBeGreaterThan(200);
    expect(counts['mewm:DICOM_PARSE'] ?? 0).toBeGreaterThan(200);
  });
});

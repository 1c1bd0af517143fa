/**
 * Every file of pydicom's test corpus (valid, truncated and broken DICOM, DICOMDIRs, non-DICOM
 * files) either loads (parse, then decode frame 0 when it has pixel data) or fails with a
 * MewmError: never another exception, a crash or a hang (per-case time limit, in a worker).
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PYDICOM_TEST_FILES } from '../../../test/support/shared-data.ts';
import { CaseRunner, type CaseResult } from './robustness-runner.ts';

const PER_CASE_MS = 15_000;

function listFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? listFiles(p) : [p];
  });
}

const runner = new CaseRunner(PER_CASE_MS);
afterAll(() => runner.close());

describe('pydicom test corpus', () => {
  it('loads or fails with a MewmError for every file', async () => {
    const files = listFiles(PYDICOM_TEST_FILES);
    expect(files.length).toBeGreaterThan(60);
    const results = new Map<string, CaseResult>();
    for (const path of files) {
      const label = relative(PYDICOM_TEST_FILES, path);
      results.set(label, await runner.run({ type: 'file', path, label }));
    }
    const counts: Record<string, number> = {};
    for (const r of results.values()) {
      const key = r.outcome === 'loaded' ? (r.decoded ? 'loaded+decoded' : 'loaded (no pixel data)') : `${r.outcome}:${r.code}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    console.info(`pydicom corpus: ${files.length} files`, counts);
    const bad = [...results].filter(([, r]) => r.outcome !== 'loaded' && r.outcome !== 'mewm');
    expect(bad.map(([label, r]) => `${label}: ${r.outcome} ${r.code} ${r.message}\n${'stack' in r ? r.stack ?? '' : ''}`)).toEqual([]);

    // Spot checks against facts about specific files (README.txt of the corpus, pydicom's own docs).
    const outcome = (label: string): string => {
      const r = results.get(label);
      return r ? (r.outcome === 'loaded' ? `loaded${r.decoded ? '+decoded' : ''}` : `${r.outcome}:${r.code}`) : 'missing';
    };
    for (const ok of ['CT_small.dcm', 'MR_small.dcm', 'MR_small_implicit.dcm', 'MR_small_bigendian.dcm', 'MR_small_RLE.dcm',
      'MR_small_jp2klossless.dcm', 'MR_small_jpeg_ls_lossless.dcm', 'JPEG2000.dcm', 'SC_rgb_jpeg_gdcm.dcm']) {
      expect(outcome(ok), ok).toBe('loaded+decoded');
    }
    expect(outcome('README.txt')).toBe('mewm:DICOM_PARSE');
    expect(outcome('test1.json')).toBe('mewm:DICOM_PARSE');
    expect(outcome('JPGExtended.dcm')).toBe('mewm:DICOM_UNSUPPORTED'); // 12-bit lossy JPEG
    expect(outcome('SC_rgb_rle_32bit.dcm')).toMatch(/^(mewm:DICOM_UNSUPPORTED|loaded\+decoded)$/);
    expect(counts['loaded+decoded'] ?? 0).toBeGreaterThan(40);
  });
});

describe('robustness harness (bad input)', () => {
  it('reports an exception that is not a MewmError as "other", with its stack', async () => {
    const r = await runner.run({ type: 'file', path: join(PYDICOM_TEST_FILES, 'no-such-file.dcm'), label: 'missing' });
    expect(r.outcome).toBe('other');
    expect(r.message).toMatch(/ENOENT/);
  });

  it('reports a case that does not answer within the time limit as a hang, and recovers', async () => {
    const impatient = new CaseRunner(1);
    try {
      const r = await impatient.run({ type: 'file', path: join(PYDICOM_TEST_FILES, 'CT_small.dcm'), label: 'CT_small.dcm' });
      expect(r.outcome).toBe('hang');
    } finally {
      await impatient.close();
    }
    const again = await runner.run({ type: 'file', path: join(PYDICOM_TEST_FILES, 'CT_small.dcm'), label: 'CT_small.dcm' });
    expect(again.outcome).toBe('loaded');
  });
});

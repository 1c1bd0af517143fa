import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ArchiveError, InputError, InputTooLargeError } from '../src/errors.ts';
import { collectInputFiles, detectFormat, openInputFiles, readZipEntries, resolveLimits } from '../src/input/index.ts';
import { ingestCt } from '../src/ingest/index.ts';
import { sharedData } from '../../../test/support/shared-data.ts';

const limits = resolveLimits();
const crlm = sharedData('crlm-ct', 'CRLM-CT-1006');
const crlmFiles = readdirSync(crlm).filter((f) => f.endsWith('.dcm')).sort();

/** Patch the uncompressed-size fields of every entry (local header and central directory). */
function lieAboutSizes(zip: Uint8Array, claimed: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let i = 0; i + 4 <= out.length; i++) {
    const sig = view.getUint32(i, true);
    if (sig === 0x04034b50) view.setUint32(i + 22, claimed, true);
    if (sig === 0x02014b50) view.setUint32(i + 24, claimed, true);
  }
  return out;
}

describe('zip input', () => {
  it('expands a zip of a real DICOM series into the same bytes, in name order', async () => {
    const entries: Record<string, Uint8Array> = {};
    for (const f of crlmFiles.slice(0, 5)) entries[`study/series/${f}`] = readFileSync(join(crlm, f));
    const zip = zipSync(entries, { level: 6 });
    const files = await readZipEntries(zip, 'upload.zip', limits);
    expect(files.map((f) => f.name)).toEqual(crlmFiles.slice(0, 5).map((f) => `upload.zip/study/series/${f}`));
    files.forEach((f, i) => expect(Buffer.compare(f.bytes, readFileSync(join(crlm, crlmFiles[i]!)))).toBe(0));
    expect(detectFormat(files[0]!)).toBe('dicom');
  });

  it('collects folders, zips and buffers together', async () => {
    const zip = zipSync({ 'a.dcm': readFileSync(join(crlm, crlmFiles[0]!)) });
    const files = await collectInputFiles([crlm, { name: 'up.zip', bytes: zip }], limits);
    expect(files).toHaveLength(crlmFiles.length + 1);
    expect(files.at(-1)!.name).toBe('up.zip/a.dcm');
  });

  it('skips directories, dotfiles and macOS resource forks', async () => {
    const zip = zipSync({ 'x/': new Uint8Array(), '.DS_Store': strToU8('junk'), '__MACOSX/._a.dcm': strToU8('junk'), 'x/a.dcm': strToU8('data') });
    const files = await readZipEntries(zip, 'u.zip', limits);
    expect(files.map((f) => f.name)).toEqual(['u.zip/x/a.dcm']);
  });
});

describe('zip input: bad and hostile archives', () => {
  it('refuses path traversal (zip-slip) and absolute paths, naming the entry', async () => {
    await expect(readZipEntries(zipSync({ '../../etc/evil.dcm': strToU8('x') }), 'u.zip', limits)).rejects.toThrow(/"\.\.\/\.\.\/etc\/evil\.dcm".*zip-slip|invalid relative path/);
    await expect(readZipEntries(zipSync({ '/abs/evil.dcm': strToU8('x') }), 'u.zip', limits)).rejects.toBeInstanceOf(ArchiveError);
  });

  it('refuses too many entries before reading any', async () => {
    const entries: Record<string, Uint8Array> = {};
    for (let i = 0; i < 50; i++) entries[`f${i}.dcm`] = strToU8('x');
    await expect(readZipEntries(zipSync(entries), 'u.zip', { ...limits, maxZipEntries: 10 })).rejects.toThrow(/50 entries, over the limit of 10/);
  });

  it('refuses a zip bomb by its compression ratio before inflating it', async () => {
    const zeros = new Uint8Array(64 * 1024 * 1024); // 64 MiB of zeros deflates to ~64 KiB
    const zip = zipSync({ 'bomb.dcm': zeros }, { level: 9 });
    expect(zip.length).toBeLessThan(200_000);
    await expect(readZipEntries(zip, 'u.zip', limits)).rejects.toThrow(/expands \d+× \(limit 1000×\); refusing a likely zip bomb/);
  });

  it('refuses entries and totals over the size limits', async () => {
    const zip = zipSync({ 'a.dcm': new Uint8Array(4096).fill(7), 'b.dcm': new Uint8Array(4096).fill(9) });
    await expect(readZipEntries(zip, 'u.zip', { ...limits, maxFileBytes: 1000 })).rejects.toBeInstanceOf(InputTooLargeError);
    await expect(readZipEntries(zip, 'u.zip', { ...limits, maxTotalBytes: 6000 })).rejects.toThrow(/over the limit/);
  });

  it('detects an entry whose size header lies', async () => {
    const data = new Uint8Array(100_000).map((_, i) => (i * 7919) % 251);
    const zip = lieAboutSizes(zipSync({ 'a.dcm': data }, { level: 1 }), 1000);
    await expect(readZipEntries(zip, 'u.zip', limits)).rejects.toBeInstanceOf(ArchiveError);
  });

  it('reports a truncated or garbage archive as an ArchiveError', async () => {
    const zip = zipSync({ 'a.dcm': readFileSync(join(crlm, crlmFiles[0]!)) });
    await expect(readZipEntries(zip.subarray(0, zip.length - 30), 'u.zip', limits)).rejects.toBeInstanceOf(ArchiveError);
    await expect(readZipEntries(strToU8('PK\x03\x04 not really a zip'), 'u.zip', limits)).rejects.toBeInstanceOf(ArchiveError);
  });

  it('rejects missing paths, empty input and oversized files with typed errors', async () => {
    await expect(collectInputFiles([], limits)).rejects.toBeInstanceOf(InputError);
    await expect(collectInputFiles(['/nonexistent/ct'], limits)).rejects.toThrow(/cannot read input/);
    await expect(collectInputFiles([crlm], { ...limits, maxFileBytes: 1000 })).rejects.toBeInstanceOf(InputTooLargeError);
    await expect(collectInputFiles([crlm], { ...limits, maxFiles: 10 })).rejects.toThrow(/more than 10/);
  });
});

describe('an ingest holds one original at a time, within its memory budget', () => {
  const dicomBytes = crlmFiles.reduce((n, f) => n + readFileSync(join(crlm, f)).byteLength, 0);
  // 51 slices of 512 × 512 16-bit: 26 MB of DICOM; assembling adds 2 + 4 bytes a voxel (decoded frames, output).
  const assembly = crlmFiles.length * 512 * 512 * 6;
  const parsed = crlmFiles.length * 64 * 1024 + 16 * 1024 * 1024; // the allowance per kept file for its parsed objects, the runtime reserve

  it('reads a zip on disk entry by entry, to the same volume as the folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mewm-zip-'));
    try {
      const entries: Record<string, Uint8Array> = {};
      for (const f of crlmFiles) entries[`series/${f}`] = readFileSync(join(crlm, f));
      const zipPath = join(dir, 'upload.zip');
      writeFileSync(zipPath, zipSync(entries, { level: 1 }));
      const input = await openInputFiles([zipPath], limits);
      expect(input.files.map((f) => f.name)).toEqual(crlmFiles.map((f) => `upload.zip/series/${f}`));
      expect(Buffer.compare(await input.files[7]!.read(), readFileSync(join(crlm, crlmFiles[7]!)))).toBe(0);
      input.close();
      await expect(input.files[8]!.read()).rejects.toThrow(); // closed: nothing is read behind the caller's back
      const fromZip = await ingestCt([zipPath]);
      const fromFolder = await ingestCt([crlm]);
      expect(fromZip.volume.dims).toEqual(fromFolder.volume.dims);
      expect(Buffer.compare(Buffer.from(fromZip.volume.data.buffer), Buffer.from(fromFolder.volume.data.buffer))).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops with INPUT_TOO_LARGE once the de-identified DICOM it keeps passes the budget', async () => {
    const budget = Math.floor(dicomBytes / 3);
    const err = await ingestCt([crlm], { limits: { maxMemoryBytes: budget } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputTooLargeError);
    expect((err as InputTooLargeError).code).toBe('INPUT_TOO_LARGE');
    expect((err as Error).message).toMatch(/^the image data this ingest holds in memory is .* over the limit of/);
    // refused at the first file past the budget, not after reading everything
    expect((err as InputTooLargeError).actualBytes).toBeLessThan(budget + 600_000);
  });

  it('counts the volume it would assemble before allocating it', async () => {
    const err = await ingestCt([crlm], { limits: { maxMemoryBytes: dicomBytes + parsed + assembly / 2 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputTooLargeError);
    expect((err as Error).message).toMatch(/with the volume it would assemble/);
    const ok = await ingestCt([crlm], { limits: { maxMemoryBytes: dicomBytes + parsed + assembly + 1_000_000 } });
    expect(ok.volume.dims).toEqual([512, 512, crlmFiles.length]);
  });
});

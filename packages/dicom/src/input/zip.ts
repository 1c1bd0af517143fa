/**
 * Safe zip expansion for uploads: a study often arrives as one zip.
 *
 * Safety: entry names are checked (no absolute paths, no "..", no drive letters: zip-slip), the
 * entry count, every declared size and compression ratio are checked against the limits from the
 * central directory BEFORE anything is inflated, and yauzl's `validateEntrySizes` makes a lying
 * size header an error instead of an overflow. Nothing is written to disk.
 */
import yauzl from 'yauzl';
import { ArchiveError, InputTooLargeError, describeThrown } from '../errors.ts';
import type { InputFile } from './input-file.ts';
import type { IngestLimits } from './limits.ts';

const MIB = 1024 * 1024;

interface PendingEntry {
  entry: yauzl.Entry;
  name: string;
}

/** Expand a zip held in memory into files, enforcing `limits`. Directories are skipped. */
export async function readZipEntries(bytes: Uint8Array, archiveName: string, limits: IngestLimits): Promise<InputFile[]> {
  const zip = await openZip(bytes, archiveName);
  try {
    const entries = await listEntries(zip, archiveName, limits);
    checkArchiveRatio(entries, archiveName, limits);
    const files: InputFile[] = [];
    for (const { entry, name } of entries) {
      files.push({ name: `${archiveName}/${name}`, bytes: await readEntry(zip, entry, archiveName, name) });
    }
    return files;
  } finally {
    zip.close();
  }
}

function openZip(bytes: Uint8Array, archiveName: string): Promise<yauzl.ZipFile> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(
      buffer,
      { lazyEntries: true, validateEntrySizes: true, strictFileNames: false, decodeStrings: true },
      (err, zip) => {
        if (err || !zip) reject(new ArchiveError(`${archiveName}: not a readable zip archive (${describeThrown(err)})`));
        else resolve(zip);
      },
    );
  });
}

/** Validate an entry name against zip-slip; returns the normalised relative name. */
export function checkEntryName(raw: string, archiveName: string): string {
  const name = raw.replace(/\\/g, '/');
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name)) {
    throw new ArchiveError(`${archiveName}: entry "${raw}" has an absolute path; refusing the archive (zip-slip)`);
  }
  if (name.split('/').some((part) => part === '..')) {
    throw new ArchiveError(`${archiveName}: entry "${raw}" climbs out of the archive with ".."; refusing the archive (zip-slip)`);
  }
  return name;
}

function listEntries(zip: yauzl.ZipFile, archiveName: string, limits: IngestLimits): Promise<PendingEntry[]> {
  if (zip.entryCount > limits.maxZipEntries) {
    return Promise.reject(
      new ArchiveError(`${archiveName}: ${zip.entryCount} entries, over the limit of ${limits.maxZipEntries}`),
    );
  }
  return new Promise((resolve, reject) => {
    const out: PendingEntry[] = [];
    let total = 0;
    zip.on('entry', (entry: yauzl.Entry) => {
      try {
        const name = checkEntryName(entry.fileName, archiveName);
        if (!name.endsWith('/') && !isHiddenOrMeta(name)) {
          if ((entry.generalPurposeBitFlag & 0x1) !== 0) {
            throw new ArchiveError(`${archiveName}: entry "${name}" is encrypted; encrypted archives are not supported`);
          }
          if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
            throw new ArchiveError(
              `${archiveName}: entry "${name}" uses compression method ${entry.compressionMethod}; only stored (0) and deflate (8) are supported`,
            );
          }
          if (entry.uncompressedSize > limits.maxFileBytes) {
            throw new InputTooLargeError(`${archiveName}: entry "${name}"`, entry.uncompressedSize, limits.maxFileBytes);
          }
          const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
          if (entry.uncompressedSize > MIB && ratio > limits.maxEntryRatio) {
            throw new ArchiveError(
              `${archiveName}: entry "${name}" expands ${ratio.toFixed(0)}× (limit ${limits.maxEntryRatio}×); refusing a likely zip bomb`,
            );
          }
          total += entry.uncompressedSize;
          if (total > limits.maxTotalBytes) {
            throw new InputTooLargeError(`${archiveName}: uncompressed contents`, total, limits.maxTotalBytes);
          }
          out.push({ entry, name });
        }
        zip.readEntry();
      } catch (e) {
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes on what the entry handler threw (typed errors) unchanged
        reject(e);
      }
    });
    zip.on('end', () => resolve(out));
    zip.on('error', (err: unknown) => reject(new ArchiveError(`${archiveName}: corrupt zip (${describeThrown(err)})`)));
    zip.readEntry();
  });
}

function checkArchiveRatio(entries: PendingEntry[], archiveName: string, limits: IngestLimits): void {
  let unpacked = 0;
  let packed = 0;
  for (const { entry } of entries) {
    unpacked += entry.uncompressedSize;
    packed += entry.compressedSize;
  }
  const ratio = unpacked / Math.max(1, packed);
  if (unpacked > 64 * MIB && ratio > limits.maxArchiveRatio) {
    throw new ArchiveError(
      `${archiveName}: expands ${ratio.toFixed(0)}× overall (limit ${limits.maxArchiveRatio}×); refusing a likely zip bomb`,
    );
  }
}

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, archiveName: string, name: string): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) {
        reject(new ArchiveError(`${archiveName}: cannot read entry "${name}" (${describeThrown(err)})`));
        return;
      }
      const out = new Uint8Array(entry.uncompressedSize);
      let offset = 0;
      stream.on('data', (chunk: Buffer) => {
        if (offset + chunk.length > out.length) {
          stream.destroy(new ArchiveError(`${archiveName}: entry "${name}" is larger than its declared size`));
          return;
        }
        out.set(chunk, offset);
        offset += chunk.length;
      });
      stream.on('error', (e: unknown) =>
        reject(e instanceof ArchiveError ? e : new ArchiveError(`${archiveName}: entry "${name}" is corrupt (${describeThrown(e)})`)),
      );
      stream.on('end', () => {
        if (offset !== out.length) {
          reject(new ArchiveError(`${archiveName}: entry "${name}" is shorter than its declared size`));
        } else {
          resolve(out);
        }
      });
    });
  });
}

/** macOS resource forks and dotfiles are not images. */
function isHiddenOrMeta(name: string): boolean {
  return name.split('/').some((part) => part.startsWith('.') || part === '__MACOSX');
}

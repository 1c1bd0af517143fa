/**
 * Safe zip expansion for uploads: a study often arrives as one zip.
 *
 * Safety: entry names are checked (no absolute paths, no "..", no drive letters: zip-slip), the
 * entry count, every declared size and compression ratio are checked against the limits from the
 * central directory BEFORE anything is inflated, and yauzl's `validateEntrySizes` makes a lying
 * size header an error instead of an overflow. Nothing is written to disk, and an archive on disk is
 * never loaded whole: entries are inflated one at a time, when the ingest asks for them.
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

/** One entry of an opened archive: read (inflated) only when `read()` is called. */
export interface ZipEntryHandle {
  name: string;
  sizeBytes: number;
  read: () => Promise<Uint8Array>;
}

/** An archive whose entries have been listed and checked; `close()` releases it (idempotent). */
export interface ZipArchive {
  entries: ZipEntryHandle[];
  close: () => void;
}

/**
 * Open a zip (a file on disk, read through a file descriptor and never loaded whole, or bytes in
 * memory) and check every entry against `limits` from the central directory, before anything is
 * inflated. Entries are inflated one at a time, when their `read()` is called.
 */
export async function openZipArchive(
  source: { path: string } | { bytes: Uint8Array }, archiveName: string, limits: IngestLimits,
): Promise<ZipArchive> {
  const zip = await openZip(source, archiveName);
  try {
    const entries = await listEntries(zip, archiveName, limits);
    checkArchiveRatio(entries, archiveName, limits);
    return {
      entries: entries.map(({ entry, name }) => ({
        name: `${archiveName}/${name}`,
        sizeBytes: entry.uncompressedSize,
        read: () => readEntry(zip, entry, archiveName, name),
      })),
      close: () => zip.close(),
    };
  } catch (e) {
    zip.close();
    throw e;
  }
}

/** Expand a zip held in memory into files, enforcing `limits`. Directories are skipped. */
export async function readZipEntries(bytes: Uint8Array, archiveName: string, limits: IngestLimits): Promise<InputFile[]> {
  const archive = await openZipArchive({ bytes }, archiveName, limits);
  try {
    const files: InputFile[] = [];
    for (const entry of archive.entries) files.push({ name: entry.name, bytes: await entry.read() });
    return files;
  } finally {
    archive.close();
  }
}

function openZip(source: { path: string } | { bytes: Uint8Array }, archiveName: string): Promise<yauzl.ZipFile> {
  const options: yauzl.Options = { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false, decodeStrings: true };
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, zip?: yauzl.ZipFile) => {
      if (err || !zip) reject(new ArchiveError(`${archiveName}: not a readable zip archive (${describeThrown(err)})`));
      else resolve(zip);
    };
    if ('path' in source) yauzl.open(source.path, options, done);
    else yauzl.fromBuffer(Buffer.from(source.bytes.buffer, source.bytes.byteOffset, source.bytes.byteLength), options, done);
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

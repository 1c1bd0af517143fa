/**
 * Gather the files of an ingest: folders (recursively), single files, zips (expanded safely) and
 * in-memory buffers, with every size limit checked before a byte is read.
 *
 * `openInputFiles` returns handles that read lazily — files on disk and zip entries alike (a zip on
 * disk is read through its file descriptor, an entry inflated only when it is read) — so an ingest
 * holds one original file at a time (it keeps only the de-identified copy); `collectInputFiles` reads
 * them all.
 */
import { open, readFile, readdir, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { InputError, InputTooLargeError, describeThrown } from '../errors.ts';
import { detectFormat, type InputFile } from './input-file.ts';
import type { IngestLimits } from './limits.ts';
import { openZipArchive, type ZipArchive } from './zip.ts';

export type InputSource = string | InputFile;

/** A file of the input that has not necessarily been read yet. */
export interface InputHandle {
  name: string;
  sizeBytes: number;
  read: () => Promise<Uint8Array>;
  /** The first `n` bytes (for format detection without reading the whole file). */
  peek: (n: number) => Promise<Uint8Array>;
  /** The file's path when it is on disk (a zip is then opened there instead of being read into memory). */
  path?: string;
}

/** The files of an ingest; `close()` releases the archives they were read from (idempotent). */
export interface InputSet {
  files: InputHandle[];
  close: () => void;
}

/** Expand paths and buffers into a flat list of files (zips unpacked), enforcing `limits`. */
export async function collectInputFiles(sources: InputSource[], limits: IngestLimits): Promise<InputFile[]> {
  const input = await openInputFiles(sources, limits);
  try {
    const out: InputFile[] = [];
    for (const h of input.files) out.push({ name: h.name, bytes: await h.read() });
    return out;
  } finally {
    input.close();
  }
}

/**
 * Like collectInputFiles, but files on disk and zip entries are read only when `read()` is called.
 * The caller must `close()` the result (it holds zip archives open).
 */
export async function openInputFiles(sources: InputSource[], limits: IngestLimits): Promise<InputSet> {
  if (sources.length === 0) throw new InputError('no input given: pass a DICOM folder, files, a zip or a NIfTI file');
  const budget = new Budget(limits);
  const archives: ZipArchive[] = [];
  const close = () => {
    for (const a of archives.splice(0)) a.close();
  };
  const out: InputHandle[] = [];
  try {
    for (const source of sources) {
      const handles = typeof source === 'string' ? await openPath(source, limits) : [inMemory(source)];
      for (const handle of handles) {
        budget.addBytes(handle.name, handle.sizeBytes);
        if (await isZip(handle)) {
          const archive = await openZipArchive(handle.path === undefined ? { bytes: await handle.read() } : { path: handle.path }, handle.name, limits);
          archives.push(archive);
          for (const entry of archive.entries) {
            budget.addBytes(entry.name, entry.sizeBytes);
            budget.addFile();
            out.push({ name: entry.name, sizeBytes: entry.sizeBytes, read: entry.read, peek: async (n) => (await entry.read()).subarray(0, n) });
          }
        } else {
          budget.addFile();
          out.push(handle);
        }
      }
    }
    if (out.length === 0) throw new InputError('the inputs hold no files');
  } catch (e) {
    close();
    throw e;
  }
  return { files: out, close };
}

class Budget {
  private files = 0;
  private bytes = 0;
  constructor(private readonly limits: IngestLimits) {}

  addFile(): void {
    this.files += 1;
    if (this.files > this.limits.maxFiles) {
      throw new InputError(`more than ${this.limits.maxFiles} input files; raise maxFiles or pass one series`);
    }
  }

  addBytes(name: string, n: number): void {
    if (n > this.limits.maxFileBytes) throw new InputTooLargeError(`file "${name}"`, n, this.limits.maxFileBytes);
    this.bytes += n;
    if (this.bytes > this.limits.maxTotalBytes) throw new InputTooLargeError('the inputs', this.bytes, this.limits.maxTotalBytes);
  }
}

function inMemory(file: InputFile): InputHandle {
  return {
    name: file.name,
    sizeBytes: file.bytes.length,
    read: () => Promise.resolve(file.bytes),
    peek: (n) => Promise.resolve(file.bytes.subarray(0, n)),
  };
}

async function isZip(handle: InputHandle): Promise<boolean> {
  if (/\.zip$/i.test(handle.name)) return true;
  if (/\.(dcm|nii|nii\.gz)$/i.test(handle.name)) return false;
  return detectFormat({ name: handle.name, bytes: await handle.peek(4) }) === 'zip';
}

async function openPath(path: string, limits: IngestLimits): Promise<InputHandle[]> {
  let info;
  try {
    info = await stat(path);
  } catch (e) {
    throw new InputError(`cannot read input "${path}": ${describeThrown(e)}`);
  }
  if (info.isDirectory()) {
    const files = await walk(path, limits);
    if (files.length === 0) throw new InputError(`folder "${path}" holds no files`);
    return files.map((f) => onDisk(f.path, relative(path, f.path) || basename(f.path), f.size));
  }
  return [onDisk(path, basename(path), info.size)];
}

function onDisk(path: string, name: string, sizeBytes: number): InputHandle {
  return {
    name,
    sizeBytes,
    path,
    read: async () => {
      const buf = await readFile(path);
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    },
    peek: async (n) => {
      const fh = await open(path, 'r');
      try {
        const out = new Uint8Array(Math.min(n, sizeBytes));
        await fh.read(out, 0, out.length, 0);
        return out;
      } finally {
        await fh.close();
      }
    },
  };
}

/** Regular files below `dir`, sorted by path, skipping dotfiles; stops early past the file limit. */
async function walk(dir: string, limits: IngestLimits): Promise<Array<{ path: string; size: number }>> {
  const out: Array<{ path: string; size: number }> = [];
  const stack = [dir];
  while (stack.length > 0) {
    const current = stack.pop()!;
    const entries = await readdir(current, { withFileTypes: true });
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const p = join(current, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.isFile()) out.push({ path: p, size: (await stat(p)).size });
      if (out.length > limits.maxFiles) {
        throw new InputError(`folder "${dir}" holds more than ${limits.maxFiles} files; raise maxFiles or pass one series`);
      }
    }
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

'use client';
/**
 * Several files (a DICOM folder) become one zip in the browser, stored without compression (DICOM
 * barely compresses and level 0 is fast), so that the server has exactly one upload transport: one
 * streamed file. Relative paths are kept as entry names (the server only uses them in messages).
 */
import { zip, type Zippable } from 'fflate';

export interface PickedFile {
  path: string;
  file: File;
}

export async function zipFiles(files: PickedFile[]): Promise<Blob> {
  const entries: Zippable = {};
  const used = new Set<string>();
  for (const { path, file } of files) {
    let name = path.replace(/^\/+/, '') || file.name;
    for (let i = 1; used.has(name); i++) name = `${path}.${i}`;
    used.add(name);
    entries[name] = [new Uint8Array(await file.arrayBuffer()), { level: 0 }];
  }
  const bytes = await new Promise<Uint8Array>((resolve, reject) => {
    zip(entries, { level: 0 }, (err, data) => (err ? reject(err) : resolve(data)));
  });
  return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' });
}

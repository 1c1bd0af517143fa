/** One input file in memory. `name` is a relative label for messages, never an absolute upload path. */
export interface InputFile {
  name: string;
  bytes: Uint8Array;
}

export type InputFormat = 'dicom' | 'nifti' | 'zip' | 'unknown';

/**
 * What a file is, from its magic bytes (and for gzip, its name): DICOM Part 10 ("DICM" at 128),
 * NIfTI-1 (sizeof_hdr 348 and "n+1" magic, or gzip named .nii.gz), zip ("PK\x03\x04"). A file with
 * none of these may still be a DICOM dataset without a preamble; the DICOM parser decides.
 */
export function detectFormat(file: InputFile): InputFormat {
  const b = file.bytes;
  if (b.length >= 132 && b[128] === 0x44 && b[129] === 0x49 && b[130] === 0x43 && b[131] === 0x4d) return 'dicom';
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) return 'zip';
  if (b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b) {
    return /\.nii\.gz$/i.test(file.name) ? 'nifti' : 'unknown';
  }
  if (b.length >= 348) {
    const le = b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24);
    const be = (b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!;
    const magic = String.fromCharCode(b[344]!, b[345]!, b[346]!);
    if ((le === 348 || be === 348) && (magic === 'n+1' || magic === 'ni1')) return 'nifti';
  }
  if (/\.dcm$/i.test(file.name) || looksLikeRawDicomDataset(b)) return 'dicom';
  return 'unknown';
}

/** A dataset without preamble starts with a group 0x0002 or 0x0008 tag (little endian). */
function looksLikeRawDicomDataset(b: Uint8Array): boolean {
  if (b.length < 8) return false;
  const group = b[0]! | (b[1]! << 8);
  return group === 0x0002 || group === 0x0008;
}

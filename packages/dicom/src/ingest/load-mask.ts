/**
 * Load a tumour mask (NIfTI label map or DICOM SEG) onto a CT's grid.
 * DICOM SEG files are de-identified before they are parsed, like every DICOM we read.
 */
import { InputError } from '../errors.ts';
import type { LabelVolume, VolumeGrid } from '../volume.ts';
import { collectInputFiles, detectFormat, resolveLimits, type IngestLimits, type InputFile, type InputSource } from '../input/index.ts';
import { createDeidContext, deidentifyDicom, type DeidContext } from '../deid/index.ts';
import { readNiftiLabels } from '../nifti/index.ts';
import { conformMask, readDicomSeg } from '../mask/index.ts';

export interface LoadMaskOptions {
  limits?: Partial<IngestLimits>;
  deid?: DeidContext;
  /** What to do when the mask's grid differs from the CT's: resample (nearest) or reject. */
  onMismatch?: 'resample' | 'reject';
  /** The bytes come from `ingestCt`'s `segmentations`, already de-identified. */
  alreadyDeidentified?: boolean;
}

export interface LoadedMask {
  mask: LabelVolume;
  format: 'nifti' | 'dicom-seg';
}

/** Read one mask file and conform it to `ct`'s grid. */
export async function loadMask(source: InputSource, ct: VolumeGrid, opts: LoadMaskOptions = {}): Promise<LoadedMask> {
  const limits = resolveLimits(opts.limits);
  const files = await collectInputFiles([source], limits);
  if (files.length !== 1) throw new InputError(`a mask is one NIfTI or DICOM SEG file; got ${files.length} files`);
  return maskFromFile(files[0]!, ct, opts);
}

export function maskFromFile(file: InputFile, ct: VolumeGrid, opts: LoadMaskOptions = {}): LoadedMask {
  const format = detectFormat(file);
  let raw: LabelVolume;
  let kind: LoadedMask['format'];
  if (format === 'nifti') {
    raw = readNiftiLabels(file.bytes);
    kind = 'nifti';
  } else if (format === 'dicom') {
    const clean = opts.alreadyDeidentified ? file.bytes : deidentifyDicom(file.bytes, opts.deid ?? createDeidContext(), file.name).bytes;
    raw = readDicomSeg(clean).mask;
    kind = 'dicom-seg';
  } else {
    throw new InputError(`mask "${file.name}" is neither NIfTI (.nii, .nii.gz) nor DICOM SEG`);
  }
  return { mask: conformMask(raw, ct, { onMismatch: opts.onMismatch ?? 'resample' }), format: kind };
}

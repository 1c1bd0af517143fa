/**
 * A plan request's inputs as volumes: the CT ingested as `mewm ingest` does (DICOM de-identified and
 * assembled, the chosen series' de-identified files kept for the bundle's DICOM outputs, NIfTI read with its unit detected, so a CT in HU is 'HU' for every caller), the lesion
 * from a mask or segmented from a point, and an optional liver mask; or the embedded phantom.
 */
import { ingestCt, loadMask, segmentLesion, type InputFile, type LabelVolume, type Volume } from '@mewm/dicom';
import type { DicomSourceReference, PlanInputs } from '@mewm/contracts';
import { PlannerInputError } from '../errors.ts';
import { makeAbdominalPhantom } from '../phantom/make-abdominal-phantom.ts';
import type { PlanInput } from './contracts.ts';
import type { PlanArgumentNames } from './plan-argument-names.ts';

export interface LoadedPlanInputs {
  ct: Volume;
  lesionMask: LabelVolume;
  liverMask?: LabelVolume;
  lesionSource: PlanInput['lesionSource'];
  /** DICOM input: the series' de-identified identity and its de-identified files in slice order. */
  dicom?: { reference: DicomSourceReference; files: InputFile[] };
  /** Wall times, ms: reading the CT, then the lesion (and liver) masks. */
  ingestMs: number;
  lesionMs: number;
}

export async function loadPlanInputs(inputs: PlanInputs, names: PlanArgumentNames): Promise<LoadedPlanInputs> {
  const t0 = performance.now();
  if (inputs.kind === 'phantom') {
    const phantom = makeAbdominalPhantom();
    const tIngest = performance.now();
    return {
      ct: phantom.ct, lesionMask: phantom.lesionMask, liverMask: phantom.liverMask, lesionSource: { kind: 'phantom' },
      ingestMs: tIngest - t0, lesionMs: performance.now() - tIngest,
    };
  }
  const ingested = await ingestCt(inputs.ct, { keepDeidentifiedFiles: true, alreadyDeidentified: inputs.ctAlreadyDeidentified === true });
  const ct = ingested.volume;
  const dicom = ingested.dicomReference && ingested.deidentifiedSeriesFiles
    ? { reference: ingested.dicomReference, files: ingested.deidentifiedSeriesFiles }
    : undefined;
  ingested.deidentifiedFiles = undefined; // the other series' files are not kept
  const tIngest = performance.now();
  const { lesion } = inputs;
  const lesionMask = lesion.kind === 'mask' ? (await loadMask(lesion.path, ct)).mask : segmentLesion(ct, lesion.pointRas).mask;
  if (!lesionMask.data.some((v) => v !== 0)) {
    throw new PlannerInputError(lesion.kind === 'mask' ? names.lesionMask : names.lesionPoint, 'no lesion: the lesion mask is empty; mark at least one lesion');
  }
  const liverMask = inputs.liverMask === undefined ? undefined : (await loadMask(inputs.liverMask, ct)).mask;
  if (liverMask && !liverMask.data.some((v) => v !== 0)) throw new PlannerInputError(names.liverMask, 'the liver mask is empty');
  return {
    ct, lesionMask, ...(liverMask ? { liverMask } : {}), ...(dicom ? { dicom } : {}),
    lesionSource: lesion.kind === 'mask' ? { kind: 'mask' } : { kind: 'point', pointRas: lesion.pointRas },
    ingestMs: tIngest - t0, lesionMs: performance.now() - tIngest,
  };
}

/**
 * A plan request's inputs as volumes: the CT ingested as `mewm ingest` does (DICOM de-identified and
 * assembled, the chosen series' de-identified files kept for the bundle's DICOM outputs, NIfTI read with its unit detected, so a CT in HU is 'HU' for every caller), the lesion
 * from a mask or segmented from a point, and the anatomy: the liver (a given mask, or segmented from the CT)
 * and its vessels ≥ 3 mm (plan-anatomy.ts); or the embedded phantom (its own liver, vessels segmented).
 */
import { ingestCt, loadMask, segmentLesion, type InputFile, type LabelVolume, type Volume } from '@mewm/dicom';
import type { DicomSourceReference, PlanAnatomy, PlanInputs } from '@mewm/contracts';
import { PlannerInputError } from '../errors.ts';
import { makeAbdominalPhantom } from '../phantom/make-abdominal-phantom.ts';
import type { PlanInput } from './contracts.ts';
import type { PlanArgumentNames } from './plan-argument-names.ts';
import { preparePlanAnatomy } from './plan-anatomy.ts';

export interface LoadedPlanInputs {
  ct: Volume;
  lesionMask: LabelVolume;
  /** The liver (given or segmented) with every lesion in it. */
  liverMask?: LabelVolume;
  /** Vessels ≥ 3 mm inside the liver. */
  vesselMask?: LabelVolume;
  /** Where the masks came from, their volumes, and what could not be made. */
  anatomy: PlanAnatomy;
  lesionSource: PlanInput['lesionSource'];
  /** DICOM input: the series' de-identified identity and its de-identified files in slice order. */
  dicom?: { reference: DicomSourceReference; files: InputFile[] };
  /** Wall times, ms: reading the CT, then the lesion (and liver) masks. */
  ingestMs: number;
  lesionMs: number;
  /** Liver and vessel segmentation, ms (0 for a given liver). */
  liverMs: number;
  vesselsMs: number;
}

export async function loadPlanInputs(inputs: PlanInputs, names: PlanArgumentNames): Promise<LoadedPlanInputs> {
  const t0 = performance.now();
  if (inputs.kind === 'phantom') {
    const phantom = makeAbdominalPhantom();
    const tIngest = performance.now();
    const a = preparePlanAnatomy(phantom.ct, phantom.lesionMask, { mask: phantom.liverMask, source: 'phantom' });
    return {
      ct: phantom.ct, lesionMask: phantom.lesionMask, ...anatomyFields(a), lesionSource: { kind: 'phantom' },
      ingestMs: tIngest - t0, lesionMs: 0, liverMs: a.timingsMs.liver, vesselsMs: a.timingsMs.vessels,
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
  const tLesion = performance.now();
  const a = preparePlanAnatomy(ct, lesionMask, liverMask ? { mask: liverMask, source: 'mask' } : undefined);
  return {
    ct, lesionMask, ...anatomyFields(a), ...(dicom ? { dicom } : {}),
    lesionSource: lesion.kind === 'mask' ? { kind: 'mask' } : { kind: 'point', pointRas: lesion.pointRas },
    ingestMs: tIngest - t0, lesionMs: tLesion - tIngest, liverMs: a.timingsMs.liver, vesselsMs: a.timingsMs.vessels,
  };
}

function anatomyFields(a: ReturnType<typeof preparePlanAnatomy>): Pick<LoadedPlanInputs, 'liverMask' | 'vesselMask' | 'anatomy'> {
  return { ...(a.liverMask ? { liverMask: a.liverMask } : {}), ...(a.vesselMask ? { vesselMask: a.vesselMask } : {}), anatomy: a.anatomy };
}

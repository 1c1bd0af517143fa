/**
 * The plan PDF rendered again from a written plan folder, e.g. with a reader's measurements added
 * (the web app's PDF export): the key slices are drawn from the folder's CT, lesion mask and each
 * candidate's first sample, as the plan did, so without measurements the bytes equal report.pdf.
 */
import { readNifti, readNiftiLabels } from '@mewm/dicom';
import { openPlanFolder } from '../bundle/plan-folder.ts';
import { PlannerInputError } from '../errors.ts';
import type { KeySliceImages } from '../plan/contracts.ts';
import { renderKeySlices } from './render-key-slices.ts';
import { renderPlanPdf, type PlanPdfOptions } from './write-plan-pdf.ts';

/**
 * @throws PlannerInputError when the folder is not a plan folder or a file it lists is missing or changed
 */
export async function renderPlanFolderPdf(planDir: string, opts: PlanPdfOptions = {}, name = 'planDir'): Promise<Uint8Array> {
  const folder = await openPlanFolder(planDir, name);
  const { report } = folder;
  const ct = readNifti(await folder.file('ct.nii.gz')).volume;
  const lesionMask = readNiftiLabels(await folder.file('lesion-mask.nii.gz'));
  const images = new Map<string, KeySliceImages>();
  for (const c of report.candidates) {
    const first = report.files.find((f) => f.role === 'sample-volume' && f.candidate === c.name && f.sample === 0);
    if (!first) throw new PlannerInputError(name, `report.json lists no first sample volume for ${c.name}`);
    images.set(c.name, renderKeySlices(ct, readNifti(await folder.file(first.path)).volume, lesionMask));
  }
  return renderPlanPdf(report, images, opts);
}

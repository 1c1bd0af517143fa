/**
 * The largest lesion of a mask (26-connected component with the most voxels) and its centroid:
 * where the key slices are cut. @mewm/dicom's largestComponent, with the report's error.
 */
import { largestComponent, type LabelVolume, type LargestComponent } from '@mewm/dicom';
import { ReportInputError } from './report-errors.ts';

export type LargestLesion = LargestComponent;

/** @throws ReportInputError when the mask has no foreground voxel */
export function largestLesion(mask: LabelVolume): LargestLesion {
  const lesion = largestComponent(mask);
  if (!lesion) throw new ReportInputError('lesionMask is empty: key slices need at least one lesion voxel');
  return lesion;
}

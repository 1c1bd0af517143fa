/**
 * Where the compare views start: the centre of the lesion, in RAS+ mm. With several lesions, the
 * centroid of the largest (26-connected component with the most voxels), where the plan report's key
 * slices are cut; with one lesion this is the centroid of the mask. Pure: no I/O.
 */
import 'server-only';
import { largestComponent, type LabelVolume, type Vec3 } from '@mewm/dicom';

/** The centroid (RAS+ mm) of the mask's largest lesion; null when the mask has no non-zero voxel. */
export function lesionCentreRas(mask: LabelVolume): Vec3 | null {
  return largestComponent(mask)?.centroidRas ?? null;
}

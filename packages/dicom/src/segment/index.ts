/**
 * Seeded 3D segmentation of a liver lesion from one click, for users who have no mask.
 *
 * ## Purpose
 * `segmentLesion(ct, seedRas)` turns a click inside a liver lesion (hypodense, or hyper-enhancing) on CT
 * into a label map on the CT's grid (1 = 'lesion') with its volume, longest axial diameter and
 * centroid. Research use only, not for clinical use: the user must review the outline.
 *
 * ## Design
 * 1. **ROI.** The click (RAS+ mm) becomes a voxel through the inverse affine. A box of
 *    `maxRadiusMm` (75 mm, the first ROI: it doubles while the lesion reaches its edge without
 *    leaking, up to the whole volume; see segment-lesion.ts) around it is cut out and smoothed with a Gaussian of 1 mm (in mm, so a
 *    5 mm slice axis is left alone): CT noise of σ ≈ 15 HU drops to a few HU, while a 3 cm edge moves
 *    by well under a voxel.
 * 2. **Seed intensity.** Median of the smoothed values within 2.5 mm of the click; outside
 *    [−150, 300] HU the click is in air/lung/fat or bone and is refused.
 * 3. **One flood, every threshold.** A minimax flood (bucket queue, 6-connected, never leaving the
 *    ROI sphere) gives each voxel the lowest upper threshold T at which it joins the seed's region
 *    {HU ≤ T}; the volume curve V(T) then costs nothing to evaluate. Two guards keep the flood in
 *    the organ: it never enters voxels darker than seed − 50 HU or within 3 mm of them (fat, air,
 *    bile: this cuts the partial-volume layer along the liver surface, which holds every HU between
 *    fat and liver and, on 5 mm slices, is several mm wide), and it runs on a grayscale dilation
 *    (running maximum over a 2.4 mm cuboid) of the image, so dark channels narrower than ~5 mm
 *    (surface layers, bowel wall, ducts) cannot carry it. The region at T is the flood's core
 *    dilated back by the same cuboid, limited to voxels in [lower, T]. On CRLM-CT-1006 without
 *    these guards the metastasis joined the abdominal-wall muscle at seed + 2 HU.
 *    The threshold at which the region first touches the sphere's surface (or fills half of it)
 *    is the *leak level*: where the surroundings begin, with no liver HU assumed.
 * 4. **Threshold.** Below the leak, a hypodense lesion gives a plateau in V(T). A first threshold is
 *    the most stable T, min (V(T+5) − V(T−5)) / V(T) (the idea of maximally stable extremal
 *    regions), taking the highest T among near-equal minima so that a necrotic centre inside a
 *    less hypodense body (target-like metastases) does not stop the search at the centre. The final
 *    threshold is then midway between the lesion (median inside that region) and the parenchyma
 *    (median of the tissue 3–10 mm around it), capped below the leak. When the tissue around the
 *    region is itself darker than the leak level, the region is a necrotic centre inside a hypodense
 *    body: the next plateau is taken and the lesion level becomes the median of the band 4 mm inside
 *    the outline. On a blurred step edge the
 *    midway level lies on the true edge, so the volume is unbiased (synthetic spheres: 0–3 %).
 * 5. **Clean-up in mm.** Morphology uses exact anisotropic distance transforms, so balls are
 *    balls in mm on 0.7 × 0.7 × 5 mm voxels. Opening (2 mm, at most 0.3 × the lesion's equivalent
 *    radius) cuts thin leaks into vessels, ducts or bowel; the 26-connected component at the seed
 *    is kept.
 * 6. **Enhancing rim.** The parenchyma is the median of the smoothed tissue 3–10 mm outside the
 *    region. Rays from the lesion centre in 128 directions test whether a shell at least 20 HU
 *    brighter than it lies within 4 mm outside the region. Only if ≥ 50 % of directions see it (a
 *    rim wraps the lesion; a vessel touches one side) is that shell added.
 * 7. **Closing and holes.** Closing (2 mm), then 3D hole filling and axial slice-wise hole
 *    filling, so that a necrotic centre or bright septa inside end up inside the lesion.
 * 8. **Checks and numbers.** A result touching the ROI sphere is a leak (SegmentationError saying
 *    what to do). Volume, diameter and centroid come from `measureMask` (ops).
 *
 * 9. **Polarity.** `polarity: 'auto'` tries the hypodense reading, then the same steps on −HU for a
 *    hyper-enhancing lesion (no rim capture there). **Leaks** get a second flood: with channels up to
 *    `leakCutRadiusMm` (5 mm) closed when the region reached the ROI edge, or with the lower bound
 *    taken from the surrounding tissue when the leak level lies below that tissue (fluid let in by a
 *    click on the lesion's darkest spot); large regions are opened by 5 mm to cut necks.
 *    `fatEdgeGiveBack` (off) moves the edge against fat from 3 mm inside to midway.
 *    `segmentLesions` takes one click per lesion (multifocal disease) into one label map.
 *
 * Limits: a lesion touching bowel or wall muscle of its own density over a wide contact keeps part
 * of it; a click in a thin viable body between a fluid centre and a rim under-segments; a
 * gallbladder or cyst is segmented like a lesion; distances assume an affine without strong shear.
 * Phantom results: packages/dicom/README.md, "Large and multifocal lesions".
 *
 * ## Usage
 * ```ts
 * const { mask, stats, warnings } = segmentLesion(ct, [92.8, -31.6, -304], { maxRadiusMm: 60 });
 * stats.volumeMl; stats.longestAxialDiameterMm;
 * ```
 *
 * # Whole liver: `segmentLiver(ct, { seedRas? })`
 *
 * Classical, from the CT alone. No liver model weights can be downloaded here and only two liver
 * masks exist to learn from (TotalSegmentator's example, dcmqi's 3 slices), far too few to train or
 * validate a learned model, so every step is a physically motivated operation with its parameters
 * in mm and HU (liver-options.ts):
 * 1. **Work grid.** The CT is block-averaged to voxels of about 2.5 mm in-plane (at most 6 M voxels),
 *    which bounds time and memory and averages noise; the result comes back to the CT grid by
 *    trilinear interpolation of the 0/1 mask (threshold 0.5), so the outline is not blocky.
 * 2. **Body and parenchyma HU.** The body (largest component above −500 HU, slice holes filled),
 *    smoothed (σ 1.5 mm). The parenchyma HU is the mode of the histogram of homogeneous (gradient
 *    < 10 HU/mm) soft tissue 30–200 HU on the patient's right (RAS x beyond the body's centre),
 *    deeper than 12 mm under the skin; the window is mode ± max(25 HU, 2.5 σ of the peak). Nothing
 *    assumes a contrast phase: unenhanced (≈ 50 HU) and portal-venous (≈ 110 HU) scans both work.
 * 3. **Cut bridges, pick, reconstruct.** Window voxels eroded by 7 mm (the diaphragm, the fat
 *    planes to kidney, stomach, bowel and heart are thinner than 14 mm), the 6-connected component
 *    under `seedRas` or else the largest whose centroid is on the patient's right, grown back by
 *    8.5 mm within the window (reconstruction).
 * 4. **Lesions and vessels.** Hypodense (25 HU … window) and hyperdense (above the window) regions
 *    are added when ≥ 60 % of their surface touches the liver (6-connected, in 3D); then a
 *    closing of 8 mm (3D) and 15 mm (per axial slice, only voxels ≥ 25 HU: solid lesions bulging at
 *    the capsule, not bile or fat) and hole filling (3D and per slice). Beyond the first and last
 *    slice counts as liver in the morphology (`openEnds`), so a liver cut by the scan keeps its end slices.
 *    Last, lesions bulging through the capsule: hypodense tissue (25 HU … window) outside the liver
 *    joined, within that band, to a hypodense region ≥ 5 mm deep inside the liver, up to 10 mm from it.
 * 5. **Checks.** No homogeneous soft tissue, no right-sided component, or a volume under 150 mL
 *    (scaled by the scan's coverage of a 150 mm liver) is a SegmentationError saying what is wrong.
 *
 * Limits: a lesion at the capsule whose outside neighbour has the lesion's HU (muscle, bowel) can be
 * cut along the capsule line (no intensity edge tells them apart) unless its hypodense core lies
 * ≥ 5 mm deep; hypodense bowel within 10 mm of such a lesion can be taken in; an unenhanced liver borders
 * organs of similar HU; the IVC is included where it touches the liver (sometimes a few slices of it
 * below the liver too), and the portal vein at the hilum.
 *
 * # Hepatic vessels: `segmentVessels(ct, liverMask)` (see segment-vessels.ts)
 */
export { segmentLesion, type LesionSegmentation, type LesionStats } from './segment-lesion.ts';
export { segmentLesions, MAX_LESION_SEEDS, type MultiLesionSegmentation } from './segment-lesions.ts';
export type { LesionPolarity } from './segment-in-roi.ts';
export { segmentOptionsSchema, parseSegmentOptions, type SegmentOptions, type SegmentOptionsInput } from './segment-options.ts';
export { boundingBox, type VoxelBox } from './roi-box.ts';
export { segmentLiver, type LiverSegmentation, type LiverStats } from './segment-liver.ts';
export { liverOptionsSchema, parseLiverOptions, type LiverOptions, type LiverOptionsInput } from './liver-options.ts';
export { segmentVessels, type VesselSegmentation, type VesselStats } from './segment-vessels.ts';
export { vesselOptionsSchema, parseVesselOptions, type VesselOptions, type VesselOptionsInput } from './vessel-options.ts';
export { vesselDiameterMm, nearestVesselToPoint, inscribedRadiusMm, type NearestVesselToPoint } from './vessel-diameter.ts';

/**
 * assessAblation: the anatomy-dependent ablation model for one lesion and one ablation component.
 *
 * 1. Zone: the applicator's published ellipsoid (long axis along the insertion direction: the given
 *    one, else the lesion's principal axis, else craniocaudal for a near-round lesion), or a sphere of
 *    `zoneDiameterMm`, or the lesion dilated by `marginMm` (ablation-zone.ts); centred on the lesion.
 * 2. Heat sink: patent vessels ≥ 3 mm are not ablated and cool a technique-dependent rim next to them
 *    (heat-sink.ts).
 * 3. The 3D minimal ablative margin of the lesion in the cooled zone, and without cooling (the loss is
 *    the heat sink's), on the CT grid in mm (minimal-margin.ts).
 * 4. The nearest large vessel (nearest-vessel.ts), the 2-year local-progression risk at that margin
 *    (local-progression.ts), and feasibility: the required margin (`marginMm`) is reached or not, with
 *    a plain-language reason naming the numbers.
 * Pure: the masks are not modified; everything is computed in a box around the lesion.
 */
import { assertGrid, sameGrid, type LabelVolume, type Mat4, type Vec3 } from '@mewm/dicom';
import { squaredDistanceMm } from '../../../dynamics/distance-transform-mm.ts';
import { createParameterReader, type ParameterOverrides } from '../../../outcome/parameter-reader.ts';
import { ABLATION_APPLICATORS, type AblationApplicatorId } from '../applicators.ts';
import { AblationComponentSchema, type AblationComponent } from '../schema.ts';
import { boxAround, boxVoxelCount, cropToBox, gridIndexOf } from './ablation-box.ts';
import { rasterizeZone, zoneReachMm, zoneShapeOf } from './ablation-zone.ts';
import { AblationInputError } from './ablation-input-error.ts';
import { ablationFeasibility } from './ablation-feasibility.ts';
import { applyHeatSink, coolingDepthMm } from './heat-sink.ts';
import { lesionAxes, lesionExtentMm, unit } from './lesion-axes.ts';
import { localProgressionRiskTwoYear } from './local-progression.ts';
import { measureMinimalMargin } from './minimal-margin.ts';
import { DEFAULT_VESSEL_SEARCH_MM, lesionBoundingBox, nearestVesselInBox, VESSEL_RADIUS_PAD_MM } from './nearest-vessel.ts';
import { vesselDiameterMap } from './vessel-diameter.ts';

export interface AssessAblationInput {
  /** Lesion label map on the CT grid. */
  lesionMask: LabelVolume;
  /** Which label of `lesionMask` is the lesion (default: every non-zero voxel). */
  lesionLabel?: number;
  /** 1 = vessel (meant: ≥ 3 mm, e.g. segmentVessels); only voxels whose local diameter is ≥ 3 mm count. */
  vesselMask?: LabelVolume;
  /** Liver label map: only used to report how much of the zone lies outside the liver. */
  liverMask?: LabelVolume;
  /** The ablation component (validated with the protocol schema). */
  component: unknown;
  /** Applicator direction in RAS+ (any length); default: the lesion's principal axis, or craniocaudal when round. */
  insertionDirectionRas?: Vec3;
  /** How far from the lesion a vessel is looked for, mm (default 40). */
  vesselSearchMm?: number;
  /** Parameter values instead of the card's (sensitivity analyses). */
  parameters?: ParameterOverrides;
}

export interface AblationVesselContact {
  distanceMm: number;
  diameterMm: number;
  nearestVesselRas: Vec3;
  /** Cooling depth this vessel causes with the component's technique, mm. */
  coolingDepthMm: number;
}

export interface AblationAssessment {
  technique: 'rfa' | 'mwa';
  applicator: AblationApplicatorId | null;
  /** The simulated zone after the heat sink on the CT grid (1 = 'ablationZone'). */
  zone: LabelVolume;
  zoneShape:
    | { kind: 'ellipsoid'; shortAxisMm: number; longAxisMm: number; axisRas: Vec3; axisSource: 'given' | 'lesion principal axis' | 'craniocaudal' }
    | { kind: 'sphere'; diameterMm: number }
    | { kind: 'planned'; marginMm: number };
  zoneVolumeMl: number;
  /** Zone volume outside liver and lesion, mL; null without a liver mask. */
  zoneOutsideLiverMl: number | null;
  /** 3D minimal ablative margin in the cooled zone, mm (negative: tumour outside the zone). */
  minimalMarginMm: number;
  /** The same without cooling (patent lumen still excluded), mm. */
  marginWithoutHeatSinkMm: number;
  /** Margin lost to the heat sink, mm (≥ 0). */
  heatSinkMm: number;
  /** Zone volume spared by cooling, mL. */
  heatSinkSparedMl: number;
  /** Share of the lesion's voxels outside the cooled zone. */
  uncoveredFraction: number;
  requiredMarginMm: number;
  vesselContact: AblationVesselContact | null;
  feasible: boolean;
  /** Why not feasible (absent when feasible). */
  reason?: string;
  /** 2-year local tumour progression probability at `minimalMarginMm` (1 when tumour is left outside the zone). */
  localProgressionRisk2y: number;
  /** Lesion size across / along the zone axis (2 × the largest centre distance), mm. */
  lesionAcrossMm: number;
  lesionAlongMm: number;
  /** Dynamics parameters read. */
  parameterIds: string[];
}

function parseComponent(component: unknown): AblationComponent {
  const parsed = AblationComponentSchema.safeParse(component);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AblationInputError(`component${issue.path.length ? '.' + issue.path.join('.') : ''}`, issue.message);
  }
  const c = parsed.data;
  if (c.applicator !== undefined) {
    const a = ABLATION_APPLICATORS[c.applicator];
    if (a.technique !== c.technique) {
      throw new AblationInputError('component.applicator', `"${a.id}" is a ${a.technique.toUpperCase()} setting, but technique is ${c.technique.toUpperCase()}`);
    }
    if (c.zoneDiameterMm !== undefined) throw new AblationInputError('component.zoneDiameterMm', 'give either applicator or zoneDiameterMm, not both');
  }
  return c;
}

/** Unit direction of each voxel axis in RAS (affine columns, normalised). */
function axisDirections(affine: Mat4): [Vec3, Vec3, Vec3] {
  const col = (a: number): Vec3 => unit([affine[0][a]!, affine[1][a]!, affine[2][a]!]);
  return [col(0), col(1), col(2)];
}

const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

/**
 * @throws AblationInputError for masks on different grids, an empty lesion, an invalid component
 *   (unknown applicator, technique mismatch, out-of-range margin), a bad insertion direction or search radius.
 * @throws VolumeShapeError for a mask whose data, dims and affine disagree.
 */
export function assessAblation(input: AssessAblationInput): AblationAssessment {
  const { lesionMask, vesselMask, liverMask } = input;
  assertGrid(lesionMask, 'lesionMask');
  if (vesselMask) {
    assertGrid(vesselMask, 'vesselMask');
    if (!sameGrid(lesionMask, vesselMask)) throw new AblationInputError('vesselMask', 'vesselMask is not on the lesion mask\'s grid (dims or affine differ)');
  }
  if (liverMask) {
    assertGrid(liverMask, 'liverMask');
    if (!sameGrid(lesionMask, liverMask)) throw new AblationInputError('liverMask', 'liverMask is not on the lesion mask\'s grid (dims or affine differ)');
  }
  const c = parseComponent(input.component);
  const dir = input.insertionDirectionRas;
  if (dir !== undefined && (dir.length !== 3 || !dir.every(Number.isFinite) || Math.hypot(...dir) === 0)) {
    throw new AblationInputError('insertionDirectionRas', `must be three finite numbers, not all 0, got [${dir.join(', ')}]`);
  }
  const searchMm = input.vesselSearchMm ?? DEFAULT_VESSEL_SEARCH_MM;
  if (!(searchMm > 0) || !Number.isFinite(searchMm)) throw new AblationInputError('vesselSearchMm', `must be a positive finite number of mm, got ${searchMm}`);
  const read = createParameterReader(input.parameters);

  const label = input.lesionLabel;
  const bbox = lesionBoundingBox(lesionMask, label);
  const axesRas = axisDirections(lesionMask.affineRas);
  const toBox = (u: Vec3): Vec3 => unit([dot(u, axesRas[0]), dot(u, axesRas[1]), dot(u, axesRas[2])]);
  const toRas = (u: Vec3): Vec3 => unit([0, 1, 2].map((r) => u[0] * axesRas[0][r]! + u[1] * axesRas[1][r]! + u[2] * axesRas[2][r]!) as Vec3);

  // Box: the lesion ± (zone reach + cooling + vessel search + room to find a vessel's centre line).
  const shape0 = zoneShapeOf(c, [0, 0, 1], read);
  const padMm = Math.max(zoneReachMm(shape0) + read('ablation.heatSink.coolingDepthMaxMm'), vesselMask ? searchMm : 0) + VESSEL_RADIUS_PAD_MM;
  const box = boxAround(lesionMask.dims, lesionMask.spacingMm, bbox.min, bbox.max, padMm);
  const lesion = cropToBox(box, lesionMask.data, label === undefined ? (l) => l !== 0 : (l) => l === label);
  const axes = lesionAxes(box, lesion, toBox([0, 0, 1]));
  const axis = dir !== undefined ? toBox(dir) : axes.principalAxis;
  const axisSource = dir !== undefined ? 'given' as const : axes.elongated ? 'lesion principal axis' as const : 'craniocaudal' as const;
  const shape = zoneShapeOf(c, axis, read);
  const zone0 = rasterizeZone(box, shape, lesion, axes.centroidMm);

  let zoneNoCooling = zone0;
  let zone = zone0;
  let sparedVoxels = 0;
  let vesselContact: AblationVesselContact | null = null;
  if (vesselMask) {
    const diameters = vesselDiameterMap(cropToBox(box, vesselMask.data), box.dims, box.spacingMm);
    const hs = applyHeatSink(zone0, diameters, c.technique, box.dims, box.spacingMm, read);
    zoneNoCooling = hs.zoneWithoutCooling;
    zone = hs.zone;
    sparedVoxels = hs.sparedVoxels;
    const contact = nearestVesselInBox(box, lesionMask.affineRas, squaredDistanceMm(lesion, box.dims, box.spacingMm), diameters,
      read('ablation.heatSink.vesselDiameterMm'), searchMm);
    if (contact) vesselContact = { ...contact, coolingDepthMm: coolingDepthMm(c.technique, contact.diameterMm, read) };
  }

  const withCooling = measureMinimalMargin(lesion, zone, box.dims, box.spacingMm);
  const withoutCooling = measureMinimalMargin(lesion, zoneNoCooling, box.dims, box.spacingMm);
  const extent = lesionExtentMm(box, axes, axis);
  const voxelMl = (box.spacingMm[0] * box.spacingMm[1] * box.spacingMm[2]) / 1000;

  // Back to the CT grid.
  const full = new Uint8Array(lesionMask.data.length);
  let zoneVoxels = 0;
  let outsideLiver = 0;
  for (let v = 0; v < boxVoxelCount(box); v++) {
    if (!zone[v]) continue;
    const g = gridIndexOf(box, v);
    full[g] = 1;
    zoneVoxels++;
    if (liverMask && liverMask.data[g] === 0 && !lesion[v]) outsideLiver++;
  }
  const requiredMarginMm = c.marginMm;
  const feasibility = ablationFeasibility({
    component: c, shape, requiredMarginMm, marginMm: withCooling.marginMm, marginWithoutHeatSinkMm: withoutCooling.marginMm,
    uncoveredFraction: withCooling.uncoveredVoxels / withCooling.lesionVoxels, lesionAcrossMm: 2 * extent.acrossMm, lesionAlongMm: 2 * extent.alongMm,
    vesselContact,
  });
  const localProgressionRisk2y = localProgressionRiskTwoYear(withCooling.marginMm, read);
  return {
    technique: c.technique,
    applicator: c.applicator ?? null,
    zone: { dims: [...lesionMask.dims], spacingMm: [...lesionMask.spacingMm], affineRas: lesionMask.affineRas.map((r) => [...r]) as Mat4, data: full, labels: { 1: 'ablationZone' } },
    zoneShape: shape.kind === 'ellipsoid'
      ? { kind: 'ellipsoid', shortAxisMm: 2 * shape.semiShortMm, longAxisMm: 2 * shape.semiLongMm, axisRas: toRas(axis), axisSource }
      : shape.kind === 'sphere' ? { kind: 'sphere', diameterMm: 2 * shape.radiusMm } : { kind: 'planned', marginMm: shape.marginMm },
    zoneVolumeMl: zoneVoxels * voxelMl,
    zoneOutsideLiverMl: liverMask ? outsideLiver * voxelMl : null,
    minimalMarginMm: withCooling.marginMm,
    marginWithoutHeatSinkMm: withoutCooling.marginMm,
    heatSinkMm: Math.max(0, withoutCooling.marginMm - withCooling.marginMm),
    heatSinkSparedMl: sparedVoxels * voxelMl,
    uncoveredFraction: withCooling.uncoveredVoxels / withCooling.lesionVoxels,
    requiredMarginMm,
    vesselContact,
    ...feasibility,
    localProgressionRisk2y,
    lesionAcrossMm: 2 * extent.acrossMm,
    lesionAlongMm: 2 * extent.alongMm,
    parameterIds: read.used(),
  };
}

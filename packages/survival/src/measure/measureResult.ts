/** What measureResponse reports: per lesion, new lesions, and a patient-level result that keeps every PatientImagingFeatures field. */
import type { PatientImagingFeatures } from '../imagingFeatures.ts';
import type { MrecistCategory } from '../mrecist.ts';
import type { LiradsTrCategory, ResponseCategory } from './responseCategories.ts';

export type TreatmentZoneKind = 'ablationZone' | 'resectionCavity';

export interface TreatmentZone {
  readonly kind: TreatmentZoneKind;
  readonly volumeMl: number;
  /** Median post-CT HU of the zone (fluid-like → cavity). */
  readonly medianHu: number;
  /** Fraction of the 0–5 mm shell outside the lesion that the zone covers (1 = a complete 5 mm margin). */
  readonly marginCoverage: number;
}

export interface MeasuredLesion {
  readonly lesion: number;
  readonly target: boolean;
  readonly baselineVolumeMl: number;
  /** Longest axial diameter of the baseline lesion (RECIST and mRECIST baseline). */
  readonly baselineDiameterMm: number;
  readonly viableVolumeMl: number;
  /** mRECIST longest viable diameter, on the viable part only (longestViableDiameterMm). */
  readonly viableDiameterMm: number;
  /** RECIST 1.1 longest diameter at follow-up: viable and necrotic tumour together (a resection cavity excluded). */
  readonly overallDiameterMm: number;
  readonly growthVolumeMl: number;
  readonly necroticVolumeMl: number;
  readonly necrosisFraction: number;
  readonly lipiodolVolumeMl: number;
  readonly lipiodolCoverage: number;
  /** Largest axial cross-section of enhancing tumour (EASL), mm², at baseline (the lesion) and follow-up. */
  readonly baselineEnhancingAreaMm2: number;
  readonly enhancingAreaMm2: number;
  readonly treatmentZone: TreatmentZone | null;
  /** Baseline tumour HU (pre CT, outer 5 mm) and the HU expected for viable tumour at follow-up. */
  readonly tumourPreHu: number;
  readonly tumourPostHu: number;
  /** mRECIST target rules applied to this lesion alone (informational). */
  readonly mrecist: MrecistCategory;
  readonly liradsTr: LiradsTrCategory;
}

export interface MeasuredNewLesion {
  readonly viableVolumeMl: number;
  readonly diameterMm: number;
  readonly confirmed: boolean;
}

export interface RecistResult {
  readonly sumBaselineDiameterMm: number;
  readonly sumFollowUpDiameterMm: number;
  /** (follow-up − baseline) / baseline of the target sums; NaN without targets. */
  readonly diameterSumChange: number;
  readonly category: ResponseCategory | 'notEvaluable';
}

export interface EaslResult {
  readonly baselineEnhancingAreaMm2: number;
  readonly enhancingAreaMm2: number;
  readonly areaChange: number;
  readonly category: ResponseCategory | 'notEvaluable';
  readonly baselineEnhancingVolumeMl: number;
  readonly enhancingVolumeMl: number;
  readonly volumeChange: number;
  readonly volumetricCategory: ResponseCategory;
}

export interface MeasuredPatient extends PatientImagingFeatures {
  readonly recist: RecistResult;
  readonly easl: EaslResult;
  readonly liradsTr: LiradsTrCategory;
  /** Lipiodol-laden voxels inside the baseline lesions / baseline lesion voxels (as lipiodolCoverage), and their volume. */
  readonly lipiodol: { readonly coverage: number; readonly volumeMl: number };
  readonly ablationZoneVolumeMl: number;
  readonly resectionCavityVolumeMl: number;
  /** Baseline-lesion volume the post CT does not cover (field of view). */
  readonly notCoveredVolumeMl: number;
}

export interface MeasureReferenceReport {
  readonly liverSource: 'ring' | 'liverMask';
  readonly liverPreHu: number;
  readonly liverPostHu: number;
  readonly liverPreSigmaHu: number;
  readonly liverPostSigmaHu: number;
  readonly liverVoxels: number;
  readonly enhancementScale: number;
  readonly tumourPreHu: number;
  readonly tumourPostHu: number;
  readonly nonEnhancingHu: number;
  readonly changeThresholdHu: number;
}

/** Voxel maps on the measurement box: box voxel (0,0,0) = pre-CT voxel `min`, `dims` long, x fastest. */
export interface MeasurementMasks {
  readonly min: readonly [number, number, number];
  readonly dims: readonly [number, number, number];
  /** Viable tumour (baseline lesions, growth and new lesions). */
  readonly viable: Uint8Array;
  /** Necrotic tumour (Lipiodol included). */
  readonly necrotic: Uint8Array;
  readonly lipiodol: Uint8Array;
  /** Ablation zone or resection cavity. */
  readonly treatmentZone: Uint8Array;
}

export interface ResponseMeasurement {
  readonly lesions: readonly MeasuredLesion[];
  readonly newLesions: readonly MeasuredNewLesion[];
  readonly patient: MeasuredPatient;
  readonly reference: MeasureReferenceReport;
  /** How the post CT reached the pre grid. */
  readonly alignment: 'sameGrid' | 'resampledThroughAffines';
  readonly postMaskUsed: boolean;
  readonly voxelVolumeMl: number;
  readonly warnings: readonly string[];
  /** Total and per phase (crop, references, classify, zones, diameters), ms. */
  readonly timingsMs: { readonly total: number; readonly [phase: string]: number };
  /** Only with options.includeMasks. */
  readonly masks?: MeasurementMasks;
  readonly rules: string;
}

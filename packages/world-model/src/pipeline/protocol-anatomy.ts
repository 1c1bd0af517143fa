/**
 * What the patient's anatomy decides for one protocol, and what it shows on each simulated sample.
 *
 * Per protocol (deterministic, once per plan and protocol): for an ablation component, assessAblation
 * per lesion (applicator zone, heat sink of vessels ≥ 3 mm, minimal margin, feasibility): its zone is
 * what the dynamics paints and its margin what the outcome model reads; for a resection with a liver
 * mask, planResection (the resected region to the capsule, the future liver remnant against the cited
 * minimum for the liver condition); and the nearest vessel ≥ 3 mm to the tumour.
 *
 * Per sample (`measureSampleAnatomy`): the minimal ablative margin measured on the sample's state map
 * (tumour surface to the outside of the ablated region: ablation zone, and necrotic or Lipiodol-laden
 * tumour; viable tumour left inside counts as uncovered), and the future liver remnant measured as the
 * functional liver the sample's resection left. Research use only, not for clinical use.
 */
import { TISSUE_STATE, type SampleAnatomy } from '@mewm/contracts';
import { det3, type LabelVolume, type Vec3 } from '@mewm/dicom';
import { assessAblation, type AblationAssessment } from '../modalities/ablation/anatomy/assess-ablation.ts';
import { measureMinimalMargin } from '../modalities/ablation/anatomy/minimal-margin.ts';
import { nearestVessel } from '../modalities/ablation/anatomy/nearest-vessel.ts';
import { minimumRemnantFraction, type LiverCondition } from '../modalities/resection/liver-condition.ts';
import { planResection, type ResectionPlan } from '../modalities/resection/plan-resection.ts';
import { regionBox, type RegionBox } from '../dynamics/region-box.ts';
import { cropArray, expandBox, type WorkBox } from '../dynamics/work-box.ts';
import { modelReadKey, type Protocol } from '../protocol/index.ts';

export interface AnatomyInput {
  /** Lesions labelled 1..n (labelLesions). */
  lesions: LabelVolume;
  liverMask?: LabelVolume;
  /** 1 = vessel ≥ 3 mm (segmentVessels). */
  vesselMask?: LabelVolume;
  /** Decides the minimum future liver remnant (default 'normal'). */
  liverCondition?: LiverCondition;
}

export interface ProtocolAnatomy {
  /** The ablation assessment per lesion label (a protocol with an ablation component), without its full-grid zone (kept on its box below). */
  ablation: ReadonlyMap<number, Omit<AblationAssessment, 'zone'>>;
  /** The zones the dynamics paints, per lesion label. */
  ablationZones: ReadonlyMap<number, RegionBox>;
  /** The resection plan of every lesion (a protocol with a resection and a liver mask). */
  resection: ResectionPlan | null;
  liverCondition: LiverCondition;
  /** The nearest vessel ≥ 3 mm to any lesion (with a vessel mask). */
  vesselContact: { distanceMm: number; diameterMm: number } | null;
  feasible: boolean;
  reasons: string[];
  /** Where each sample's margin is measured (lesions and zones, grown by two voxels) and the lesions on it; null without ablation. */
  marginBox: { box: WorkBox; lesion: Uint8Array } | null;
}

const memo = new WeakMap<Uint8Array, Map<string, ProtocolAnatomy>>();
const vesselMemo = new WeakMap<Uint8Array, WeakMap<Uint8Array, { distanceMm: number; diameterMm: number } | null>>();
const ids = new WeakMap<object, number>();
let nextId = 1;
const idOf = (o: object | undefined) => {
  if (!o) return 0;
  if (!ids.has(o)) ids.set(o, nextId++);
  return ids.get(o)!;
};

/** Whether anything in this input decides anatomy (a liver or a vessel mask). */
export function hasAnatomy(input: AnatomyInput): boolean {
  return input.liverMask !== undefined || input.vesselMask !== undefined;
}

function nearestVesselOf(input: AnatomyInput): { distanceMm: number; diameterMm: number } | null {
  const vessels = input.vesselMask;
  if (!vessels) return null;
  let byVessel = vesselMemo.get(input.lesions.data);
  if (!byVessel) vesselMemo.set(input.lesions.data, (byVessel = new WeakMap<Uint8Array, { distanceMm: number; diameterMm: number } | null>()));
  if (!byVessel.has(vessels.data)) {
    const c = nearestVessel(input.lesions, vessels);
    byVessel.set(vessels.data, c ? { distanceMm: c.distanceMm, diameterMm: c.diameterMm } : null);
  }
  return byVessel.get(vessels.data)!;
}

/** The protocol's anatomy (memoised per lesion map, masks and model-read key). */
export function assessProtocolAnatomy(input: AnatomyInput, protocol: Protocol): ProtocolAnatomy {
  const liverCondition = input.liverCondition ?? 'normal';
  const key = `${modelReadKey(protocol)}|${idOf(input.liverMask?.data)}|${idOf(input.vesselMask?.data)}|${liverCondition}`;
  let byKey = memo.get(input.lesions.data);
  if (!byKey) memo.set(input.lesions.data, (byKey = new Map<string, ProtocolAnatomy>()));
  const hit = byKey.get(key);
  if (hit) return hit;

  const labels = Object.keys(input.lesions.labels).map(Number).sort((a, b) => a - b);
  const ablation = new Map<number, Omit<AblationAssessment, 'zone'>>();
  const ablationZones = new Map<number, RegionBox>();
  const reasons: string[] = [];
  const ablationComponent = protocol.components.find((c) => c.modality === 'ablation');
  if (ablationComponent) {
    for (const label of labels) {
      const a = assessAblation({
        lesionMask: input.lesions, lesionLabel: label, component: ablationComponent,
        ...(input.vesselMask ? { vesselMask: input.vesselMask } : {}), ...(input.liverMask ? { liverMask: input.liverMask } : {}),
      });
      const { zone: full, ...rest } = a;
      ablation.set(label, rest); // the memo keeps the zone on its box only, not a CT-sized copy per lesion
      const zone = regionBox(full.data, full.dims);
      if (zone) ablationZones.set(label, zone);
      if (!a.feasible) reasons.push(labels.length > 1 ? `lesion ${label}: ${a.reason!}` : a.reason!);
    }
  }
  const resectionComponent = protocol.components.find((c) => c.modality === 'resection');
  const resection = resectionComponent && input.liverMask
    ? planResection({ liverMask: input.liverMask, lesionMasks: input.lesions, marginMm: resectionComponent.marginMm, liverCondition })
    : null;
  if (resection && !resection.feasible) reasons.push(resection.reason!);
  const out: ProtocolAnatomy = {
    ablation, ablationZones, resection, liverCondition, vesselContact: nearestVesselOf(input), feasible: reasons.length === 0, reasons,
    marginBox: ablation.size > 0 ? marginBoxOf(input.lesions, [...ablationZones.values()]) : null,
  };
  byKey.set(key, out);
  return out;
}

/**
 * The lesions and what ablated them, on a box around both (a distance transform of the whole CT is not
 * needed): the same for every sample of a protocol, so made once with its anatomy.
 */
function marginBoxOf(lesions: LabelVolume, zones: readonly RegionBox[]): { box: WorkBox; lesion: Uint8Array } {
  const lesionBox = regionBox(lesions.data, lesions.dims)!;
  const min = [0, 1, 2].map((a) => Math.min(lesionBox.min[a]!, ...zones.map((z) => z.min[a]!))) as Vec3;
  const max = [0, 1, 2].map((a) => Math.max(lesionBox.max[a]!, ...zones.map((z) => z.max[a]!))) as Vec3;
  const box = expandBox({ min, max }, 2 * Math.max(...lesions.spacingMm), lesions.spacingMm, lesions.dims);
  return { box, lesion: cropArray(lesions.data, lesions.dims, box, (n) => new Uint8Array(n)).map((l) => (l ? 1 : 0)) };
}

const ABLATED = new Set<number>([TISSUE_STATE.ablationZone, TISSUE_STATE.necrosis, TISSUE_STATE.lipiodol]);

/** The sample's anatomy-dependent quantities, measured on its state map. */
export function measureSampleAnatomy(input: AnatomyInput, anatomy: ProtocolAnatomy, states: LabelVolume): SampleAnatomy {
  const { lesions } = input;
  let minimalMarginMm: number | null = null;
  if (anatomy.marginBox) {
    const { box, lesion } = anatomy.marginBox;
    const treated = cropArray(states.data, states.dims, box, (n) => new Uint8Array(n)).map((s) => (ABLATED.has(s) ? 1 : 0));
    minimalMarginMm = measureMinimalMargin(lesion, treated, box.dims, lesions.spacingMm).marginMm;
  }
  let futureLiverRemnantMl: number | null = null;
  let futureLiverRemnantFraction: number | null = null;
  const liver = input.liverMask?.data;
  if (anatomy.resection && liver) {
    let functional = 0, remnant = 0;
    for (let v = 0; v < liver.length; v++) {
      if (!liver[v] || lesions.data[v]) continue;
      functional++;
      if (states.data[v] !== TISSUE_STATE.resectionCavity) remnant++;
    }
    const voxelMl = Math.abs(det3(lesions.affineRas)) / 1000;
    futureLiverRemnantMl = remnant * voxelMl;
    futureLiverRemnantFraction = functional > 0 ? remnant / functional : 0;
  }
  const reasons = [...anatomy.reasons];
  if (futureLiverRemnantFraction !== null && anatomy.resection?.feasible) {
    const minimum = minimumRemnantFraction(anatomy.liverCondition);
    if (futureLiverRemnantFraction < minimum.fraction) {
      reasons.push(`future liver remnant ${(100 * futureLiverRemnantFraction).toFixed(0)} % of functional liver on this sample is below the ${(100 * minimum.fraction).toFixed(0)} % minimum (${anatomy.liverCondition})`);
    }
  }
  return {
    minimalMarginMm, vesselContact: anatomy.vesselContact, futureLiverRemnantFraction, futureLiverRemnantMl,
    feasible: reasons.length === 0, ...(reasons.length > 0 ? { reason: reasons.join('; ') } : {}),
  };
}

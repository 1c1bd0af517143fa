/**
 * groupSeries: parsed instances → one group per series, image series apart from non-image objects.
 */
import { InputError } from '../errors.ts';
import type { DicomInstance } from './dicom-instance.ts';

/** SOP classes that never become a CT volume even when they carry pixel data. */
const NON_IMAGE_SOP_CLASSES = new Map<string, string>([
  ['1.2.840.10008.5.1.4.1.1.66.4', 'DICOM SEG (segmentation)'],
  ['1.2.840.10008.5.1.4.1.1.66', 'raw data'],
  ['1.2.840.10008.5.1.4.1.1.66.1', 'spatial registration'],
  ['1.2.840.10008.5.1.4.1.1.66.3', 'deformable registration'],
  ['1.2.840.10008.5.1.4.1.1.66.5', 'surface segmentation'],
  ['1.2.840.10008.5.1.4.1.1.481.2', 'RT dose'],
  ['1.2.840.10008.5.1.4.1.1.481.3', 'RT structure set'],
  ['1.2.840.10008.5.1.4.1.1.481.5', 'RT plan'],
  ['1.2.840.10008.5.1.4.1.1.481.8', 'RT ion plan'],
  ['1.2.840.10008.5.1.4.1.1.104.1', 'encapsulated PDF'],
]);

const SR_PREFIX = '1.2.840.10008.5.1.4.1.1.88.';
const PRESENTATION_STATE_PREFIX = '1.2.840.10008.5.1.4.1.1.11.';

export interface DicomSeriesGroup {
  /** Grouping key: the Series Instance UID, or a stand-in when instances lack one. */
  key: string;
  /** As stored ('' when the instances had none). */
  seriesInstanceUid: string;
  /** 'image': pixel data that may form a volume; 'non-image': SEG, SR, RT objects, no pixel data. */
  kind: 'image' | 'non-image';
  /** For 'non-image' groups: what the objects are (e.g. "DICOM SEG (segmentation)"). */
  description?: string;
  modality?: string;
  seriesNumber?: number;
  seriesDescription?: string;
  /** Distinct SOP Class UIDs in the group. */
  sopClassUids: string[];
  instances: DicomInstance[];
  /** Notes about the grouping itself (e.g. a missing Series Instance UID). */
  warnings: string[];
}

/** Why an instance is not an image slice, or undefined when it is one. */
export function nonImageReason(inst: DicomInstance): string | undefined {
  const known = NON_IMAGE_SOP_CLASSES.get(inst.sopClassUid);
  if (known !== undefined) return known;
  if (inst.sopClassUid.startsWith(SR_PREFIX)) return 'structured report';
  if (inst.sopClassUid.startsWith(PRESENTATION_STATE_PREFIX)) return 'presentation state';
  if (!inst.hasPixelData) return 'no pixel data';
  return undefined;
}

function groupKey(inst: DicomInstance): string {
  if (inst.seriesInstanceUid !== '') return inst.seriesInstanceUid;
  return `no-series-uid/${inst.frameOfReferenceUid ?? ''}/${inst.seriesNumber ?? ''}/${inst.modality ?? ''}`;
}

/**
 * Group instances by Series Instance UID. Within a series, image instances and non-image objects
 * (DICOM SEG, SR, RT structure sets, files without pixel data) form separate groups, so a
 * non-image object is listed but never mixed into a volume. Instances without a Series Instance
 * UID are grouped by frame of reference, series number and modality, with a warning.
 * @returns image groups first (most instances first), then non-image groups; order is deterministic.
 * @throws InputError when `instances` is not an array.
 */
export function groupSeries(instances: DicomInstance[]): DicomSeriesGroup[] {
  if (!Array.isArray(instances)) throw new InputError('groupSeries: instances must be an array of DicomInstance');
  const byKey = new Map<string, DicomSeriesGroup>();
  for (const inst of instances) {
    const reason = nonImageReason(inst);
    const kind = reason === undefined ? 'image' : 'non-image';
    const key = groupKey(inst);
    const mapKey = `${kind}\u0000${key}\u0000${reason ?? ''}`;
    let g = byKey.get(mapKey);
    if (g === undefined) {
      g = { key, seriesInstanceUid: inst.seriesInstanceUid, kind, sopClassUids: [], instances: [], warnings: [] };
      if (reason !== undefined) g.description = reason;
      if (inst.modality !== undefined) g.modality = inst.modality;
      if (inst.seriesNumber !== undefined) g.seriesNumber = inst.seriesNumber;
      if (inst.seriesDescription !== undefined) g.seriesDescription = inst.seriesDescription;
      if (inst.seriesInstanceUid === '') {
        g.warnings.push('instances have no Series Instance UID (0020,000E); grouped by frame of reference, series number and modality');
      }
      byKey.set(mapKey, g);
    }
    g.instances.push(inst);
    if (!g.sopClassUids.includes(inst.sopClassUid)) g.sopClassUids.push(inst.sopClassUid);
  }
  return [...byKey.values()].sort(compareGroups);
}

function compareGroups(a: DicomSeriesGroup, b: DicomSeriesGroup): number {
  if (a.kind !== b.kind) return a.kind === 'image' ? -1 : 1;
  if (a.instances.length !== b.instances.length) return b.instances.length - a.instances.length;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * De-identification on ingest (DICOM PS3.15 Annex E, Basic Application Level Confidentiality Profile)
 * and the Part 10 writer it needs. See deidentify-dicom.ts for the entry point.
 */
export { createDeidContext, type DeidContext, type DeidContextOptions, type DeidDateMode } from './deid-context.ts';
export { assertDeidentifiedByUs, deidentifyDicom, MAX_INFLATED_BYTES, type DeidResult } from './deidentify-dicom.ts';
export {
  DEID_PROFILE,
  OPTION_MODIFIED_DATES,
  formatTag,
  summariseDeidRecords,
  type DeidAction,
  type DeidActionEntry,
  type DeidRecord,
  type DeidSummary,
  type DeidTagCount,
} from './deid-record.ts';
export { BASIC_PROFILE, BASIC_PROFILE_EDITION, type BasicProfileCode, type BasicProfileEntry } from './basic-profile-table.ts';
export { resolveBasicProfileAction, attributeTypeInImageIod, type AttributeType, type ResolvedAction } from './resolve-action.ts';
export { shiftDate, shiftDateTime, shiftDateElementValue } from './date-shift.ts';
export { isStandardUid, uidFromHmac } from './uid-map.ts';
export { writePart10 } from './part10-writer.ts';
export { deidentifyFiles, patientContext, type DeidentifyFilesOptions, type DeidentifyFilesResult } from './deidentify-files.ts';
export type { BodyEncoding, OutElement } from './out-element.ts';

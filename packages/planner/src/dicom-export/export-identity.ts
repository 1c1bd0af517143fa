/**
 * Who and where every exported object belongs: the plan's pseudonymous patient and study, its frame of
 * reference, the equipment (this software) and UIDs that are the same each time the same plan is exported
 * (so a second push to a PACS replaces the objects instead of duplicating them).
 *
 * A plan whose CT came in as DICOM carries its de-identified identity (report.inputs.dicom): the objects
 * join that study and frame of reference and reference its images. A NIfTI or phantom plan has none:
 * the export starts a new study, with the plan's input CT written as its first series.
 */
import { uidFromHmac } from '@mewm/dicom';
import { RESEARCH_USE_LABEL, type DicomSourceReference, type PlanReport } from '@mewm/contracts';
import type { NaturalDataset } from './part10.ts';

export const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';
export const SEGMENTATION_STORAGE = '1.2.840.10008.5.1.4.1.1.66.4';
export const COMPREHENSIVE_3D_SR_STORAGE = '1.2.840.10008.5.1.4.1.1.88.34';
export const ENCAPSULATED_PDF_STORAGE = '1.2.840.10008.5.1.4.1.1.104.1';

/** Series description prefix of every exported series: the research-use label first, as viewers truncate. */
export const RESEARCH_USE_SERIES_PREFIX = 'RESEARCH USE ONLY';

export interface ExportIdentity {
  /** Patient, General Study, SOP Common and equipment attributes shared by every object. */
  common: NaturalDataset;
  studyInstanceUid: string;
  frameOfReferenceUid: string;
  /** The pre-treatment CT as recorded at ingest, when the plan's CT was DICOM. */
  source: DicomSourceReference | undefined;
  /** A UID for `role` (e.g. "series/ct-sample/2/0"), stable for this plan. */
  uid(role: string): string;
  /** DICOM DA and TM of the plan's creation (every object's content date and time). */
  date: string;
  time: string;
  softwareVersion: string;
}

/** Text safe for DICOM's default character repertoire: printable ASCII, at most `max` characters. */
export function ascii(text: string, max: number): string {
  return text.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(/\\/g, '/').slice(0, max).trim();
}

/**
 * @param planKey identifies the plan: the sha256 of its report.json, so the same plan always gives the
 *   same UIDs and two plans never share one
 */
export function exportIdentity(report: PlanReport, planKey: string): ExportIdentity {
  const uid = (role: string) => uidFromHmac(`mewm-export:${planKey}`, role);
  const created = new Date(report.createdAt);
  const date = created.toISOString().slice(0, 10).replace(/-/g, '');
  const time = created.toISOString().slice(11, 19).replace(/:/g, '');
  const source = report.inputs.dicom;
  const patientStudy: Record<string, string> = source ? { ...source.patientStudy } : {
    PatientName: ascii(report.case.pseudonym, 64), PatientID: ascii(report.case.pseudonym, 64), PatientBirthDate: '', PatientSex: '',
    StudyDate: date, StudyTime: time, StudyID: 'MEWM', AccessionNumber: '', ReferringPhysicianName: '',
    StudyDescription: ascii(`MeWM plan (${RESEARCH_USE_LABEL})`, 64),
  };
  const studyInstanceUid = source?.studyInstanceUid ?? uid('study');
  const frameOfReferenceUid = source?.frameOfReferenceUid ?? uid('frame-of-reference');
  const softwareVersion = ascii(report.software.version, 64);
  const common: NaturalDataset = {
    SpecificCharacterSet: 'ISO_IR 100',
    ...patientStudy,
    // The data were de-identified on ingest (PS3.15 basic profile); these objects add no identifier.
    PatientIdentityRemoved: 'YES',
    DeidentificationMethod: 'MeWM: from data de-identified on ingest (PS3.15 basic profile)',
    StudyInstanceUID: studyInstanceUid,
    Manufacturer: 'MeWM (open-source research software)',
    ManufacturerModelName: 'mewm',
    DeviceSerialNumber: `mewm-${softwareVersion}`.slice(0, 64),
    SoftwareVersions: softwareVersion,
    InstanceCreationDate: date,
    InstanceCreationTime: time,
    ContentDate: date,
    ContentTime: time,
  };
  return { common, studyInstanceUid, frameOfReferenceUid, source, uid, date, time, softwareVersion };
}

/**
 * The de-identified DICOM identity of a CT series that entered through our ingest: what a DICOM
 * object derived from it (a simulated CT series, a SEG, an SR) must reference and repeat so that a PACS
 * files it in the same pseudonymous patient and study. Every value here was written by our
 * de-identification (PS3.15 basic profile): UIDs are replacements, dates are shifted, names are the
 * case pseudonym; nothing identifies the patient. Recorded by ingest, kept with a web series and in a
 * plan's report.json (`inputs.dicom`).
 */
import { z } from 'zod';

/** A DICOM UID (PS3.5 9.1): dot-separated decimal components, no leading zeros, at most 64 characters. */
export const dicomUidSchema = z.string().max(64).regex(/^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/, 'not a DICOM UID');

/** Patient and General Study module values of the de-identified series, as strings ('' when absent). */
export const DICOM_REFERENCE_PATIENT_STUDY_KEYWORDS = [
  'PatientName', 'PatientID', 'PatientBirthDate', 'PatientSex',
  'StudyDate', 'StudyTime', 'StudyID', 'AccessionNumber', 'ReferringPhysicianName', 'StudyDescription',
] as const;
export type DicomReferencePatientStudyKeyword = (typeof DICOM_REFERENCE_PATIENT_STUDY_KEYWORDS)[number];

export const dicomSourceReferenceSchema = z.strictObject({
  studyInstanceUid: dicomUidSchema,
  seriesInstanceUid: dicomUidSchema,
  /** null when the series had none (a derived object then gets a new one). */
  frameOfReferenceUid: dicomUidSchema.nullable(),
  /** SOP Class of the series' images (CT Image Storage, Enhanced CT, …). */
  sopClassUid: dicomUidSchema,
  /** One entry per volume slice k = 0 … nz − 1: the instance, and its 1-based frame when multi-frame. */
  slices: z.array(z.strictObject({
    sopInstanceUid: dicomUidSchema,
    frameNumber: z.number().int().positive().optional(),
  })).min(1),
  patientStudy: z.strictObject(Object.fromEntries(DICOM_REFERENCE_PATIENT_STUDY_KEYWORDS.map((k) => [k, z.string().max(1024)])) as
    Record<DicomReferencePatientStudyKeyword, z.ZodString>),
});

export type DicomSourceReference = z.infer<typeof dicomSourceReferenceSchema>;

/** The plan PDF as an Encapsulated PDF instance (PS3.3 A.45.1), in its own DOC series of the plan's study. */
import { RESEARCH_USE_LABEL } from '@mewm/contracts';
import { ENCAPSULATED_PDF_STORAGE, type ExportIdentity } from './export-identity.ts';
import type { NaturalDataset } from './part10.ts';

export interface EncapsulatedPdfOptions { sopInstanceUid: string; seriesInstanceUid: string; seriesNumber: number }

export function encapsulatedPdfDataset(pdf: Uint8Array, identity: ExportIdentity, o: EncapsulatedPdfOptions): NaturalDataset {
  if (!(pdf.length >= 5 && String.fromCharCode(...pdf.subarray(0, 5)) === '%PDF-')) throw new TypeError('report.pdf is not a PDF');
  // OB values have even length: a trailing NUL pads an odd document (PS3.3 C.24.2.1: the length attribute keeps the true size)
  const padded = new Uint8Array(pdf.length + (pdf.length % 2));
  padded.set(pdf);
  return {
    ...identity.common,
    SOPClassUID: ENCAPSULATED_PDF_STORAGE,
    SOPInstanceUID: o.sopInstanceUid,
    Modality: 'DOC',
    SeriesInstanceUID: o.seriesInstanceUid,
    SeriesNumber: o.seriesNumber,
    SeriesDescription: 'RESEARCH USE ONLY: MeWM plan report (PDF)',
    ConversionType: 'WSD',
    InstanceNumber: 1,
    AcquisitionDateTime: `${identity.date}${identity.time}`,
    BurnedInAnnotation: 'NO',
    DocumentTitle: `MeWM treatment plan report (${RESEARCH_USE_LABEL})`.slice(0, 1024),
    ConceptNameCodeSequence: [],
    MIMETypeOfEncapsulatedDocument: 'application/pdf',
    EncapsulatedDocument: [padded.buffer],
    EncapsulatedDocumentLength: pdf.length,
    _vrMap: { EncapsulatedDocument: 'OB' },
  };
}

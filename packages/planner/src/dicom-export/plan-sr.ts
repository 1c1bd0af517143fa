/**
 * The plan's measurements and ranking as a DICOM Comprehensive 3D SR following TID 1500 (Imaging
 * Measurement Report), built with dcmjs's SR content items, templates and document class:
 *  - each baseline lesion as a TID 1411 volumetric group: tracking identifier, "baseline" time point,
 *    finding (neoplasm) and site (liver), the lesion's segment in the lesion SEG, its volume (mL) and
 *    longest axial diameter (mm);
 *  - each candidate, in rank order, as a TID 1501 group: rank, RMST (mean and interval), log-risk,
 *    P(best), the treatment; and each of its simulated samples as a TID 1501 group: what the critic
 *    measured on the simulated image (viable volume, necrosis, Lipiodol, mRECIST) and its scores.
 * Concepts without a standard code use the local scheme 99MEWM (declared in Coding Scheme
 * Identification); units are UCUM. The research-use label and the model versions close the report.
 *
 * dcmjs 0.50's SR templates carry a few defects that we work around, not copy: `Measurement` throws for
 * every TrackingIdentifier, `ReferencedSegmentation` passes misspelt options to `ImageContentItem`
 * (and that class drops Referenced Segment Number), and the group templates print their measurements to
 * the console. The groups are therefore assembled from dcmjs's content items directly.
 */
import dcmjs, { type CodedConcept as CodedConceptType } from 'dcmjs';
import { RESEARCH_USE_SENTENCE, sampleLabel, sampleNumber, type PlanReport } from '@mewm/contracts';
import { ascii, COMPREHENSIVE_3D_SR_STORAGE, SEGMENTATION_STORAGE, type ExportIdentity } from './export-identity.ts';
import type { NaturalDataset } from './part10.ts';

const { CodedConcept } = dcmjs.sr.coding;
const V = dcmjs.sr.valueTypes;
const T = dcmjs.sr.templates;
const R = V.RelationshipTypes;

export const LOCAL_SCHEME = '99MEWM';
const dcm = (value: string, meaning: string) => new CodedConcept({ value, meaning, schemeDesignator: 'DCM' });
const sct = (value: string, meaning: string) => new CodedConcept({ value, meaning, schemeDesignator: 'SCT' });
const local = (value: string, meaning: string) => new CodedConcept({ value, meaning, schemeDesignator: LOCAL_SCHEME });
const ucum = (value: string, meaning: string) => new CodedConcept({ value, meaning, schemeDesignator: 'UCUM' });

const UNIT = { ml: ucum('ml', 'milliliter'), mm: ucum('mm', 'millimeter'), month: ucum('mo', 'month'), none: ucum('1', 'no units'), percent: ucum('%', 'percent') };
const CONCEPT = {
  volume: sct('118565006', 'Volume'),
  longAxis: sct('103339001', 'Long Axis'),
  neoplasm: sct('108369006', 'Neoplasm'),
  liver: sct('10200004', 'Liver'),
  findingSite: sct('363698007', 'Finding Site'),
  finding: dcm('121071', 'Finding'),
  referencedSegment: dcm('121191', 'Referenced Segment'),
  sourceSeriesForSegmentation: dcm('121232', 'Source series for segmentation'),
  measurementGroup: dcm('125007', 'Measurement Group'),
  timePoint: new CodedConcept({ value: 'C2348792', meaning: 'Time Point', schemeDesignator: 'UMLS' }),
  computedTomography: sct('77477000', 'Computerized axial tomography'),
  device: dcm('121007', 'Device'),
  rank: local('RANK', 'Rank among candidates'),
  rmst: local('RMST', 'Predicted restricted mean survival time'),
  rmstLow: local('RMST-LO', 'Predicted RMST, interval lower bound'),
  rmstHigh: local('RMST-HI', 'Predicted RMST, interval upper bound'),
  logRisk: local('LOG-RISK', 'Predicted log relative risk'),
  pBest: local('P-BEST', 'Probability of the highest expected RMST'),
  treatment: local('TREATMENT', 'Treatment candidate'),
  sampleIndex: local('SAMPLE', 'Simulated follow-up sample number'),
  viableVolume: local('VIABLE-VOLUME', 'Viable tumour volume on the simulated image'),
  necrosis: local('NECROSIS', 'Necrotic fraction of the tumour on the simulated image'),
  lipiodol: local('LIPIODOL', 'Lipiodol coverage on the simulated image'),
  mrecist: local('MRECIST', 'mRECIST response on the simulated image'),
  simulatedSeries: local('SIM-SERIES', 'Simulated follow-up CT series'),
  researchUse: local('RESEARCH-USE', 'Intended use and models'),
};

export interface PlanSrOptions {
  sopInstanceUid: string;
  seriesInstanceUid: string;
  seriesNumber: number;
  /** The lesion SEG (segment n = report.lesions[n − 1]) and the series it segments. */
  lesionSeg: { sopInstanceUid: string; seriesInstanceUid: string; segmentOfLesion: ReadonlyMap<number, number> } | undefined;
  sourceSeriesInstanceUid: string;
  /** The simulated CT series of candidate `rank`'s sample `index`, when exported. */
  simulatedSeries(rank: number, index: number): string | undefined;
  /** Instances the report refers to (Pertinent Other Evidence): all in the plan's study. */
  evidence: Array<{ seriesInstanceUid: string; sopClassUid: string; sopInstanceUid: string }>;
}

function num(name: CodedConceptType, value: number, unit: CodedConceptType) {
  return new V.NumContentItem({ name, value: Number(value.toPrecision(6)), unit, relationshipType: R.CONTAINS });
}
function text(name: CodedConceptType, value: string, relationshipType: string = R.CONTAINS) {
  return new V.TextContentItem({ name, value: ascii(value, 1024) || '-', relationshipType });
}
function group(trackingIdentifier: string, trackingUid: string, timePoint: string, items: object[]) {
  const container = new V.ContainerContentItem({ name: CONCEPT.measurementGroup, relationshipType: R.CONTAINS });
  container.ContentSequence = [
    ...new T.TrackingIdentifier({ identifier: ascii(trackingIdentifier, 64), uid: trackingUid }),
    ...new T.TimePointContext({ timePoint }),
    ...items,
  ];
  return container;
}

export function planSrDataset(report: PlanReport, identity: ExportIdentity, o: PlanSrOptions): NaturalDataset {
  const groups: object[] = [];
  for (const lesion of report.lesions) {
    const segment = o.lesionSeg?.segmentOfLesion.get(lesion.label);
    const reference = o.lesionSeg && segment !== undefined ? (() => {
      const image = new V.ImageContentItem({
        name: CONCEPT.referencedSegment, relationshipType: R.CONTAINS,
        referencedSOPClassUID: SEGMENTATION_STORAGE, referencedSOPInstanceUID: o.lesionSeg.sopInstanceUid,
      });
      image.ReferencedSOPSequence[0]!.ReferencedSegmentNumber = segment;
      return [image, new V.UIDRefContentItem({ name: CONCEPT.sourceSeriesForSegmentation, value: o.sourceSeriesInstanceUid, relationshipType: R.CONTAINS })];
    })() : [];
    groups.push(group(`Lesion ${lesion.label}`, identity.uid(`sr/lesion/${lesion.label}`), 'baseline', [
      new V.CodeContentItem({ name: CONCEPT.finding, value: CONCEPT.neoplasm, relationshipType: R.CONTAINS }),
      new V.CodeContentItem({ name: CONCEPT.findingSite, value: CONCEPT.liver, relationshipType: R.HAS_CONCEPT_MOD }),
      ...reference,
      num(CONCEPT.volume, lesion.volumeMl, UNIT.ml),
      num(CONCEPT.longAxis, lesion.longestAxialDiameterMm, UNIT.mm),
    ]));
  }
  for (const c of report.candidates) {
    const a = c.aggregate;
    groups.push(group(`Candidate ${c.rank}: ${c.name}`, identity.uid(`sr/candidate/${c.rank}`), 'simulated follow-up', [
      text(CONCEPT.treatment, `${c.name}: ${c.description}`),
      num(CONCEPT.rank, c.rank, UNIT.none),
      num(CONCEPT.rmst, a.rmstMonths.mean, UNIT.month),
      num(CONCEPT.rmstLow, a.rmstMonths.lo, UNIT.month),
      num(CONCEPT.rmstHigh, a.rmstMonths.hi, UNIT.month),
      num(CONCEPT.logRisk, a.logRisk.mean, UNIT.none),
      num(CONCEPT.pBest, a.pBest, UNIT.none),
    ]));
    for (const s of c.samples) {
      const series = o.simulatedSeries(c.rank, s.index);
      groups.push(group(`Candidate ${c.rank}: ${c.name}, ${sampleLabel(s.index)}`, identity.uid(`sr/candidate/${c.rank}/sample/${s.index}`), 'simulated follow-up', [
        num(CONCEPT.sampleIndex, sampleNumber(s.index), UNIT.none),
        ...(series ? [new V.UIDRefContentItem({ name: CONCEPT.simulatedSeries, value: series, relationshipType: R.CONTAINS })] : []),
        num(CONCEPT.viableVolume, s.viableVolumeMl, UNIT.ml),
        num(CONCEPT.necrosis, s.necrosisFraction * 100, UNIT.percent),
        num(CONCEPT.lipiodol, s.lipiodolCoverage * 100, UNIT.percent),
        text(CONCEPT.mrecist, s.mrecist),
        num(CONCEPT.rmst, s.rmstMonths, UNIT.month),
        num(CONCEPT.logRisk, s.logRisk, UNIT.none),
      ]));
    }
  }

  const observer = new T.ObserverContext({
    observerType: CONCEPT.device,
    observerIdentifyingAttributes: new T.DeviceObserverIdentifyingAttributes({
      uid: identity.uid('device-observer'), manufacturerName: 'MeWM (open-source research software)', modelName: `mewm ${identity.softwareVersion}`,
    }),
  });
  const [root] = new T.MeasurementReport({
    languageOfContentItemAndDescendants: new T.LanguageOfContentItemAndDescendants({}),
    observationContext: observer,
    procedureReported: CONCEPT.computedTomography,
    imagingMeasurements: groups,
  });
  const m = report.models;
  root!.ContentSequence!.push(text(CONCEPT.researchUse,
    `${RESEARCH_USE_SENTENCE} Simulated outcomes from models: dynamics ${m.dynamics.name} ${m.dynamics.version}; ` +
    `renderer ${m.renderer.name} ${m.renderer.version}; risk ${m.risk.name} ${m.risk.version}.`));

  const doc = new dcmjs.sr.documents.Comprehensive3DSR({
    evidence: o.evidence.map((e) => ({ StudyInstanceUID: identity.studyInstanceUid, SeriesInstanceUID: e.seriesInstanceUid, SOPClassUID: e.sopClassUid, SOPInstanceUID: e.sopInstanceUid })),
    content: root!,
    seriesInstanceUID: o.seriesInstanceUid,
    seriesNumber: o.seriesNumber,
    seriesDescription: 'RESEARCH USE ONLY: MeWM plan measurements (TID 1500)',
    sopInstanceUID: o.sopInstanceUid,
    instanceNumber: 1,
    manufacturer: 'MeWM (open-source research software)',
    isComplete: true,
    isVerified: false,
    isFinal: false,
  });
  return {
    ...plainDataset(doc),
    ...identity.common,
    SOPClassUID: COMPREHENSIVE_3D_SR_STORAGE,
    Modality: 'SR',
    InstanceNumber: 1,
    CodingSchemeIdentificationSequence: [{
      CodingSchemeDesignator: LOCAL_SCHEME,
      CodingSchemeName: 'MeWM local concepts',
      CodingSchemeResponsibleOrganization: 'MeWM project',
    }],
  };
}

/** dcmjs's content items are class instances (some with accessors); the encoder wants plain data. */
function plainDataset(doc: object): NaturalDataset {
  return JSON.parse(JSON.stringify(doc)) as NaturalDataset;
}

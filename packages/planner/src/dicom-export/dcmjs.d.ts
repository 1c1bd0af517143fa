/**
 * Minimal typing for the parts of dcmjs 0.50 that the DICOM export uses (dcmjs ships no types).
 * Data sets are "naturalized": attribute keywords as keys, sequences as arrays of data sets.
 */
declare module 'dcmjs' {
  type NaturalDataset = Record<string, unknown>;
  interface CodedConceptOptions { value: string; meaning: string; schemeDesignator: string; schemeVersion?: string }
  export class CodedConcept {
    constructor(options: CodedConceptOptions);
    CodeValue: string;
    CodeMeaning: string;
    CodingSchemeDesignator: string;
  }
  interface ContentItemBase { RelationshipType?: string; ValueType: string; ContentSequence?: object[]; [key: string]: unknown }
  interface ItemOptions { name: CodedConcept; relationshipType?: string }
  const dcmjs: {
    log: { setLevel(level: string): void };
    data: {
      DicomMetaDictionary: {
        denaturalizeDataset(dataset: NaturalDataset): Record<string, unknown>;
        naturalizeDataset(dict: Record<string, unknown>): NaturalDataset;
      };
      DicomDict: new (meta: Record<string, unknown>) => { dict: Record<string, unknown>; write(options?: { fragmentMultiframe?: boolean }): ArrayBuffer };
      DicomMessage: { readFile(buffer: ArrayBuffer, options?: { ignoreErrors?: boolean }): { meta: Record<string, unknown>; dict: Record<string, unknown> } };
    };
    sr: {
      coding: { CodedConcept: typeof CodedConcept };
      valueTypes: {
        RelationshipTypes: Record<'CONTAINS' | 'HAS_ACQ_CONTENT' | 'HAS_CONCEPT_MOD' | 'HAS_OBS_CONTEXT' | 'HAS_PROPERTIES' | 'INFERRED_FROM' | 'SELECTED_FROM', string>;
        ContainerContentItem: new (o: ItemOptions & { templateID?: string; isContentContinuous?: boolean }) => ContentItemBase;
        NumContentItem: new (o: ItemOptions & { value: number; unit: CodedConcept }) => ContentItemBase;
        TextContentItem: new (o: ItemOptions & { value: string }) => ContentItemBase;
        CodeContentItem: new (o: ItemOptions & { value: CodedConcept }) => ContentItemBase;
        UIDRefContentItem: new (o: ItemOptions & { value: string }) => ContentItemBase;
        ImageContentItem: new (o: ItemOptions & { referencedSOPClassUID: string; referencedSOPInstanceUID: string; referencedFrameNumbers?: number[] }) => ContentItemBase & { ReferencedSOPSequence: Array<Record<string, unknown>> };
        CompositeContentItem: new (o: ItemOptions & { referencedSOPClassUID: string; referencedSOPInstanceUID: string }) => ContentItemBase;
      };
      templates: {
        MeasurementReport: new (o: {
          languageOfContentItemAndDescendants: object; observationContext: object; procedureReported: CodedConcept | CodedConcept[];
          imagingMeasurements?: object[];
        }) => ContentItemBase[];
        LanguageOfContentItemAndDescendants: new (o: { language?: CodedConcept }) => object[];
        ObservationContext: new (o: { observerPersonContext: object; observerDeviceContext?: object }) => object[];
        ObserverContext: new (o: { observerType: CodedConcept; observerIdentifyingAttributes: object }) => object[];
        PersonObserverIdentifyingAttributes: new (o: { name: string }) => object[];
        DeviceObserverIdentifyingAttributes: new (o: { uid: string; manufacturerName?: string; modelName?: string; serialNumber?: string }) => object[];
        TrackingIdentifier: new (o: { uid: string; identifier?: string }) => ContentItemBase[];
        TimePointContext: new (o: { timePoint: string }) => ContentItemBase[];
      };
      documents: {
        Comprehensive3DSR: new (o: {
          evidence: NaturalDataset[]; content: ContentItemBase; seriesInstanceUID: string; seriesNumber: number; seriesDescription: string;
          sopInstanceUID: string; instanceNumber: number; manufacturer: string; isComplete?: boolean; isVerified?: boolean; isFinal?: boolean;
        }) => NaturalDataset;
      };
    };
  };
  export default dcmjs;
}

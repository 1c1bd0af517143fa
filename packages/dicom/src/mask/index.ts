/** Masks: conforming label maps to a CT grid, and reading DICOM SEG. */
export * from './conform-mask.ts';
export * from './read-dicom-seg.ts';

/**
 * @mewm/dicom: CT and masks in, correct volumes out.
 * Public surface of the package; modules are grouped by concern in sub-folders, each with a barrel.
 */
export * from './errors.ts';
export * from './geometry.ts';
export * from './volume.ts';
export * from './input/index.ts';
export * from './io/index.ts';
export * from './dicom/index.ts';
export * from './codecs/index.ts';
export * from './deid/index.ts';
export * from './nifti/index.ts';
export * from './ops/index.ts';
export * from './mask/index.ts';
export * from './segment/index.ts';
export * from './ingest/index.ts';
export * from './dicomweb/index.ts';

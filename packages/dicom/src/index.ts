/**
 * @mewm/dicom: CT and masks in, correct volumes out.
 * Public surface of the package; modules are grouped by concern in sub-folders.
 */
export * from './errors.ts';
export * from './geometry.ts';
export * from './volume.ts';

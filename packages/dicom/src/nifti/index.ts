/** NIfTI-1 input and output (single file .nii / .nii.gz). */
export * from './read-nifti.ts';
export * from './read-nifti-labels.ts';
export * from './write-nifti.ts';
export { decodeNifti, DEFAULT_NIFTI_MAX_VOXELS, type DecodedNifti, type NiftiHeaderInfo, type RawVoxels } from './decode-nifti.ts';
export { parseNiftiHeader, NIFTI_DATATYPES, type NiftiDatatypeName, type NiftiRawHeader } from './nifti-header.ts';
export { qformToAffine, affineToQform, type Qform } from './nifti-quaternion.ts';
export { isGzip } from './nifti-bytes.ts';

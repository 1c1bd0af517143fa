/**
 * Compressed (encapsulated) pixel data: JPEG 2000, JPEG Lossless, JPEG-LS, 8-bit JPEG and RLE.
 */
export * from './frame-info.ts';
export * from './transfer-syntaxes.ts';
export * from './decode-encapsulated-frame.ts';
export { decodeRleFrame, unpackBits, type RleFrameShape } from './rle-decoder.ts';

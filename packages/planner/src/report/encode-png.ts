/**
 * PNG encoding of 8-bit images with pngjs (pure JavaScript, no native code).
 */
import { PNG } from 'pngjs';
import { ReportInputError } from './report-errors.ts';

export interface RasterImage {
  widthPx: number;
  heightPx: number;
  /** 1 = grey, 3 = RGB; samples row-major, column fastest, channels interleaved. */
  channels: 1 | 3;
  data: Uint8Array;
}

/** Encode a grey or RGB raster as PNG bytes (8 bits per sample). */
export function encodePng(img: RasterImage): Uint8Array {
  const { widthPx, heightPx, channels, data } = img;
  if (!Number.isInteger(widthPx) || !Number.isInteger(heightPx) || widthPx < 1 || heightPx < 1) {
    throw new ReportInputError(`encodePng: width and height must be positive integers, got ${widthPx} × ${heightPx}`);
  }
  if (data.length !== widthPx * heightPx * channels) {
    throw new ReportInputError(`encodePng: data has ${data.length} samples, ${widthPx} × ${heightPx} × ${channels} expected`);
  }
  const colorType = channels === 1 ? 0 : 2;
  const png = new PNG({ width: widthPx, height: heightPx, colorType, inputColorType: colorType, inputHasAlpha: false, bitDepth: 8 });
  png.data = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const bytes = PNG.sync.write(png, { colorType, inputColorType: colorType, inputHasAlpha: false, bitDepth: 8, deflateLevel: 6 });
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Decode PNG bytes to RGBA (for tests and checks). */
export function decodePngRgba(bytes: Uint8Array): { widthPx: number; heightPx: number; rgba: Uint8Array } {
  const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return { widthPx: png.width, heightPx: png.height, rgba: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength) };
}

/** Width and height of a PNG from its IHDR chunk (no decoding). */
export function pngSize(bytes: Uint8Array): { widthPx: number; heightPx: number } {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || sig.some((b, i) => bytes[i] !== b)) throw new ReportInputError('not a PNG image (bad signature)');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { widthPx: dv.getUint32(16), heightPx: dv.getUint32(20) };
}

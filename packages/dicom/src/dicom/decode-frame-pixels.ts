/**
 * decodeFramePixels: one frame of an instance → its stored pixel values (before rescale).
 * Native transfer syntaxes are read here; encapsulated ones are decoded by the codecs module,
 * loaded on first use so that uncompressed series never load the WebAssembly codecs.
 */
import { DicomParseError, DicomUnsupportedError, InputError, describeThrown } from '../errors.ts';
import { MewmError } from '@mewm/contracts';
import type { FrameInfo } from '../codecs/index.ts';
import type { DicomInstance } from './dicom-instance.ts';
import { extractEncapsulatedFrame } from './encapsulated-frame.ts';
import { decodeNativeFrame, type NativePixels } from './native-pixels.ts';
import { TAGS } from './tags.ts';
import { isNativeTransferSyntax } from './transfer-syntax.ts';

export type FramePixels = NativePixels;

/**
 * Decode frame `frameIndex` (0-based) of `inst`.
 * @returns stored values, samples interleaved, i (column) fastest then j (row); signedness per
 *   PixelRepresentation (signed 8-bit comes back as Int16Array). The array may be a view over
 *   the file bytes: treat it as read-only.
 * @throws InputError for a frame index outside [0, NumberOfFrames − 1]; DicomUnsupportedError
 *   for an instance without PixelData or an unsupported transfer syntax / bit depth;
 *   DicomParseError for truncated or inconsistent pixel data.
 */
export async function decodeFramePixels(inst: DicomInstance, frameIndex: number): Promise<FramePixels> {
  const el = inst.dataSet.elements[TAGS.pixelData.tag];
  if (!inst.hasPixelData || el === undefined) {
    throw new DicomUnsupportedError(`${inst.source}: no PixelData (7FE0,0010) to decode (SOP class ${inst.sopClassUid || 'unknown'})`);
  }
  if (!Number.isInteger(frameIndex) || frameIndex < 0 || frameIndex >= inst.numberOfFrames) {
    throw new InputError(`frameIndex must be an integer in [0, ${inst.numberOfFrames - 1}], got ${frameIndex}`);
  }
  if (isNativeTransferSyntax(inst.transferSyntaxUid)) return decodeNativeFrame(inst, el, frameIndex);
  return decodeEncapsulated(inst, el, frameIndex);
}

async function decodeEncapsulated(
  inst: DicomInstance, el: NonNullable<DicomInstance['dataSet']['elements'][string]>, frameIndex: number,
): Promise<FramePixels> {
  const codecs = await import('../codecs/index.ts');
  if (!codecs.isEncapsulatedTransferSyntax(inst.transferSyntaxUid)) {
    throw new DicomUnsupportedError(`${inst.source}: transfer syntax ${inst.transferSyntaxUid} is not supported`);
  }
  const encoded = extractEncapsulatedFrame(inst, el, frameIndex);
  const info: FrameInfo = {
    rows: inst.rows,
    columns: inst.columns,
    bitsAllocated: inst.bitsAllocated,
    bitsStored: inst.bitsStored,
    pixelRepresentation: inst.pixelRepresentation,
    samplesPerPixel: inst.samplesPerPixel,
    photometricInterpretation: inst.photometricInterpretation,
  };
  let decoded: FramePixels;
  try {
    decoded = await codecs.decodeEncapsulatedFrame(encoded, inst.transferSyntaxUid, info);
  } catch (e) {
    if (e instanceof MewmError) throw e;
    throw new DicomParseError(`frame ${frameIndex + 1} could not be decoded (${describeThrown(e).slice(0, 200)})`, {
      source: inst.source,
    });
  }
  const expected = inst.rows * inst.columns * inst.samplesPerPixel;
  if (decoded.length !== expected) {
    throw new DicomParseError(
      `frame ${frameIndex + 1} decoded to ${decoded.length} samples; Rows × Columns × SamplesPerPixel is ${expected}`,
      { source: inst.source },
    );
  }
  return decoded;
}

/**
 * One entry point for every compressed transfer syntax: pick the codec, decode, check the
 * output against the header, return stored values.
 */
import { DicomParseError, DicomUnsupportedError, describeThrown } from '../errors.ts';
import { MewmError } from '@mewm/contracts';
import { validateFrameInfo, type FrameInfo, type StoredPixels } from './frame-info.ts';
import { decodeJpeg2000 } from './jpeg2000-decoder.ts';
import { decodeJpegBaseline } from './jpeg-baseline-decoder.ts';
import { decodeJpegLossless } from './jpeg-lossless-decoder.ts';
import { decodeJpegLs } from './jpeg-ls-decoder.ts';
import { decodeRleFrame } from './rle-decoder.ts';
import { toStoredPixels, type DecodedImage } from './stored-pixels.ts';
import { describeTransferSyntax, findTransferSyntax, type CodecId } from './transfer-syntaxes.ts';

/**
 * Decode one encapsulated frame (all fragments of the frame, concatenated) to stored values.
 *
 * Output: Uint8Array for Bits Allocated 8; Uint16Array for 16 unsigned; Int16Array for 16 with
 * Pixel Representation 1, sign-extended from Bits Stored. Length is rows × columns × samplesPerPixel,
 * pixel-interleaved (sample fastest, then columns, then rows) for colour. Rescale (HU) is not applied.
 *
 * @param encoded the frame's compressed bytes (not modified)
 * @param transferSyntaxUid (0002,0010), trailing NUL/space padding allowed
 * @param info the frame's pixel module attributes
 * @throws DicomUnsupportedError naming the transfer syntax when it is not encapsulated or we cannot
 *   decode it, or when `info` describes a layout we do not decode (Bits Allocated other than 8/16, ...);
 *   DicomParseError when the stream is corrupt, truncated, or decodes to a size other than the header's;
 *   InputTooLargeError for a frame above MAX_FRAME_SAMPLES.
 */
export async function decodeEncapsulatedFrame(encoded: Uint8Array, transferSyntaxUid: string, info: FrameInfo): Promise<StoredPixels> {
  const entry = findTransferSyntax(transferSyntaxUid);
  if (!entry?.encapsulated || !entry.supported || !entry.codec) {
    const what = describeTransferSyntax(transferSyntaxUid);
    throw new DicomUnsupportedError(
      entry && !entry.encapsulated ? `${what} is not a compressed transfer syntax` : `compressed pixel data in ${what} is not supported`,
    );
  }
  validateFrameInfo(info);
  if (!(encoded instanceof Uint8Array) || encoded.length === 0) {
    throw new DicomParseError(`${entry.name}: frame has no compressed bytes`);
  }
  try {
    if (entry.codec === 'rle') return decodeRle(encoded, info);
    const image = await decodeWith(entry.codec, encoded, info);
    return toStoredPixels(image, info, entry.name);
  } catch (thrown) {
    if (thrown instanceof MewmError) throw thrown;
    throw new DicomParseError(`${entry.name}: ${describeThrown(thrown)}`, { cause: thrown });
  }
}

function decodeWith(codec: Exclude<CodecId, 'rle'>, encoded: Uint8Array, info: FrameInfo): Promise<DecodedImage> {
  switch (codec) {
    case 'jpeg2000':
      return decodeJpeg2000(encoded, info);
    case 'jpeg-ls':
      return decodeJpegLs(encoded, info);
    case 'jpeg-lossless':
      return decodeJpegLossless(encoded, info);
    case 'jpeg-baseline':
      return decodeJpegBaseline(encoded, info);
  }
}

function decodeRle(encoded: Uint8Array, info: FrameInfo): StoredPixels {
  const data = decodeRleFrame(encoded, info);
  const image: DecodedImage = {
    width: info.columns,
    height: info.rows,
    components: info.samplesPerPixel,
    bytesPerSample: info.bitsAllocated === 8 ? 1 : 2,
    signed: false,
    data,
  };
  return toStoredPixels(image, info, 'RLE Lossless');
}

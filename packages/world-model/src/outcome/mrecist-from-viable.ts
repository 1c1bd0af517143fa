/**
 * mRECIST category of one lesion from its viable volume fraction (Lencioni & Llovet 2010): CR when no
 * viable tumour is left, PR when the viable diameter has fallen by ≥ 30 %, PD when it has grown by
 * ≥ 20 %, SD otherwise. Diameters come from volumes through the spherical-lesion exponent 1/3.
 */
import type { MrecistResponse } from '../lesion-outcome.ts';
import type { ParameterReader } from './parameter-reader.ts';

export function mrecistFromViableFraction(viableFraction: number, read: ParameterReader): MrecistResponse {
  if (viableFraction <= 0) return 'CR';
  const ratio = Math.pow(viableFraction, read('outcome.viableDiameterFromVolumeExponent'));
  if (ratio <= read('mrecist.partialResponseDiameterRatio')) return 'PR';
  if (ratio >= read('mrecist.progressionDiameterRatio')) return 'PD';
  return 'SD';
}

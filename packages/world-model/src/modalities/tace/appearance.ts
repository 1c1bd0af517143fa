/**
 * What follow-up CT shows after TACE: necrosis of the responding part, and after cTACE (Lipiodol among
 * the embolics) dense Lipiodol deposits in part of the necrotic tumour, at hundreds of HU.
 *
 * The 24-hour MDCT figures (coverage 72.2 ± 23.1 %, tumour-to-liver contrast 283 ± 152 HU) are drawn
 * from distributions that keep them in their natural range without a clamp that collects draws: coverage
 * from a beta with that mean and SD, contrast from a log-normal with that mean and SD (both shapes
 * ASSUMED). The contrast then washes out towards the follow-up day with an ASSUMED half-life; the
 * 365 HU massive-necrosis criterion (CVIR 1993) is not used as a floor.
 */
import type { Rng } from '../../random.ts';
import type { ParameterReader } from '../../outcome/parameter-reader.ts';
import { betaWithMeanSd, logNormalWithMeanSd } from '../../outcome/sample-helpers.ts';
import type { AppearanceFields } from '../modality-definition.ts';
import type { TaceComponent } from './schema.ts';

/** Day of the MDCT measurement the Lipiodol figures come from (24 h after cTACE). */
const MEASURED_AT_DAYS = 1;

/** Lipiodol deposition (fraction of the necrotic part, mean HU) `followUpDays` after a TACE with Lipiodol. */
export function sampleLipiodol(rng: Rng, read: ParameterReader, followUpDays: number): { fraction: number; hu: number } {
  const fraction = betaWithMeanSd(rng, read('tace.lipiodol.retentionFractionMean'), read('tace.lipiodol.retentionFractionSd'));
  const contrast24h = logNormalWithMeanSd(rng, read('tace.lipiodol.tumourToLiverContrastHu'), read('tace.lipiodol.tumourToLiverContrastSdHu'));
  const washout = Math.pow(2, -Math.max(0, followUpDays - MEASURED_AT_DAYS) / read('tace.lipiodol.contrastHalfLifeDays'));
  const hu = Math.min(read('liver.unenhancedHu') + contrast24h * washout, read('tace.lipiodol.maxHu'));
  return { fraction, hu };
}

export function taceAppearance(c: TaceComponent, rng: Rng, read: ParameterReader, followUpDays: number): AppearanceFields {
  if (!c.embolics.includes('lipiodol')) return {};
  const lip = sampleLipiodol(rng.fork('lipiodol'), read, followUpDays);
  return { lipiodolFraction: lip.fraction, lipiodolHu: lip.hu };
}

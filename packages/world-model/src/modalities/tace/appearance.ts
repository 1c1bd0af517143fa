/**
 * What follow-up CT shows after TACE: necrosis of the responding part, and after cTACE (Lipiodol among
 * the embolics) dense Lipiodol deposits in part of the necrotic tumour, at hundreds of HU.
 */
import type { Rng } from '../../random.ts';
import type { ParameterReader } from '../../outcome/parameter-reader.ts';
import { clamp } from '../../outcome/sample-helpers.ts';
import type { AppearanceFields } from '../modality-definition.ts';
import type { TaceComponent } from './schema.ts';

/** Lipiodol deposition (fraction of the necrotic part, mean HU) for a TACE with Lipiodol. */
export function sampleLipiodol(rng: Rng, read: ParameterReader): { fraction: number; hu: number } {
  const fraction = clamp(read('tace.lipiodol.retentionFractionMean') + read('tace.lipiodol.retentionFractionSd') * rng.normal(), 0.05, 1);
  const contrast = read('tace.lipiodol.tumourToLiverContrastHu') + read('tace.lipiodol.tumourToLiverContrastSdHu') * rng.normal();
  const hu = clamp(read('liver.unenhancedHu') + contrast, read('tace.lipiodol.denseMinHu'), read('tace.lipiodol.maxHu'));
  return { fraction, hu };
}

export function taceAppearance(c: TaceComponent, rng: Rng, read: ParameterReader): AppearanceFields {
  if (!c.embolics.includes('lipiodol')) return {};
  const lip = sampleLipiodol(rng.fork('lipiodol'), read);
  return { lipiodolFraction: lip.fraction, lipiodolHu: lip.hu };
}

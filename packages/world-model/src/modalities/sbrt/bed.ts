/**
 * Biologically effective dose of a fractionated radiotherapy course from the linear-quadratic model
 * (Fowler JF, Br J Radiol 1989;62:679–694): BED = n·d·(1 + d / (α/β)), with n fractions of d Gy.
 * Tumour response is conventionally scored with α/β = 10 Gy (BED10); 60 Gy in 3 fractions gives
 * BED10 = 180 Gy.
 */
import { ProtocolValidationError } from '../../errors.ts';

/** α/β of tumour tissue used for BED10, Gy. */
export const TUMOUR_ALPHA_BETA_GY = 10;

/** BED in Gy for `totalDoseGy` given in `fractions` equal fractions. */
export function biologicallyEffectiveDoseGy(totalDoseGy: number, fractions: number, alphaBetaGy: number = TUMOUR_ALPHA_BETA_GY): number {
  if (!Number.isFinite(totalDoseGy) || totalDoseGy <= 0) {
    throw new ProtocolValidationError(`totalDoseGy must be a positive number, got ${totalDoseGy}`);
  }
  if (!Number.isInteger(fractions) || fractions < 1) {
    throw new ProtocolValidationError(`fractions must be a positive integer, got ${fractions}`);
  }
  if (!Number.isFinite(alphaBetaGy) || alphaBetaGy <= 0) {
    throw new ProtocolValidationError(`alphaBetaGy must be a positive number, got ${alphaBetaGy}`);
  }
  const d = totalDoseGy / fractions;
  return totalDoseGy * (1 + d / alphaBetaGy);
}

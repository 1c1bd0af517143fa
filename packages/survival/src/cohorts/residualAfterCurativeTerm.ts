/**
 * The post-treatment residual-tumour term shared by the cohort risk cards (risk-hcc-tace, risk-crlm):
 * residualAfterCurative, the MEASURED residual viable fraction in [0, 1] after a curative-intent
 * treatment (residualViableFraction.ts), times ln(HR) of the HCC-TACE-Seg residual-vs-complete
 * contrast, so a full residual (fraction 1) carries HR 2.32 and a partial one HR 2.32^fraction.
 * The contrast itself was measured as a yes/no (mRECIST not CR vs CR, after TACE); reading it
 * log-linearly in the fraction is an ASSUMPTION, as is its transfer to resection and ablation.
 * Not fitted: the cohorts' cross-validated figures do not include it (every cohort row is read at
 * its cohortConstant).
 */
import type { ExtraTermSpec } from '../cohortRiskModelCard.ts';
import { RESIDUAL_AFTER_CURATIVE_EFFECT } from '../publishedEffects.ts';

export function residualAfterCurativeTerm(options: { readonly curativeModalities: string; readonly transfer: string; readonly cohortConstant: number; readonly cohortReading: string }): ExtraTermSpec {
  const hr = RESIDUAL_AFTER_CURATIVE_EFFECT.hazardRatio.toFixed(2);
  return {
    name: 'residualAfterCurative',
    coefficient: Math.log(RESIDUAL_AFTER_CURATIVE_EFFECT.hazardRatio),
    status: 'assumed',
    plan: { from: 'imaging.residualAfterCurative' },
    coding:
      `measured residual viable fraction after ${options.curativeModalities}: min(1, viable / baseline mRECIST diameter sum), 1 with a confirmed new lesion, ` +
      '0 after a complete treatment (continuous in [0, 1]; a yes/no reading only when the diameter sums are unknown); 0 for every other treatment',
    cohortConstant: options.cohortConstant,
    sources: [RESIDUAL_AFTER_CURATIVE_EFFECT.basis],
    note:
      `ASSUMED HR ${hr} for a full residual (fraction 1): the residual-vs-complete-response contrast measured after TACE for HCC (HCC-TACE-Seg, yes/no), ${options.transfer}; ` +
      `ASSUMED log-linear in the residual fraction (HR ${hr}^fraction: half the viable diameter sum left gives HR ${Math.sqrt(RESIDUAL_AFTER_CURATIVE_EFFECT.hazardRatio).toFixed(2)}); ` +
      `not fitted; ${options.cohortReading}`,
  };
}

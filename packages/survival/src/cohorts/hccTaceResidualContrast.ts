/**
 * The residual-tumour contrast the HCC-TACE-Seg table measures directly: overall survival from the
 * first follow-up scan (landmark) of patients with viable tumour left after TACE (mRECIST not CR by
 * the median of the three readers' categories) vs a complete response. A univariable Cox HR (Efron).
 * The default risk model's residualAfterCurative term uses this figure (an ASSUMED transfer from
 * TACE to curative-intent treatment), not the inverted responder HR of Vincenzi 2015.
 */
import { coxPh } from '../coxPh.ts';
import { readCohortTable } from './readCohortTable.ts';
import { HCC_TACE_MAPPING } from './hccTaceCohort.ts';

export interface ResidualContrast {
  readonly hazardRatio: number;
  readonly lower95: number;
  readonly upper95: number;
  readonly n: number;
  readonly events: number;
  readonly withResidual: number;
}

export function hccTaceResidualTumourContrast(csvText: string): ResidualContrast {
  const mapping = {
    ...HCC_TACE_MAPPING,
    derived: {
      ...HCC_TACE_MAPPING.derived,
      mrecistMedianCategory: { op: 'median' as const, columns: ['1_mRECIST', '2_mRECIST', '3_mRECIST'], note: 'median reader category 1 CR, 2 PR, 3 SD, 4 PD' },
    },
  };
  const read = readCohortTable(csvText, mapping, { residualTumour: { column: 'mrecistMedianCategory', ge: 2 } });
  const fit = coxPh(read.outcome, read.covariates, { ties: 'efron' });
  return {
    hazardRatio: fit.hazardRatio[0]!,
    lower95: fit.hazardRatioLower[0]!,
    upper95: fit.hazardRatioUpper[0]!,
    n: fit.n,
    events: fit.eventCount,
    withResidual: read.covariates.residualTumour!.reduce((a, b) => a + b, 0),
  };
}

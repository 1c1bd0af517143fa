/**
 * The hepatoCellular cohort (R package asaur, CC0; Li et al., PLoS One 2014;9(10):e110064):
 * 227 resected HCC patients, OS in months with a death flag. Parses the CSV text and applies the
 * covariate coding of reference/make-reference.R. The 1/2 group codes are documented without
 * cut-offs, so their meaning below is an assumption (stated in the model card).
 */
import type { SurvivalOutcome } from './outcome.ts';
import type { CohortSource } from '@mewm/models';
import { parseCsvRecords } from './cohorts/cohortCsv.ts';
import { SurvivalInputError } from './errors.ts';
import { applyComparison } from './riskCovariateSources.ts';

/** Covariate name -> coding rule, in model order (the make-reference.R coding). */
export const HCC_COVARIATE_CODING: readonly { readonly name: string; readonly column: string; readonly coding: string; readonly cohort: CohortSource }[] = [
  { name: 'age', column: 'Age', coding: 'age in years (column Age)', cohort: { column: 'Age' } },
  { name: 'afpHigh', column: 'AFP', coding: '1 if AFP group == 2 (elevated serum AFP; the cut-off is not documented, commonly 20 ng/mL), else 0', cohort: { column: 'AFP', eq: 2 } },
  { name: 'tumorLarge', column: 'Tumorsize', coding: '1 if Tumorsize group == 2 (assumed largest tumour > 5 cm; cut-off not documented), else 0', cohort: { column: 'Tumorsize', eq: 2 } },
  { name: 'vascularInvasion', column: 'Vascularinvasion', coding: '1 if vascular invasion (0/1 as recorded; on the resection specimen, so it includes microvascular invasion), else 0', cohort: { column: 'Vascularinvasion' } },
  { name: 'multipleTumors', column: 'Tumormultiplicity', coding: '1 if Tumormultiplicity group == 2 (assumed more than one tumour), else 0', cohort: { column: 'Tumormultiplicity', eq: 2 } },
  { name: 'cirrhosis', column: 'Cirrhosis', coding: '1 if cirrhosis (0/1 as recorded), else 0', cohort: { column: 'Cirrhosis' } },
]

export interface HccCohort {
  readonly outcome: SurvivalOutcome;
  /** Coded covariates, HCC_COVARIATE_CODING order. */
  readonly covariates: Record<string, number[]>;
}

/**
 * Numeric CSV (read by parseCsvRecords) with a header row; cells "NA" or empty become NaN.
 * @throws SurvivalInputError for an empty text, ragged rows or non-numeric cells.
 */
export function parseNumericCsv(text: string): Record<string, number[]> {
  const [header, ...rows] = parseCsvRecords(text).map((r) => r.map((c) => c.trim()));
  const cols: Record<string, number[]> = Object.fromEntries(header!.map((h) => [h, [] as number[]]));
  rows.forEach((cells, r) => {
    cells.forEach((cell, k) => {
      const v = cell === 'NA' || cell === '' ? Number.NaN : Number(cell);
      if (cell !== 'NA' && cell !== '' && !Number.isFinite(v)) throw new SurvivalInputError('csv', `row ${r + 2}, column ${header![k]} is not numeric`);
      cols[header![k]!]!.push(v);
    });
  });
  return cols;
}

/**
 * OS outcome (months, Death 1/0) and coded covariates of the hepatoCellular CSV text.
 * @throws SurvivalInputError for missing columns or missing values in the used columns.
 */
export function hepatoCellularCohort(csvText: string): HccCohort {
  const cols = parseNumericCsv(csvText);
  const need = ['OS', 'Death', ...HCC_COVARIATE_CODING.map((c) => c.column)];
  for (const name of need) {
    const col = cols[name];
    if (!col) throw new SurvivalInputError(`csv.${name}`, 'column missing');
    if (col.some((v) => !Number.isFinite(v))) throw new SurvivalInputError(`csv.${name}`, 'has missing values; the model needs complete cases');
  }
  const col = (name: string): number[] => cols[name]!;
  return {
    outcome: { time: col('OS'), event: col('Death') },
    // Each covariate computed from its column as the card's covariate declaration (cohort side) says.
    covariates: Object.fromEntries(HCC_COVARIATE_CODING.map((c) => {
      const column = col(c.column);
      return [c.name, column.map((v) => applyComparison(c.cohort, v)!)];
    })),
  };
}

/**
 * TCIA Colorectal-Liver-Metastases clinical table (April 2023; CC BY 4.0; doi 10.7937/QXK2-QG03;
 * Simpson AL et al., Scientific Data 2024): patients with pre-operative CT then hepatic resection.
 * Overall survival in months (publisher's dictionary), vital_status 1 = dead.
 */
import type { CohortSource } from '@mewm/models';
import { parseCohortCsv, type CohortCsv } from './cohortCsv.ts';
import type { CohortTableMapping } from './cohortTableMapping.ts';

/** CEA above the upper reference limit (ng/mL): ASSUMED cut-off (a common laboratory limit, not fitted). */
export const CEA_ELEVATED_NG_PER_ML = 5;

export const CRLM_MAPPING: CohortTableMapping = {
  format: 'TCIA Colorectal-Liver-Metastases clinical data (April 2023 table as CSV; crlm-clinical-dictionary.csv)',
  idColumn: 'Patient-ID',
  missing: {
    cells: ['', 'NA'],
    columns: {
      carcinoembryonic_antigen: ['-999'],
      clinrisk_score: ['-999'],
      // A resected metastasis of 0 cm is not a measurement: read as not recorded.
      max_tumor_size: ['0'],
    },
  },
  derived: {
    maxTumourSizeMm: { op: 'scale', column: 'max_tumor_size', factor: 10, note: 'maximum tumour size cm x 10 = mm' },
  },
  outcome: { time: 'overall_survival_months', event: 'vital_status', timeUnit: 'months', note: 'OS from hepatic resection; vital_status 1 = dead' },
};

/** Cohort side of each covariate of risk-crlm, in model order. */
export const CRLM_COHORT_SOURCES: Readonly<Record<string, CohortSource>> = {
  largestBaselineDiameterMm: { column: 'maxTumourSizeMm' },
  multipleMetastases: { column: 'multiple_metastases' },
  bilobarDisease: { column: 'bilobar_disease' },
  ceaElevated: { column: 'carcinoembryonic_antigen', gt: CEA_ELEVATED_NG_PER_ML },
  nodePositivePrimary: { column: 'node_positive_primary' },
  synchronousMetastases: { column: 'synchronous_crlm' },
  extrahepaticSpread: { column: 'extrahep_disease' },
};

export interface CrlmGaps {
  readonly rows: number;
  readonly ceaNotAvailable: number;
  readonly clinriskNotAvailable: number;
  readonly maxTumourSizeZero: number;
}

/** The table's known gaps, counted. */
export function crlmGaps(csv: string | CohortCsv): CrlmGaps {
  const t = typeof csv === 'string' ? parseCohortCsv(csv) : csv;
  const count = (name: string, code: string): number => (t.cells[name] ?? []).filter((v) => v === code).length;
  return {
    rows: t.rowCount,
    ceaNotAvailable: count('carcinoembryonic_antigen', '-999'),
    clinriskNotAvailable: count('clinrisk_score', '-999'),
    maxTumourSizeZero: count('max_tumor_size', '0'),
  };
}

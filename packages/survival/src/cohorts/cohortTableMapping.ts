/**
 * The declarative reading of a cohort table (model card field `cohortTable`): which cells are
 * missing, the derived columns (unit conversions, differences, the readers' mean relative change),
 * the outcome columns and the rows excluded by rule. Together with the card's `covariateSources.<name>.cohort`
 * (a column, optionally compared to give 0/1) it says how every covariate is read from the table's
 * own columns, so any table in the same format can be scored (`mewm survival evaluate|predict`).
 */
import { z } from 'zod';

const note = z.string().optional();

export const derivedColumnSchema = z.discriminatedUnion('op', [
  /** column x factor (a unit conversion). */
  z.strictObject({ op: z.literal('scale'), column: z.string().min(1), factor: z.number().positive(), note }),
  /** (minuend - subtrahend) x factor. */
  z.strictObject({ op: z.literal('difference'), minuend: z.string().min(1), subtrahend: z.string().min(1), factor: z.number().positive(), note }),
  /**
   * Mean over the pairs (readers) with both values and baseline > 0 of (followUp - baseline) / baseline;
   * missing when no pair is complete.
   */
  z.strictObject({
    op: z.literal('meanRelativeChange'),
    pairs: z.array(z.strictObject({ baseline: z.string().min(1), followUp: z.string().min(1) })).min(1),
    note,
  }),
  /** Median of the numeric columns present in the row (lower median for an even count); missing when none is. */
  z.strictObject({ op: z.literal('median'), columns: z.array(z.string().min(1)).min(1), note }),
]);
export type DerivedColumn = z.infer<typeof derivedColumnSchema>;

export const cohortTableMappingSchema = z.strictObject({
  /** The table format in words (the publisher's table this mapping reads). */
  format: z.string().min(1),
  /** Column identifying a row (reported with predictions; never logged); absent = "row <n>". */
  idColumn: z.string().min(1).optional(),
  missing: z.strictObject({
    /** Cell texts that mean "not recorded" in every column. */
    cells: z.array(z.string()),
    /** Further per-column codes (e.g. -999 = not available). */
    columns: z.record(z.string(), z.array(z.string())).optional(),
  }),
  /** Derived columns, computed in order (a later one may read an earlier one). */
  derived: z.record(z.string(), derivedColumnSchema).optional(),
  outcome: z.strictObject({
    time: z.string().min(1),
    event: z.string().min(1),
    timeUnit: z.string().min(1),
    note,
  }),
  /**
   * Covariates no column carries, fixed for every row: the cohort's own treatment, i.e. the reference
   * (every treatment indicator 0) and no post-treatment term that the cohort does not record.
   */
  constants: z.record(z.string(), z.number()).optional(),
  /** Rows whose numeric column is <= the value are excluded (counted), e.g. no time left after a landmark. */
  exclude: z.array(z.strictObject({ column: z.string().min(1), le: z.number(), reason: z.string().min(1) })).optional(),
});
export type CohortTableMapping = z.infer<typeof cohortTableMappingSchema>;

/**
 * Scores a cohort table with a risk model whose card says how to read it (`cohortTable` plus
 * `covariateSources.<name>.cohort`): every usable row's log-risk, S(t) and RMST, and the model's
 * performance on the table (Harrell's and Uno's C, time-dependent AUC and Brier score at the card's
 * times). Rows with a gap are dropped and counted, never imputed. The figures are those of a fixed
 * model on the given rows: on the training table they are apparent (optimistic), on new rows external.
 */
import type { CohortSource } from '@mewm/models';
import { cohortTableMappingSchema } from './cohorts/cohortTableMapping.ts';
import { readCohortTable, type CohortGap } from './cohorts/readCohortTable.ts';
import { covariateSourcesOf } from './riskCovariateSources.ts';
import { concordanceIndex } from './concordance.ts';
import { timeDependentAuc } from './timeDependentAuc.ts';
import { brierScore } from './brierScore.ts';
import type { RiskModel } from './riskModel.ts';
import { RiskModelError } from './errors.ts';

export interface TablePrediction {
  readonly id: string;
  /** 1-based data row of the table (the header is row 0). */
  readonly row: number;
  readonly logRisk: number;
  readonly rmst: number;
  readonly survival: readonly number[];
  readonly time: number;
  readonly event: number;
}

export interface TableScores {
  readonly model: { readonly name: string; readonly version: string };
  readonly rowCount: number;
  readonly used: number;
  readonly dropped: number;
  readonly gaps: readonly CohortGap[];
  readonly times: readonly number[];
  readonly rmstHorizon: number;
  readonly timeUnit: string;
  readonly predictions: readonly TablePrediction[];
}

export interface TableEvaluation {
  readonly events: number;
  readonly harrellC: number;
  readonly harrellCStdErr: number;
  readonly unoC: number;
  /** AUC(t) at the card's times (NaN where the table has no case or no control). */
  readonly auc: readonly { readonly time: number; readonly auc: number }[];
  readonly brier: readonly { readonly time: number; readonly brier: number }[];
}

/**
 * @throws RiskModelError when the card declares no table reading (cohortTable) or a covariate has
 *   neither a cohort column nor a constant; SurvivalInputError for a table in another format.
 */
export async function scoreCohortTable(model: RiskModel, csvText: string): Promise<TableScores> {
  const card = model.card as typeof model.card & { cohortTable?: unknown };
  if (card.cohortTable === undefined) {
    throw new RiskModelError('card.cohortTable', `model ${card.name} does not declare how to read a cohort table (no cohortTable in its card); models fitted on a cohort table (risk-hcc-tace, risk-crlm) do`);
  }
  const parsed = cohortTableMappingSchema.safeParse(card.cohortTable);
  if (!parsed.success) throw new RiskModelError('card.cohortTable', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const mapping = parsed.data;
  const declared = covariateSourcesOf(card);
  const cohortSources: Record<string, CohortSource> = {};
  for (const name of model.signature.features) {
    const s = declared[name]?.cohort;
    if (s) cohortSources[name] = s;
    else if (mapping.constants?.[name] === undefined) throw new RiskModelError(`card.covariateSources.${name}.cohort`, `covariate '${name}' has no cohort column and no constant in cohortTable`);
  }
  const read = readCohortTable(csvText, mapping, cohortSources);
  const rows = read.ids.map((_, i) => model.signature.features.map((name) => (cohortSources[name] ? read.covariates[name]![i]! : mapping.constants![name]!)));
  const scores = await model.score(rows);
  return {
    model: { name: card.name, version: card.version },
    rowCount: read.rowCount,
    used: read.ids.length,
    dropped: read.dropped,
    gaps: read.gaps,
    times: scores.times,
    rmstHorizon: scores.rmstHorizon,
    timeUnit: scores.timeUnit,
    predictions: read.ids.map((id, i) => ({
      id,
      row: read.rowIndex[i]! + 1,
      logRisk: scores.logRisk[i]!,
      rmst: scores.rmst[i]!,
      survival: Array.from(scores.survival[i]!),
      time: read.outcome.time[i]!,
      event: read.outcome.event[i]!,
    })),
  };
}

/** Performance of the scored rows against their outcomes. */
export function evaluateTableScores(s: TableScores): TableEvaluation {
  const outcome = { time: s.predictions.map((p) => p.time), event: s.predictions.map((p) => p.event) };
  const marker = s.predictions.map((p) => p.logRisk);
  const harrell = concordanceIndex(outcome, marker);
  const uno = concordanceIndex(outcome, marker, { timeWeight: 'n/G2' });
  const auc = timeDependentAuc(outcome, marker, s.times);
  return {
    events: outcome.event.reduce((a, b) => a + b, 0),
    harrellC: harrell.concordance,
    harrellCStdErr: harrell.stdErr,
    unoC: uno.concordance,
    auc: s.times.map((t, k) => ({ time: t, auc: auc.auc[k]! })),
    brier: s.times.map((t, k) => ({ time: t, brier: brierScore(outcome, () => s.predictions.map((p) => p.survival[k]!), [t])[0]! })),
  };
}

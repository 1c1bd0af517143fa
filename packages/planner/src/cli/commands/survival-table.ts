/**
 * `mewm survival evaluate --model <id|card.json> --csv <table> [--json]`: C-index (Harrell, Uno),
 *   AUC(t) and Brier score of a fixed risk model on any table in the format its card declares.
 * `mewm survival predict --model <id|card.json> --csv <table> [--json]`: each usable row's log-risk,
 *   RMST and S(t).
 * The card says how each covariate is read from the table's own columns (`cohortTable` and
 * `covariateSources.<name>.cohort`: risk-hcc-tace, risk-crlm); rows with a gap are dropped and
 * counted by reason. Row ids are printed only by `predict` (the table's own id column).
 */
import { readFile, stat } from 'node:fs/promises';
import { RISK_KIND, resolveModelCard } from '@mewm/models';
import { evaluateTableScores, loadRiskModel, scoreCohortTable, type TableScores } from '@mewm/survival';
import { parseCommandArgs, requireString } from '../args.ts';
import { CliUsageError } from '../cli-error.ts';
import { fmt, printResult, type CommandIo } from '../output.ts';

const OPTIONS = { model: { type: 'string' }, csv: { type: 'string' } } as const;
const MAX_CSV_BYTES = 256 * 1024 * 1024;

async function scoreTable(argv: string[]): Promise<TableScores> {
  const { values } = parseCommandArgs(argv, OPTIONS);
  const spec = requireString(values.model, '--model');
  const csvPath = requireString(values.csv, '--csv');
  let text: string;
  try {
    if ((await stat(csvPath)).size > MAX_CSV_BYTES) throw new CliUsageError(`--csv ${csvPath} is larger than ${MAX_CSV_BYTES / 2 ** 20} MiB`);
    text = await readFile(csvPath, 'utf8');
  } catch (e) {
    if (e instanceof CliUsageError) throw e;
    throw new CliUsageError(`cannot read --csv ${csvPath}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const { cardPath } = await resolveModelCard(spec, { kind: RISK_KIND });
  const model = await loadRiskModel(cardPath);
  try {
    return await scoreCohortTable(model, text);
  } finally {
    await model.dispose();
  }
}

const gapLines = (s: TableScores): string[] =>
  s.gaps.map((g) => `    ${g.rows} row(s): ${g.reason}`);

export async function survivalEvaluateCommand(argv: string[], io: CommandIo): Promise<void> {
  const s = await scoreTable(argv);
  const e = evaluateTableScores(s);
  const nn = (x: number): number | null => (Number.isNaN(x) ? null : x);
  const result = {
    model: s.model,
    rows: s.rowCount,
    used: s.used,
    dropped: s.dropped,
    gaps: s.gaps,
    events: e.events,
    timeUnit: s.timeUnit,
    harrellC: e.harrellC,
    harrellCStdErr: e.harrellCStdErr,
    unoC: e.unoC,
    auc: e.auc.map((a) => ({ time: a.time, auc: nn(a.auc) })),
    brier: e.brier.map((b) => ({ time: b.time, brier: nn(b.brier) })),
  };
  printResult(io, result, [
    `${s.model.name} ${s.model.version} on ${s.used} of ${s.rowCount} rows (${e.events} events)${s.dropped ? `; ${s.dropped} dropped:` : ''}`,
    ...gapLines(s),
    `  Harrell's C ${e.harrellC.toFixed(3)} (se ${e.harrellCStdErr.toFixed(3)}), Uno's C ${e.unoC.toFixed(3)}`,
    `  AUC(t): ${e.auc.map((a) => `${fmt(a.time)} ${s.timeUnit} ${Number.isNaN(a.auc) ? 'NA' : a.auc.toFixed(3)}`).join(', ')}`,
    `  Brier:  ${e.brier.map((b) => `${fmt(b.time)} ${s.timeUnit} ${Number.isNaN(b.brier) ? 'NA' : b.brier.toFixed(3)}`).join(', ')}`,
    '  a fixed model on these rows: apparent figures on its training table, external ones on new patients',
  ]);
}

export async function survivalPredictCommand(argv: string[], io: CommandIo): Promise<void> {
  const s = await scoreTable(argv);
  const result = {
    model: s.model,
    rows: s.rowCount,
    used: s.used,
    dropped: s.dropped,
    gaps: s.gaps,
    times: s.times,
    rmstHorizon: s.rmstHorizon,
    timeUnit: s.timeUnit,
    predictions: s.predictions.map((p) => ({ id: p.id, row: p.row, logRisk: p.logRisk, rmst: p.rmst, survival: p.survival })),
  };
  printResult(io, result, [
    `${s.model.name} ${s.model.version}: ${s.used} of ${s.rowCount} rows scored${s.dropped ? `; ${s.dropped} dropped:` : ''}`,
    ...gapLines(s),
    `  ${'id'.padEnd(16)} ${'log-risk'.padStart(9)} ${`RMST ${s.rmstHorizon}`.padStart(10)}`,
    ...s.predictions.map((p) => `  ${p.id.padEnd(16)} ${p.logRisk.toFixed(4).padStart(9)} ${p.rmst.toFixed(2).padStart(10)}`),
    `  (RMST in ${s.timeUnit})`,
  ]);
}

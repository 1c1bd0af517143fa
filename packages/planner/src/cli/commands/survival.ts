/**
 * `mewm survival km --csv <file> --time <col> --event <col> [--group <col>] [--json]`
 * `mewm survival fit --csv <file> --time <col> --event <col> --covariates a,b,c [--ties efron|breslow]
 *    --out <dir> [--json]`
 * Survival statistics on a research site's own cohort table; numbers agree with R's survival package.
 * Rows with a missing time, event, group or covariate are dropped and counted, as R does.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '@mewm/dicom';
import {
  concordanceIndex, coxPh, kaplanMeier, logRankTest, medianSurvival, type CoxTies,
} from '@mewm/survival';
import { parseCommandArgs, requireString } from '../args.ts';
import { CliUsageError } from '../cli-error.ts';
import { numericColumn, readCsvFile, type CsvTable } from '../csv-table.ts';
import { fmt, printResult, type CommandIo } from '../output.ts';

export const SURVIVAL_USAGE = `mewm survival km --csv <file> --time <col> --event <col> [--group <col>] [--json]
mewm survival fit --csv <file> --time <col> --event <col> --covariates a,b,c [--ties efron|breslow] --out <dir> [--json]`;

const OPTIONS = {
  csv: { type: 'string' },
  time: { type: 'string' },
  event: { type: 'string' },
  group: { type: 'string' },
  covariates: { type: 'string' },
  ties: { type: 'string' },
  out: { type: 'string' },
} as const;

export async function survivalCommand(argv: string[], io: CommandIo): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub === 'km') return kmCommand(rest, io);
  if (sub === 'fit') return fitCommand(rest, io);
  throw new CliUsageError(`unknown survival command "${sub ?? ''}"\nusage:\n${SURVIVAL_USAGE}`);
}

interface Rows {
  outcome: { time: Float64Array; event: Uint8Array };
  columns: Record<string, Float64Array>;
  dropped: number;
}

/** Outcome plus extra numeric columns, keeping only rows where all are present. */
function completeRows(table: CsvTable, timeCol: string, eventCol: string, extra: Array<{ name: string; flag: string }>): Rows {
  const time = numericColumn(table, timeCol, '--time');
  const event = numericColumn(table, eventCol, '--event');
  const cols = extra.map((e) => numericColumn(table, e.name, e.flag));
  const keep: number[] = [];
  for (let r = 0; r < time.length; r++) {
    if (Number.isNaN(time[r]!) || Number.isNaN(event[r]!) || cols.some((c) => Number.isNaN(c[r]!))) continue;
    if (event[r] !== 0 && event[r] !== 1) throw new CliUsageError(`--event: column "${eventCol}" must be 0/1; row ${r + 2} is not`);
    keep.push(r);
  }
  const pick = (a: Float64Array) => Float64Array.from(keep, (r) => a[r]!);
  const columns: Record<string, Float64Array> = {};
  extra.forEach((e, i) => (columns[e.name] = pick(cols[i]!)));
  return {
    outcome: { time: pick(time), event: Uint8Array.from(keep, (r) => event[r]!) },
    columns,
    dropped: time.length - keep.length,
  };
}

async function kmCommand(argv: string[], io: CommandIo): Promise<void> {
  const { values } = parseCommandArgs(argv, OPTIONS);
  const table = await readCsvFile(requireString(values.csv, '--csv'));
  const timeCol = requireString(values.time, '--time');
  const eventCol = requireString(values.event, '--event');
  const groupCol = values.group;
  const rows = completeRows(table, timeCol, eventCol, groupCol ? [{ name: groupCol, flag: '--group' }] : []);
  const groupValues = groupCol ? rows.columns[groupCol]! : new Float64Array(rows.outcome.time.length);
  const levels = [...new Set(groupValues)].sort((a, b) => a - b);
  const curves = levels.map((level) => {
    const idx = [...groupValues.keys()].filter((r) => groupValues[r] === level);
    const outcome = { time: Float64Array.from(idx, (r) => rows.outcome.time[r]!), event: Uint8Array.from(idx, (r) => rows.outcome.event[r]!) };
    const km = kaplanMeier(outcome);
    const med = medianSurvival(km);
    return {
      group: groupCol ? level : undefined,
      n: km.n,
      events: km.eventCount,
      median: { estimate: med.median, lower: med.lower, upper: med.upper },
      table: [...km.time].map((t, k) => ({
        time: t, nRisk: km.nRisk[k]!, nEvent: km.nEvent[k]!, nCensor: km.nCensor[k]!,
        survival: km.survival[k]!, lower: nullIfNaN(km.lower[k]!), upper: nullIfNaN(km.upper[k]!),
      })),
    };
  });
  const logRank = groupCol && levels.length > 1 ? logRankTest(rows.outcome, Array.from(groupValues)) : undefined;
  const result = {
    n: rows.outcome.time.length,
    dropped: rows.dropped,
    confLevel: 0.95,
    confType: 'log',
    curves,
    logRank: logRank ? { chiSquare: logRank.chiSquare, df: logRank.df, p: logRank.p } : undefined,
  };
  printResult(io, result, [
    `Kaplan–Meier on ${result.n} rows${rows.dropped ? ` (${rows.dropped} dropped: missing values)` : ''}`,
    ...curves.map((c) =>
      `  ${groupCol ? `${groupCol} = ${c.group}: ` : ''}n ${c.n}, events ${c.events}, median ${fmtMedian(c.median.estimate)} (95% CI ${fmtMedian(c.median.lower)} – ${fmtMedian(c.median.upper)})`),
    ...(logRank ? [`  log-rank χ² = ${fmt(logRank.chiSquare, 3)} on ${logRank.df} df, p = ${logRank.p.toPrecision(3)}`] : []),
  ]);
}

async function fitCommand(argv: string[], io: CommandIo): Promise<void> {
  const { values } = parseCommandArgs(argv, OPTIONS);
  const table = await readCsvFile(requireString(values.csv, '--csv'));
  const timeCol = requireString(values.time, '--time');
  const eventCol = requireString(values.event, '--event');
  const names = requireString(values.covariates, '--covariates').split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw new CliUsageError('--covariates must name at least one column');
  const repeated = names.find((n, i) => names.indexOf(n) !== i);
  if (repeated !== undefined) throw new CliUsageError(`--covariates names "${repeated}" more than once`);
  const ties = (values.ties ?? 'efron') as CoxTies;
  if (ties !== 'efron' && ties !== 'breslow') throw new CliUsageError(`--ties must be efron or breslow, got "${values.ties}"`);
  const outDir = requireString(values.out, '--out');

  const rows = completeRows(table, timeCol, eventCol, names.map((name) => ({ name, flag: '--covariates' })));
  const fit = coxPh(rows.outcome, rows.columns, { ties });
  const concordance = concordanceIndex(rows.outcome, fit.linearPredictor);
  const result = {
    coefficients: fit.covariates.map((name, i) => ({
      name, coef: fit.coefficients[i]!, se: fit.stdErr[i]!, hr: fit.hazardRatio[i]!,
      hrLower: fit.hazardRatioLower[i]!, hrUpper: fit.hazardRatioUpper[i]!, z: fit.z[i]!, p: fit.p[i]!,
    })),
    logLikelihood: { null: fit.logLikNull, fitted: fit.logLik },
    tests: { likelihoodRatio: fit.likelihoodRatio, wald: fit.wald, score: fit.score },
    concordance: concordance.concordance,
    concordanceStdErr: concordance.stdErr,
    n: fit.n,
    events: fit.eventCount,
    dropped: rows.dropped,
    ties,
    iterations: fit.iterations,
    means: Array.from(fit.means),
  };
  const fitPath = join(outDir, 'fit.json');
  await writeFileAtomic(fitPath, new TextEncoder().encode(`${JSON.stringify(result, null, 2)}\n`));
  printResult(io, { ...result, output: { fit: fitPath } }, [
    `Cox proportional hazards (${ties} ties): n ${fit.n}, events ${fit.eventCount}${rows.dropped ? `, ${rows.dropped} rows dropped (missing values)` : ''}`,
    `  ${'covariate'.padEnd(20)} ${'coef'.padStart(9)} ${'se'.padStart(8)} ${'HR'.padStart(8)} ${'p'.padStart(10)}`,
    ...result.coefficients.map((c) =>
      `  ${c.name.padEnd(20)} ${c.coef.toFixed(4).padStart(9)} ${c.se.toFixed(4).padStart(8)} ${c.hr.toFixed(3).padStart(8)} ${c.p.toPrecision(3).padStart(10)}`),
    `  log-likelihood ${fmt(fit.logLikNull, 3)} → ${fmt(fit.logLik, 3)}; LR χ² ${fmt(fit.likelihoodRatio.statistic, 2)} on ${fit.likelihoodRatio.df} df`,
    `  concordance ${concordance.concordance.toFixed(4)} (se ${concordance.stdErr.toFixed(4)}), training data`,
    `  wrote ${fitPath}`,
  ]);
}

function nullIfNaN(x: number): number | null {
  return Number.isNaN(x) ? null : x;
}

function fmtMedian(x: number): string {
  return Number.isNaN(x) ? 'NA' : fmt(x, 2);
}

/**
 * `mewm survival evaluate|predict --model <id|card.json> --csv <table> [--json]` (survival-table.ts)
 * `mewm survival km --csv <file> --time <col> --event <col> [--group <col>] [--json]`
 * `mewm survival fit --csv <file> --time <col> --event <col> --covariates a,b,c [--ties efron|breslow]
 *    --out <dir> [--times 6,12,24,36,60] [--horizon 60] [--time-unit months] [--name <model name>]
 *    [--covariate-source name=<plan source>[<op><value>]]... [--json]`
 * Survival statistics on a research site's own cohort table; numbers agree with R's survival package.
 * Rows with a missing time, event, group or covariate are dropped and counted, as R does.
 * `fit` writes <out>/model.onnx, its card <out>/model.json (loadable by @mewm/survival
 * loadRiskModel) and <out>/fit.json, all or nothing: the files are written and fsynced in a staging
 * folder inside <out>, then renamed into place, ONNX first and card after it (a card only ever
 * sits next to the ONNX whose sha256 it names, so a partial replacement is refused on load).
 * The card declares how `mewm plan` computes each covariate (covariateSources): a column named like
 * a plan feature or clinical input (ageYears, afpNgPerMl, lesionCount, mrecistResponder, ...) maps by
 * name; `--covariate-source afpHigh=clinical.afpNgPerMl>20` declares another mapping. A covariate with
 * neither is fitted and scored, but `mewm plan --risk-model` refuses the model, naming it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  concordanceIndex, coxPh, exportFittedCoxModel, fittedCovariateSources, kaplanMeier, logRankTest, medianSurvival, parsePlanSourceSpec, type CoxTies,
} from '@mewm/survival';
import type { PlanSource } from '@mewm/models';
import { parseCommandArgs, requireString } from '../args.ts';
import { CliUsageError } from '../cli-error.ts';
import { numericColumn, readCsvFile, type CsvTable } from '../csv-table.ts';
import { fmt, printResult, type CommandIo } from '../output.ts';
import { survivalEvaluateCommand, survivalPredictCommand } from './survival-table.ts';

export const SURVIVAL_USAGE = `mewm survival km --csv <file> --time <col> --event <col> [--group <col>] [--json]
mewm survival fit --csv <file> --time <col> --event <col> --covariates a,b,c [--ties efron|breslow] --out <dir>
    [--times 6,12,24,36,60] [--horizon 60] [--time-unit <unit of --time>] [--name <model name>]
    [--covariate-source <covariate>=<plan source>[<op><value>]]... [--json]
    writes <dir>/model.onnx, its model card <dir>/model.json and <dir>/fit.json; a covariate named like a
    plan feature (ageYears, lesionCount, mrecistResponder, ...) maps to it, --covariate-source declares
    another (e.g. afpHigh=clinical.afpNgPerMl>20), so that mewm plan --risk-model <dir>/model.json uses it
mewm survival evaluate --model <id|card.json> --csv <table in the card's format> [--json]
    C-index, AUC(t) and Brier score of the model on the table (risk-hcc-tace, risk-crlm, ...)
mewm survival predict --model <id|card.json> --csv <table in the card's format> [--json]
    each row's log-risk, RMST and S(t)`;

const OPTIONS = {
  csv: { type: 'string' },
  time: { type: 'string' },
  event: { type: 'string' },
  group: { type: 'string' },
  covariates: { type: 'string' },
  ties: { type: 'string' },
  out: { type: 'string' },
  times: { type: 'string' },
  horizon: { type: 'string' },
  'time-unit': { type: 'string' },
  name: { type: 'string' },
  'covariate-source': { type: 'string', multiple: true },
} as const;

const DEFAULT_TIMES = [6, 12, 24, 36, 60];
const DEFAULT_HORIZON = 60;

export async function survivalCommand(argv: string[], io: CommandIo): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub === 'km') return kmCommand(rest, io);
  if (sub === 'fit') return fitCommand(rest, io);
  if (sub === 'evaluate') return survivalEvaluateCommand(rest, io);
  if (sub === 'predict') return survivalPredictCommand(rest, io);
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
  const csvPath = requireString(values.csv, '--csv');
  const table = await readCsvFile(csvPath);
  const timeCol = requireString(values.time, '--time');
  const eventCol = requireString(values.event, '--event');
  const names = requireString(values.covariates, '--covariates').split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw new CliUsageError('--covariates must name at least one column');
  const repeated = names.find((n, i) => names.indexOf(n) !== i);
  if (repeated !== undefined) throw new CliUsageError(`--covariates names "${repeated}" more than once`);
  const ties = (values.ties ?? 'efron') as CoxTies;
  if (ties !== 'efron' && ties !== 'breslow') throw new CliUsageError(`--ties must be efron or breslow, got "${values.ties}"`);
  const outDir = requireString(values.out, '--out');

  const times = values.times === undefined ? DEFAULT_TIMES : parseNumberList(values.times, '--times');
  const horizonList = values.horizon === undefined ? [DEFAULT_HORIZON] : parseNumberList(values.horizon, '--horizon');
  if (horizonList.length !== 1) throw new CliUsageError(`--horizon takes one number, got "${values.horizon}"`);
  const horizon = horizonList[0]!;
  const timeUnit = values['time-unit'];
  const modelName = values.name;
  if (modelName !== undefined && !/^[a-z0-9][a-z0-9-]{0,63}$/.test(modelName)) throw new CliUsageError(`--name must be kebab-case (a-z, 0-9, -), got "${modelName}"`);
  const overrides: Record<string, PlanSource> = {};
  for (const spec of values['covariate-source'] ?? []) {
    const { name, plan } = parsePlanSourceSpec(spec);
    if (overrides[name]) throw new CliUsageError(`--covariate-source declares "${name}" more than once`);
    overrides[name] = plan;
  }
  const { sources, unmapped } = fittedCovariateSources(names, overrides);

  const rows = completeRows(table, timeCol, eventCol, names.map((name) => ({ name, flag: '--covariates' })));
  const lastTime = rows.outcome.time.reduce((a, b) => Math.max(a, b), 0);
  const beyond = [...times, horizon].find((t) => t > lastTime);
  if (beyond !== undefined) {
    throw new CliUsageError(`--times / --horizon: ${beyond} is beyond the last follow-up time ${lastTime} of "${timeCol}"; pass --times and --horizon within [0, ${lastTime}]`);
  }
  const fit = coxPh(rows.outcome, rows.columns, { ties });
  const concordance = concordanceIndex(rows.outcome, fit.linearPredictor);
  const dataSha256 = createHash('sha256').update(await readFile(csvPath)).digest('hex');
  const bundle = exportFittedCoxModel(fit, {
    dataSha256, timeColumn: timeCol, eventColumn: eventCol, droppedRows: rows.dropped, concordance, times, rmstHorizon: horizon,
    ...(timeUnit !== undefined ? { timeUnit } : {}),
    ...(modelName !== undefined ? { name: modelName } : {}),
    covariateSources: sources,
    columnMeans: Object.fromEntries(names.map((n) => [n, rows.columns[n]!.reduce((a, b) => a + b, 0) / rows.columns[n]!.length])),
  });
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
    dataSha256,
    /** Covariates no plan feature computes: mewm plan refuses the model until they are declared. */
    unmappedCovariates: unmapped,
  };
  const encode = (x: unknown) => new TextEncoder().encode(`${JSON.stringify(x, null, 2)}\n`);
  const onnx = (bundle.card as { onnx: { sha256: string } }).onnx;
  await writeFilesAtomic(outDir, [
    { name: 'model.onnx', bytes: bundle.onnx },
    { name: 'model.json', bytes: encode(bundle.card) },
    { name: 'fit.json', bytes: encode(result) },
  ]);
  const output = { model: join(outDir, 'model.onnx'), card: join(outDir, 'model.json'), fit: join(outDir, 'fit.json'), onnxSha256: onnx.sha256 };
  printResult(io, { ...result, output }, [
    `Cox proportional hazards (${ties} ties): n ${fit.n}, events ${fit.eventCount}${rows.dropped ? `, ${rows.dropped} rows dropped (missing values)` : ''}`,
    `  ${'covariate'.padEnd(20)} ${'coef'.padStart(9)} ${'se'.padStart(8)} ${'HR'.padStart(8)} ${'p'.padStart(10)}`,
    ...result.coefficients.map((c) =>
      `  ${c.name.padEnd(20)} ${c.coef.toFixed(4).padStart(9)} ${c.se.toFixed(4).padStart(8)} ${c.hr.toFixed(3).padStart(8)} ${c.p.toPrecision(3).padStart(10)}`),
    `  log-likelihood ${fmt(fit.logLikNull, 3)} → ${fmt(fit.logLik, 3)}; LR χ² ${fmt(fit.likelihoodRatio.statistic, 2)} on ${fit.likelihoodRatio.df} df`,
    `  concordance ${concordance.concordance.toFixed(4)} (se ${concordance.stdErr.toFixed(4)}), training data`,
    `  wrote ${output.model} (sha256 ${onnx.sha256.slice(0, 12)}…), ${output.card}, ${output.fit}`,
    unmapped.length === 0
      ? `  usable by mewm plan --risk-model ${output.card}: every covariate is computed from a plan feature (${names.map((n) => `${n} ← ${sources[n]!.plan!.from}`).join(', ')})`
      : `  not usable by mewm plan: no plan feature computes ${unmapped.join(', ')} (declare with --covariate-source <name>=<plan source>)`,
    '  research use only, not for clinical use',
  ]);
}

function parseNumberList(text: string, flag: string): number[] {
  const xs = text.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (xs.length === 0 || xs.some((x) => !Number.isFinite(x) || x <= 0) || xs.some((x, k) => k > 0 && x <= xs[k - 1]!)) {
    throw new CliUsageError(`${flag} must be positive numbers in ascending order, comma-separated, got "${text}"`);
  }
  return xs;
}

/**
 * Writes every file or none: each is written and fsynced in a staging folder inside `dir`, then
 * renamed into place in the given order; the staging folder is removed in every case.
 */
async function writeFilesAtomic(dir: string, files: ReadonlyArray<{ name: string; bytes: Uint8Array }>): Promise<void> {
  await mkdir(dir, { recursive: true });
  const staging = join(dir, `.mewm-staging-${randomBytes(6).toString('hex')}`);
  await mkdir(staging);
  try {
    for (const f of files) {
      const fh = await open(join(staging, f.name), 'wx');
      try {
        await fh.writeFile(f.bytes);
        await fh.sync();
      } finally {
        await fh.close();
      }
    }
    for (const f of files) await rename(join(staging, f.name), join(dir, f.name));
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

function nullIfNaN(x: number): number | null {
  return Number.isNaN(x) ? null : x;
}

function fmtMedian(x: number): string {
  return Number.isNaN(x) ? 'NA' : fmt(x, 2);
}

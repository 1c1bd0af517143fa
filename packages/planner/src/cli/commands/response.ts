/**
 * `mewm response check --csv <hcc-tace table> [--folds K] [--repeats R] [--seeds S] [--seed N] [--json]`
 * How well the dynamics model's TACE response reproduces the paired pre/post-TACE mRECIST
 * measurements of HCC-TACE-Seg: observed vs simulated category rates per regimen and the
 * Kolmogorov–Smirnov distance (`ks`) of the follow-up/baseline ratio, before calibration (literature
 * parameters), with the shipped card (fitted on this table: training-set agreement) and cross-validated
 * (fit on k−1 folds, check on the held-out fold, repeated). No CT is rendered.
 */
import {
  checkTaceResponse, MRECIST_CATEGORIES, readTaceResponseCohort, type CategoryRates, type SimulationComparison,
} from '@mewm/world-model';
import { parseCommandArgs, requireString } from '../args.ts';
import { CliUsageError } from '../cli-error.ts';
import { readCsvFile } from '../csv-table.ts';
import { fmt, printResult, type CommandIo } from '../output.ts';

export const RESPONSE_USAGE = `mewm response check --csv <hcc-tace table> [--folds K] [--repeats R] [--seeds S] [--seed N] [--json]`;

function integer(value: string, flag: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new CliUsageError(`${flag} must be an integer in [${min}, ${max}], got "${value}"`);
  return n;
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const rateLine = (r: CategoryRates) => MRECIST_CATEGORIES.map((c) => `${c} ${pct(r[c])}`).join('  ');

function comparisonLines(title: string, c: SimulationComparison): string[] {
  return [
    `${title}: ks ${fmt(c.ks, 3)} (5 % critical ${fmt(c.ksCritical05, 3)}; ${c.simulatedDraws} simulated draws)`,
    ...c.byRegimen.flatMap((r) => [
      `  ${r.regimen.padEnd(12)} n ${String(r.n).padStart(2)}  observed  ${rateLine(r.observed)}`,
      `  ${''.padEnd(12)}       simulated ${rateLine(r.simulated)}  ks ${fmt(r.ks, 3)}`,
    ]),
  ];
}

export async function responseCommand(argv: string[], io: CommandIo): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub !== 'check') throw new CliUsageError(`unknown response subcommand "${sub ?? ''}"\nusage: ${RESPONSE_USAGE}`);
  const { values } = parseCommandArgs(rest, {
    csv: { type: 'string' },
    folds: { type: 'string', default: '5' },
    repeats: { type: 'string', default: '5' },
    seeds: { type: 'string', default: '20' },
    seed: { type: 'string', default: '1' },
  });
  const table = await readCsvFile(requireString(values.csv, '--csv'));
  const cohort = readTaceResponseCohort(table);
  const result = checkTaceResponse(cohort, {
    folds: integer(values.folds, '--folds', 2, 20),
    repeats: integer(values.repeats, '--repeats', 1, 50),
    seedsPerPatient: integer(values.seeds, '--seeds', 1, 1000),
    seed: integer(values.seed, '--seed', 0, 2 ** 31 - 1),
  });
  const g = result.cohort;
  const f = result.fitAll;
  printResult(io, result, [
    `HCC-TACE response check: ${g.used} of ${g.rows} rows used (no paired mRECIST ${g.noPairedMeasurement}, regimen not stated ${g.regimenNotStated}, ` +
      `other regimen text ${g.regimenUnknownText}; cisplatin + mitomycin-C counted as conventional ${g.regimenCisplatinMitomycinAsConventional}; ` +
      `follow-up interval missing → 90 days ${g.followUpIntervalMissing}; fewer than 3 readers ${g.fewerThanThreeReaders})`,
    `ratio = follow-up / baseline mRECIST sum (median of readers); category from the ratio (CR 0, PR ≤ 0.7, PD ≥ 1.2); simulated at each patient's baseline sum, regimen and follow-up day`,
    ...comparisonLines('before calibration (literature parameters)', result.literature),
    ...comparisonLines(`cross-validated (${result.settings.folds}-fold × ${result.settings.repeats}, ${result.settings.seedsPerPatient} seeds per patient)`, result.crossValidated),
    ...comparisonLines('shipped card (fitted on this table: training-set agreement)', result.card),
    `fit on all ${f.n}: ORR at ${fmt(f.size.referenceDiameterMm, 1)} mm cTACE ${pct(f.size.objectiveResponseRate.conventional)}, DEB ${pct(f.size.objectiveResponseRate.deb)}; ` +
      `OR per cm ${fmt(f.size.oddsRatioPerCm, 3)} (95 % CI ${fmt(f.size.oddsRatioPerCm95[0], 3)}–${fmt(f.size.oddsRatioPerCm95[1], 3)}); ` +
      `complete share cTACE ${fmt(f.completeShare.conventional, 3)}, DEB ${fmt(f.completeShare.deb, 3)}${f.completeSharePooled ? ' (pooled)' : ''}; ` +
      `refractory ${fmt(f.refractoryRate, 3)} (observed PD ${pct(f.observedPdRate)}); PR band [${fmt(f.partialDiameterRatioMin, 3)}, 0.7)`,
    `observed response by baseline sum (≤ / > ${fmt(result.sizeStrata.splitMm, 1)} mm): ` +
      result.sizeStrata.strata.map((s) => `${s.regimen} ${s.size} n ${s.n} ORR ${pct(s.objectiveResponse)} PD ${pct(s.pd)}`).join('; '),
  ]);
}

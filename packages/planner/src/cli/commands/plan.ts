/**
 * `mewm plan --disease hcc|crlm (--ct <input> | --dicomweb <url> --study <uid> [--series-uid <uid>]) (--mask <mask> | --point x,y,z) [--liver-mask <mask>] [--clinical <json|file>] [--candidates <json|file>]
 *   [--policy guideline|search|both|user] [--samples K] [--seed S] [--renderer <card.json>|white-noise] [--steps N]
 *   [--search-samples K'] [--risk-model <id|card.json>] [--cache-dir <dir>] [--pseudonym <name>] --out <dir> [--json]`
 * A thin caller of runPlan (plan/run-plan.ts): flags → a plan request → runPlan → printed ranking.
 * runPlan writes report.json, report.pdf and the NIfTI bundle into --out, all-or-nothing. Without
 * --policy, --candidates alone plans only the user's candidates; otherwise the policy defaults to guideline.
 * --disease is required (also with --phantom): it picks the guideline (BCLC 2022 for hcc, colorectal-
 * metastasis guidance for crlm) and the default risk model; a plan never assumes a disease.
 * --dicomweb: the CT is retrieved from a PACS (WADO-RS) into a temporary folder, planned as a DICOM CT
 * (so `mewm export-dicom` can put the results back into its de-identified study) and removed.
 */
import { readFile } from 'node:fs/promises';
import { DISEASES, infeasibleNote, intervalKindLabel, isDisease, PLAN_POLICIES, PlanRequestError, tieGroupNote, type PlanInputs, type PlanRequestInput } from '@mewm/contracts';
import { PlannerInputError } from '../../errors.ts';
import { runPlan } from '../../plan/run-plan.ts';
import { userCandidates } from '../../policy/index.ts';
import { argvWithout, optionValues, parseCommandArgs, parsePoint, requireString } from '../args.ts';
import { retrieveFromDicomWeb } from './ingest.ts';
import { CliUsageError } from '../cli-error.ts';
import { fmt, printResult, type CommandIo } from '../output.ts';
import { createProgressReporter } from '../progress-reporter.ts';

export const PLAN_USAGE = `mewm plan --disease hcc|crlm ((--ct <input> | --dicomweb <url> --study <uid> [--series-uid <uid>]) (--mask <mask> | --point x,y,z) [--liver-mask <mask>] | --phantom)
           [--clinical <json|file>]
           [--candidates <json|file>] [--policy guideline|search|both|user] [--samples K] [--seed S]
           [--renderer <card.json>|white-noise] [--steps N] [--search-samples K'] [--risk-model <id|card.json>]
           [--cache-dir <dir>] [--pseudonym <name>] --out <dir> [--json]`;

/** An integer option; anything else is a PlannerInputError naming the flag and the range (exit 1). */
function integerOption(value: string, flag: string, lo: number, hi: number): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < lo || n > hi) throw new PlannerInputError(flag, `must be an integer ${lo}..${hi}, got "${value}"`);
  return n;
}

/** Inline JSON or a path to a JSON file. */
async function jsonArgument(value: string, flag: string): Promise<unknown> {
  const text = /^\s*[[{]/.test(value) ? value : await readFile(value, 'utf8').catch(() => {
    throw new PlannerInputError(flag, 'is neither inline JSON nor a readable JSON file');
  });
  try {
    return JSON.parse(text);
  } catch {
    throw new PlannerInputError(flag, 'does not parse as JSON');
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The command line as a plan request; usage errors exit 2, bad values exit 1 naming the flag. */
async function planRequestOf(argv: string[]): Promise<PlanRequestInput> {
  const { values } = parseCommandArgs(argv, {
    ct: { type: 'string', multiple: true },
    phantom: { type: 'boolean', default: false },
    disease: { type: 'string' },
    mask: { type: 'string' },
    point: { type: 'string' },
    'liver-mask': { type: 'string' },
    clinical: { type: 'string' },
    candidates: { type: 'string' },
    policy: { type: 'string' },
    samples: { type: 'string', default: '4' },
    seed: { type: 'string', default: '1' },
    renderer: { type: 'string' },
    steps: { type: 'string' },
    'search-samples': { type: 'string' },
    'risk-model': { type: 'string' },
    'cache-dir': { type: 'string' },
    pseudonym: { type: 'string' },
    out: { type: 'string' },
  });
  const ctInputs = values.ct ?? [];
  // --phantom: the embedded procedural abdominal phantom (CT, lesion and liver masks), no input files.
  const usePhantom = values.phantom;
  if (usePhantom && (ctInputs.length > 0 || values.mask !== undefined || values.point !== undefined || values['liver-mask'] !== undefined)) {
    throw new CliUsageError('--phantom brings its own CT, lesion and liver: do not combine it with --ct, --mask, --point or --liver-mask');
  }
  if (!usePhantom && ctInputs.length === 0) throw new CliUsageError(`--ct (or --phantom) is required\nusage: ${PLAN_USAGE}`);
  if (!usePhantom && (values.mask === undefined) === (values.point === undefined)) throw new CliUsageError('give exactly one of --mask or --point');
  const outDir = requireString(values.out, '--out');
  const disease = values.disease;
  if (disease === undefined) throw new PlanRequestError('--disease', `is required: the disease the plan is for, one of ${DISEASES.join(', ')} (a plan never assumes one)`);
  if (!isDisease(disease)) throw new PlanRequestError('--disease', `must be one of ${DISEASES.join(', ')}, got "${disease}"`);
  const point = values.point === undefined ? undefined : parsePoint(values.point, '--point');
  const samples = integerOption(values.samples, '--samples', 1, 64);
  const seed = integerOption(values.seed, '--seed', 0, 2 ** 31 - 1 - samples + 1);
  const steps = values.steps === undefined ? undefined : integerOption(values.steps, '--steps', 1, 1000);
  const searchSamples = values['search-samples'] === undefined ? undefined : integerOption(values['search-samples'], '--search-samples', 1, 64);
  if (values.pseudonym !== undefined && !/^[A-Za-z0-9._-]{1,64}$/.test(values.pseudonym)) {
    throw new PlannerInputError('--pseudonym', 'must be 1..64 letters, digits, ".", "_" or "-" (a pseudonym, never a patient name or ID)');
  }
  const policy = values.policy;
  if (policy !== undefined && !(PLAN_POLICIES as readonly string[]).includes(policy)) {
    throw new PlannerInputError('--policy', `must be one of ${PLAN_POLICIES.join(', ')}, got "${policy}"`);
  }
  const clinical = values.clinical === undefined ? undefined : await jsonArgument(values.clinical, '--clinical');
  if (clinical !== undefined && !isRecord(clinical)) throw new PlannerInputError('--clinical', 'must be a JSON object of covariates');
  const candidatesJson = values.candidates === undefined ? undefined : await jsonArgument(values.candidates, '--candidates');
  if (candidatesJson !== undefined) userCandidates(candidatesJson); // the planner's messages for a bad list, before any work

  const inputs: PlanInputs = usePhantom ? { kind: 'phantom' } : {
    kind: 'files', ct: ctInputs,
    lesion: point === undefined ? { kind: 'mask', path: values.mask! } : { kind: 'point', pointRas: point },
    ...(values['liver-mask'] !== undefined ? { liverMask: values['liver-mask'] } : {}),
  };
  return {
    inputs,
    outDir,
    options: {
      disease, samples, seed,
      ...(policy !== undefined ? { policy: policy as (typeof PLAN_POLICIES)[number] } : {}),
      ...(candidatesJson !== undefined ? { candidates: candidatesJson as unknown[] } : {}),
      ...(clinical !== undefined ? { clinical } : {}),
      ...(values.renderer !== undefined ? { renderer: values.renderer } : {}),
      ...(steps !== undefined ? { steps } : {}),
      ...(searchSamples !== undefined ? { searchSamples } : {}),
      ...(values['risk-model'] !== undefined ? { riskModel: values['risk-model'] } : {}),
      ...(values['cache-dir'] !== undefined ? { cacheDir: values['cache-dir'] } : {}),
      ...(values.pseudonym !== undefined ? { pseudonym: values.pseudonym } : {}),
    },
  };
}

export async function planCommand(argv: string[], io: CommandIo): Promise<void> {
  const pacs = ['--dicomweb', '--study', '--series-uid'];
  const values = optionValues(argv, pacs);
  if (values['--dicomweb'] !== undefined) {
    if (argv.some((a) => a === '--ct' || a.startsWith('--ct=') || a === '--phantom')) throw new CliUsageError('--dicomweb brings the CT: do not combine it with --ct or --phantom');
    const study = requireString(values['--study'], '--study');
    const rest = argvWithout(argv, pacs);
    await planRequestOf([...rest, '--ct', '.']); // every other flag checked before the retrieve
    const fromPacs = await retrieveFromDicomWeb(values['--dicomweb'], study, values['--series-uid']);
    try {
      await planCommand([...rest, '--ct', fromPacs.dir], io);
    } finally {
      await fromPacs.remove();
    }
    return;
  }
  if (values['--study'] !== undefined || values['--series-uid'] !== undefined) throw new CliUsageError('--study and --series-uid go with --dicomweb');
  const request = await planRequestOf(argv);
  const { outDir } = request;
  const progress = createProgressReporter(io);
  let result: Awaited<ReturnType<typeof runPlan>>;
  try {
    result = await runPlan(request, {
      onProgress: progress,
      argumentNames: {
        outDir: '--out', clinical: '--clinical', lesionMask: '--mask', lesionPoint: '--point', liverMask: '--liver-mask', policy: '--policy', disease: '--disease',
      },
    });
  } finally {
    progress.done();
  }
  const { report } = result;
  printResult(io, { report: `${outDir}/report.json`, pdf: `${outDir}/report.pdf`, candidates: report.candidates.map((c) => ({ rank: c.rank, name: c.name, rmstMonths: c.aggregate.rmstMonths, logRisk: c.aggregate.logRisk, pBest: c.aggregate.pBest, tieGroup: c.tieGroup ?? null })) }, [
    `plan for ${report.case.pseudonym} (${report.disease ?? 'disease not recorded'}): ${report.candidates.length} candidate(s) × ${report.settings.samples} sample(s), policy ${report.settings.policy}` +
      (report.bclcStage ? `, BCLC ${report.bclcStage}` : ''),
    ...report.candidates.map((c) =>
      `  ${String(c.rank).padStart(2)}. ${c.name.padEnd(40)} RMST ${fmt(c.aggregate.rmstMonths.mean, 1)} mo (${intervalKindLabel(c.aggregate.rmstMonths.kind, report.settings.samples)} ${fmt(c.aggregate.rmstMonths.lo, 1)}–${fmt(c.aggregate.rmstMonths.hi, 1)}), ` +
      `log-risk ${fmt(c.aggregate.logRisk.mean, 2)}, P(best) ${fmt(c.aggregate.pBest, 2)}` + (c.tieGroup ? `; ${tieGroupNote(c.tieGroup)}` : '') +
      (infeasibleNote(c) ? `\n      ${infeasibleNote(c)!}` : '')),
    ...(report.policy.searchCost ? [`  search: ${report.policy.searchCost.evaluations} protocol evaluations, ${fmt(report.timings.searchMs ?? 0, 0)} ms`] : []),
    `  wrote ${outDir}/report.json, report.pdf and ${describeFiles(report.files)} in ${fmt((report.timings.totalMs ?? 0) / 1000, 1)} s`,
  ]);
}

/** "50 NIfTI file(s)", and the CT's de-identified DICOM files when the plan keeps them. */
function describeFiles(files: ReadonlyArray<{ role: string }>): string {
  const dicom = files.filter((f) => f.role === 'source-dicom').length;
  return `${files.length - dicom} NIfTI file(s)${dicom > 0 ? ` and the CT's ${dicom} de-identified DICOM file(s)` : ''}`;
}

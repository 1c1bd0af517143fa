/**
 * `mewm plan --ct <input> (--mask <mask> | --point x,y,z) [--clinical <json|file>] [--candidates <json|file>]
 *   [--policy guideline|search|both] [--samples K] [--seed S] [--renderer <card.json>|white-noise] [--steps N]
 *   [--search-samples K'] [--cache-dir <dir>] [--pseudonym <name>] [--risk-model <id|card.json>] --out <dir> [--json]`
 * The planner end to end: candidates from the policy (and the user), K simulated follow-ups each,
 * every one scored by the risk model, ranked by expected RMST; writes report.json, report.pdf and
 * the NIfTI bundle into --out, all-or-nothing. Without --policy, --candidates alone plans only the
 * user's candidates; otherwise the policy defaults to guideline.
 */
import { readFile } from 'node:fs/promises';
import { ingestCt, loadMask, segmentLesion, type LabelVolume, type Volume } from '@mewm/dicom';
import { loadRiskModel, parseClinicalCovariates, type ClinicalCovariates } from '@mewm/survival';
import type { RegionRenderer } from '@mewm/world-model';
import { PlannerInputError } from '../../errors.ts';
import { canonicalJson, sha256Text, volumeContentSha256 } from '../../plan/content-hash.ts';
import type { Candidate, PlanInput, Policy } from '../../plan/contracts.ts';
import { openRiskModel } from '../../plan/open-risk-model.ts';
import { openRenderer } from '../../plan/open-renderer.ts';
import { planTreatment } from '../../plan/plan-treatment.ts';
import { createSimulationCache } from '../../plan/simulation-cache.ts';
import { fixedCandidatesPolicy, policyFor, userCandidates } from '../../policy/index.ts';
import { makeAbdominalPhantom } from '../../phantom/make-abdominal-phantom.ts';
import { writePlanPdf } from '../../report/write-plan-pdf.ts';
import { parseCommandArgs, parsePoint, requireString } from '../args.ts';
import { CliUsageError } from '../cli-error.ts';
import { fmt, printResult, type CommandIo } from '../output.ts';
import { openPlanBundle } from '../plan-bundle.ts';
import { bundleSampleWriter } from '../bundle-sample-writer.ts';
import { createProgressReporter } from '../progress-reporter.ts';

export const PLAN_USAGE = `mewm plan (--ct <input> (--mask <mask> | --point x,y,z) | --phantom) [--clinical <json|file>] [--candidates <json|file>]
           [--policy guideline|search|both] [--samples K] [--seed S] [--renderer <card.json>|white-noise] [--steps N]
           [--search-samples K'] [--cache-dir <dir>] [--pseudonym <name>] [--risk-model <id|card.json>] --out <dir> [--json]`;

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

export async function planCommand(argv: string[], io: CommandIo): Promise<void> {
  const { values } = parseCommandArgs(argv, {
    ct: { type: 'string', multiple: true },
    phantom: { type: 'boolean', default: false },
    mask: { type: 'string' },
    point: { type: 'string' },
    clinical: { type: 'string' },
    candidates: { type: 'string' },
    policy: { type: 'string' },
    samples: { type: 'string', default: '4' },
    seed: { type: 'string', default: '1' },
    renderer: { type: 'string' },
    steps: { type: 'string' },
    'search-samples': { type: 'string' },
    'cache-dir': { type: 'string' },
    pseudonym: { type: 'string' },
    // A manifest id (models/manifest.json) or a risk-model card path; default: the manifest's default.
    'risk-model': { type: 'string' },
    out: { type: 'string' },
  });
  const ctInputs = values.ct ?? [];
  // --phantom: the embedded procedural abdominal phantom (CT, lesion and liver masks), no input files.
  const usePhantom = values.phantom === true;
  if (usePhantom && (ctInputs.length > 0 || values.mask !== undefined || values.point !== undefined)) {
    throw new CliUsageError('--phantom brings its own CT and lesion: do not combine it with --ct, --mask or --point');
  }
  if (!usePhantom && ctInputs.length === 0) throw new CliUsageError(`--ct (or --phantom) is required\nusage: ${PLAN_USAGE}`);
  if (!usePhantom && (values.mask === undefined) === (values.point === undefined)) throw new CliUsageError('give exactly one of --mask or --point');
  const outDir = requireString(values.out, '--out');
  const point = values.point === undefined ? undefined : parsePoint(values.point, '--point');
  const samples = integerOption(values.samples, '--samples', 1, 64);
  const seed = integerOption(values.seed, '--seed', 0, 2 ** 31 - 1 - samples + 1);
  const steps = values.steps === undefined ? undefined : integerOption(values.steps, '--steps', 1, 1000);
  const searchSamples = values['search-samples'] === undefined ? undefined : integerOption(values['search-samples'], '--search-samples', 1, 64);
  if (values.pseudonym !== undefined && !/^[A-Za-z0-9._-]{1,64}$/.test(values.pseudonym)) {
    throw new PlannerInputError('--pseudonym', 'must be 1..64 letters, digits, ".", "_" or "-" (a pseudonym, never a patient name or ID)');
  }

  // Everything about the inputs that can be checked before the slow work.
  const clinicalJson = values.clinical === undefined ? {} : await jsonArgument(values.clinical, '--clinical');
  const clinical: ClinicalCovariates = parseClinicalCovariates(clinicalJson, '--clinical');
  const users: Candidate[] = values.candidates === undefined ? [] : userCandidates(await jsonArgument(values.candidates, '--candidates'));
  const policy: Policy = values.policy === undefined && users.length > 0
    ? fixedCandidatesPolicy(users)
    : policyFor(values.policy ?? 'guideline', { userCandidates: users });

  const t0 = performance.now();
  const phantom = usePhantom ? makeAbdominalPhantom() : undefined;
  const ct: Volume = phantom ? phantom.ct : (await ingestCt(ctInputs)).volume;
  const tIngest = performance.now();
  const lesionMask: LabelVolume = phantom
    ? phantom.lesionMask
    : point === undefined ? (await loadMask(values.mask!, ct)).mask : segmentLesion(ct, point).mask;
  if (!lesionMask.data.some((v) => v !== 0)) throw new PlannerInputError(values.mask ? '--mask' : '--point', 'no lesion: the lesion mask is empty; mark at least one lesion');
  const tLesion = performance.now();
  const ctSha = volumeContentSha256(ct);
  const input: PlanInput = {
    ct, lesionMask, clinical,
    ...(phantom ? { liverMask: phantom.liverMask } : {}),
    inputHashes: {
      ct: ctSha, lesionMask: volumeContentSha256(lesionMask),
      ...(values.clinical !== undefined ? { clinical: sha256Text(canonicalJson(clinical)) } : {}),
    },
    casePseudonym: values.pseudonym ?? (phantom ? 'phantom' : `case-${ctSha.slice(0, 12)}`),
    lesionSource: phantom ? { kind: 'phantom' } : point === undefined ? { kind: 'mask' } : { kind: 'point', pointRas: point },
  };

  const bundle = await openPlanBundle(outDir);
  const progress = createProgressReporter(io);
  let renderer: RegionRenderer | undefined;
  let riskModel: Awaited<ReturnType<typeof loadRiskModel>> | undefined;
  try {
    renderer = await openRenderer(values.renderer);
    riskModel = await openRiskModel(values['risk-model']);
    const samplesOut = bundleSampleWriter(bundle, ct, lesionMask);
    const { report } = await planTreatment(input, {
      policy, renderer, riskModel, samples, seed,
      ...(steps !== undefined ? { steps } : {}),
      ...(searchSamples !== undefined ? { searchSamples } : {}),
      cache: createSimulationCache(values['cache-dir'] ? { dir: values['cache-dir'] } : {}),
      onProgress: progress,
      onSampleVolumes: samplesOut.onSampleVolumes,
      finalise: (ranked) => bundle.finalise(ranked, ct, lesionMask),
    });
    const tPdf = performance.now();
    await writePlanPdf(report, samplesOut.images, `${bundle.tmpDir}/report.pdf`);
    report.timings = {
      ingestMs: tIngest - t0, lesionMs: tLesion - tIngest, ...report.timings,
      keySlicesMs: samplesOut.keySlicesMs(), pdfMs: performance.now() - tPdf, totalMs: performance.now() - t0,
    };
    await bundle.writeText('report.json', `${JSON.stringify(report, null, 2)}\n`);
    await bundle.commit();
    progress.done();
    printResult(io, { report: `${outDir}/report.json`, pdf: `${outDir}/report.pdf`, candidates: report.candidates.map((c) => ({ rank: c.rank, name: c.name, rmstMonths: c.aggregate.rmstMonths, logRisk: c.aggregate.logRisk, pBest: c.aggregate.pBest })) }, [
      `plan for ${input.casePseudonym}: ${report.candidates.length} candidate(s) × ${samples} sample(s), policy ${report.settings.policy}` +
        (report.bclcStage ? `, BCLC ${report.bclcStage}` : ''),
      ...report.candidates.map((c) =>
        `  ${String(c.rank).padStart(2)}. ${c.name.padEnd(40)} RMST ${fmt(c.aggregate.rmstMonths.mean, 1)} mo (95% ${fmt(c.aggregate.rmstMonths.lo, 1)}–${fmt(c.aggregate.rmstMonths.hi, 1)}), ` +
        `log-risk ${fmt(c.aggregate.logRisk.mean, 2)}, P(best) ${fmt(c.aggregate.pBest, 2)}`),
      ...(report.policy.searchCost ? [`  search: ${report.policy.searchCost.evaluations} protocol evaluations, ${fmt(report.timings.searchMs ?? 0, 0)} ms`] : []),
      `  wrote ${outDir}/report.json, report.pdf and ${report.files.length} NIfTI file(s) in ${fmt((report.timings.totalMs ?? 0) / 1000, 1)} s`,
    ]);
  } catch (e) {
    progress.done();
    await bundle.abort();
    throw e;
  } finally {
    await renderer?.dispose();
    await riskModel?.dispose();
  }
}

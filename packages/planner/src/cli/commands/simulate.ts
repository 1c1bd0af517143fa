/**
 * `mewm simulate --ct <input> (--mask <mask> | --point x,y,z) --protocol <preset|json> [--samples K]
 *   [--seed S] [--renderer <card.json>|white-noise] [--steps N] --out <dir> [--json]`
 * Simulated post-treatment CT for one protocol: K stochastic samples, each written as NIfTI with its
 * tissue-state map, and a JSON summary with the per-sample response numbers and model versions. The
 * mRECIST category of each sample is measured by @mewm/survival (extractImagingFeatures), as the
 * planner measures it: one mRECIST implementation.
 */
import { RESEARCH_USE_LABEL, TISSUE_STATE_NAMES } from '@mewm/contracts';
import { join } from 'node:path';
import { ingestCt, loadMask, segmentLesion, writeFileAtomic, writeNifti, type LabelVolume } from '@mewm/dicom';
import {
  describeProtocol,
  readDynamicsCard, resolveProtocol, simulateTreatment, type RegionRenderer,
} from '@mewm/world-model';
import { extractImagingFeatures } from '@mewm/survival';
import { openRenderer } from '../../plan/open-renderer.ts';
import { parseCommandArgs, parsePoint, requireString } from '../args.ts';
import { CliUsageError } from '../cli-error.ts';
import { protocolArgument } from '../protocol-argument.ts';
import { fmt, printResult, type CommandIo } from '../output.ts';

export const SIMULATE_USAGE = `mewm simulate --ct <input> (--mask <mask> | --point x,y,z) --protocol <preset|json|file.json>
                [--samples K] [--seed S] [--renderer <card.json>|white-noise] [--steps N] --out <dir> [--json]`;

export async function simulateCommand(argv: string[], io: CommandIo): Promise<void> {
  const { values } = parseCommandArgs(argv, {
    ct: { type: 'string', multiple: true },
    mask: { type: 'string' },
    point: { type: 'string' },
    protocol: { type: 'string' },
    samples: { type: 'string', default: '4' },
    seed: { type: 'string', default: '1' },
    renderer: { type: 'string' },
    steps: { type: 'string' },
    out: { type: 'string' },
  });
  const ctInputs = values.ct ?? [];
  if (ctInputs.length === 0) throw new CliUsageError(`--ct is required\nusage: ${SIMULATE_USAGE}`);
  if ((values.mask === undefined) === (values.point === undefined)) throw new CliUsageError('give exactly one of --mask or --point');
  const protocol = resolveProtocol(await protocolArgument(requireString(values.protocol, '--protocol')));
  const samples = integer(values.samples, '--samples', 1, 64);
  const seed = integer(values.seed, '--seed', 0, 2 ** 31 - 1);
  const steps = values.steps === undefined ? undefined : integer(values.steps, '--steps', 1, 1000);
  const outDir = requireString(values.out, '--out');

  const { volume: ct } = await ingestCt(ctInputs);
  let lesionMask: LabelVolume;
  if (values.mask !== undefined) lesionMask = (await loadMask(values.mask, ct)).mask;
  else lesionMask = segmentLesion(ct, parsePoint(values.point!, '--point')).mask;

  const renderer: RegionRenderer = await openRenderer(values.renderer);
  let result;
  try {
    result = await simulateTreatment(
      { ct, lesionMask, protocol },
      {
        samples, seed, renderer, ...(steps !== undefined ? { steps } : {}),
        onProgress: (e) => { if (!io.json && e.stage === 'done') io.err(`sample ${e.sample}/${e.samples} done`); },
      },
    );
  } finally {
    await renderer.dispose();
  }
  const dynamics = readDynamicsCard();
  const mrecist = result.samples.map((s) => extractImagingFeatures({ baseline: { ct, lesions: result.lesions }, followUp: { ct: s.volume, states: s.states } }).patient.mrecist);
  const files: Array<{ volume: string; volumeSha256: string; states: string; statesSha256: string }> = [];
  for (const s of result.samples) {
    const volumePath = join(outDir, `sample-${s.index + 1}.nii.gz`);
    const statesPath = join(outDir, `sample-${s.index + 1}-states.nii.gz`);
    const description = `MeWM simulated follow-up; ${RESEARCH_USE_LABEL}`.slice(0, 80);
    files.push({
      volume: volumePath, volumeSha256: await writeFileAtomic(volumePath, writeNifti(s.volume, { description })),
      states: statesPath, statesSha256: await writeFileAtomic(statesPath, writeNifti({ ...s.states, labels: TISSUE_STATE_NAMES }, { description })),
    });
  }
  const summary = {
    protocol,
    protocolDescription: describeProtocol(protocol),
    followUpDays: protocol.followUpDays,
    baseline: result.baseline,
    samples: result.samples.map((s, i) => ({
      index: s.index, seed: s.seed, ...s.summary, mrecist: mrecist[i]!, outcomes: s.outcomes, files: files[i], timingsMs: s.timingsMs,
    })),
    models: {
      dynamics: { name: dynamics.name, version: dynamics.version },
      renderer: result.renderer,
    },
    stateLabels: TISSUE_STATE_NAMES,
    researchUse: RESEARCH_USE_LABEL,
  };
  const summaryPath = join(outDir, 'summary.json');
  await writeFileAtomic(summaryPath, new TextEncoder().encode(`${JSON.stringify(summary, null, 2)}\n`));
  printResult(io, { ...summary, output: { summary: summaryPath } }, [
    `simulated ${describeProtocol(protocol)}, ${samples} sample(s)`,
    `  baseline: ${result.baseline.map((b) => `${fmt(b.volumeMl)} mL / ${fmt(b.longestAxialDiameterMm, 1)} mm`).join('; ')}`,
    ...result.samples.map((s, i) =>
      `  sample ${s.index + 1} (seed ${s.seed}): ${mrecist[i]!}, viable ${fmt(s.summary.viableVolumeMl)} mL, necrosis ${fmt(100 * s.summary.necrosisFraction, 0)}%, Lipiodol ${fmt(100 * s.summary.lipiodolCoverage, 0)}%`),
    `  renderer: ${result.renderer.name} ${result.renderer.version}; dynamics: ${dynamics.name} ${dynamics.version}`,
    `  wrote ${summaryPath}`,
  ]);
}

function integer(value: string | undefined, flag: string, lo: number, hi: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < lo || n > hi) throw new CliUsageError(`${flag} must be an integer ${lo}..${hi}, got "${value}"`);
  return n;
}

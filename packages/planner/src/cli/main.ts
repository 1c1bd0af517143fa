/**
 * The `mewm` command line. Every command takes --json (machine-readable output on stdout) and
 * --debug (stack traces). Errors go to stderr with a non-zero exit code: 2 for usage errors,
 * 1 for input the program rejects (a typed MewmError), 70 for internal errors.
 */
import { errorCodeOf, RESEARCH_USE_LABEL } from '@mewm/contracts';
import type { CommandIo } from './output.ts';
import { INGEST_USAGE, ingestCommand } from './commands/ingest.ts';
import { SEGMENT_USAGE, segmentCommand } from './commands/segment.ts';
import { SURVIVAL_USAGE, survivalCommand } from './commands/survival.ts';
import { SIMULATE_USAGE, simulateCommand } from './commands/simulate.ts';
import { EVAL_RENDERER_USAGE, evalRendererCommand } from './commands/eval-renderer.ts';
import { PLAN_USAGE, planCommand } from './commands/plan.ts';
import { RESPONSE_USAGE, responseCommand } from './commands/response.ts';
import { MEASURE_USAGE, measureCommand } from './commands/measure.ts';
import { SCORE_USAGE, scoreCommand } from './commands/score.ts';
import { DEIDENTIFY_USAGE, deidentifyCommand } from './commands/deidentify.ts';
import { PACS_USAGE, pacsCommand } from './commands/pacs.ts';
import { EXPORT_DICOM_USAGE, exportDicomCommand } from './commands/export-dicom.ts';

type Command = (argv: string[], io: CommandIo) => Promise<void>;

const COMMANDS: Record<string, { run: Command; usage: string; summary: string }> = {
  ingest: { run: ingestCommand, usage: INGEST_USAGE, summary: 'read a CT (DICOM/zip/NIfTI), de-identify, write NIfTI' },
  pacs: { run: pacsCommand, usage: PACS_USAGE, summary: 'search a PACS over DICOMweb (QIDO-RS) or store de-identified files in one (STOW-RS); `mewm ingest --dicomweb` imports a study' },
  deidentify: { run: deidentifyCommand, usage: DEIDENTIFY_USAGE, summary: 'de-identify DICOM into a folder of DICOM files for sharing (PS3.15 2024b, --key for a stable mapping)' },
  segment: { run: segmentCommand, usage: SEGMENT_USAGE, summary: 'segment a lesion from one point (RAS mm), the liver, or its vessels ≥ 3 mm (--organ)' },
  measure: { run: measureCommand, usage: MEASURE_USAGE, summary: 'measure treatment response on a follow-up CT (mRECIST, RECIST, EASL, LI-RADS TR)' },
  score: { run: scoreCommand, usage: SCORE_USAGE, summary: 'score a follow-up CT from its measured response with the disease\'s risk model (log-risk, RMST)' },
  simulate: { run: simulateCommand, usage: SIMULATE_USAGE, summary: 'simulate post-treatment CT for one protocol (K samples)' },
  survival: { run: survivalCommand, usage: SURVIVAL_USAGE, summary: 'Kaplan–Meier and Cox fits on a cohort CSV (agrees with R)' },
  'eval-renderer': { run: evalRendererCommand, usage: EVAL_RENDERER_USAGE, summary: 'score a renderer against baselines on real CT regions' },
  response: { run: responseCommand, usage: RESPONSE_USAGE, summary: 'check the TACE response model against paired mRECIST measurements (HCC-TACE-Seg)' },
  plan: { run: planCommand, usage: PLAN_USAGE, summary: 'rank candidate treatments: simulate, score, report (JSON, PDF, NIfTI)' },
  'export-dicom': { run: exportDicomCommand, usage: EXPORT_DICOM_USAGE, summary: 'a plan as DICOM for a PACS (derived CT, SEG, TID 1500 SR, Encapsulated PDF); --stow pushes it' },
};

export function helpText(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(13)} ${c.summary}`);
  return [
    `mewm: medical world model for tumour treatment planning (${RESEARCH_USE_LABEL})`,
    '',
    'usage: mewm <command> [options] [--json] [--debug]',
    '',
    'commands:',
    ...lines,
    '',
    ...Object.values(COMMANDS).map((c) => c.usage),
  ].join('\n');
}

export async function main(argv: string[], io: Partial<CommandIo> = {}): Promise<number> {
  const json = argv.includes('--json');
  const debug = argv.includes('--debug');
  const fullIo: CommandIo = {
    json,
    out: io.out ?? ((t) => process.stdout.write(`${t}\n`)),
    err: io.err ?? ((t) => process.stderr.write(`${t}\n`)),
  };
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    fullIo.out(helpText());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    fullIo.out('mewm 0.1.0');
    return 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    fullIo.err(`mewm: unknown command "${name}"\n\n${helpText()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    fullIo.out(command.usage);
    return 0;
  }
  try {
    await command.run(rest, fullIo);
    return 0;
  } catch (e) {
    return reportError(e, fullIo, debug);
  }
}

function reportError(e: unknown, io: CommandIo, debug: boolean): number {
  // Typed errors are told apart by their stable code (@mewm/contracts), never by class.
  const errorCode = errorCodeOf(e);
  const isUsage = errorCode === 'USAGE';
  const isTyped = errorCode !== undefined && !isUsage;
  const code = isUsage ? 2 : isTyped ? 1 : 70;
  const message = e instanceof Error ? e.message : String(e);
  if (io.json) {
    const code = errorCode ?? 'INTERNAL';
    io.err(JSON.stringify({ error: { code, type: e instanceof Error ? e.name : 'unknown', message } }));
  } else {
    io.err(`mewm: ${isUsage || isTyped ? 'error' : 'internal error'}: ${message}`);
    if (!isUsage && !isTyped && !debug) io.err('(run again with --debug for details)');
  }
  if (debug && e instanceof Error && e.stack) io.err(e.stack);
  return code;
}

/**
 * `mewm pacs search --dicomweb <url> [--patient-id <id>] [--modality CT] [--study <uid>] [--json]`
 * Searches a PACS over DICOMweb (QIDO-RS): studies matching the query, or, with --study, that study's
 * series.
 * `mewm pacs store --dicomweb <url> <inputs...> [--json]` stores DICOM files in a (research) PACS over
 * STOW-RS — only files this project de-identified (`mewm deidentify`); any other file stops the push
 * before anything is sent. Patient identifiers are shown in the answer (the planner needs them to find the study) and
 * nowhere else: nothing is stored or logged. Credentials: MEWM_DICOMWEB_USER and MEWM_DICOMWEB_PASSWORD,
 * or MEWM_DICOMWEB_TOKEN (never the command line).
 */
import { assertDeidentifiedByUs, dicomWebEndpoint, InputError, openInputFiles, resolveLimits, searchSeries, searchStudies, storeInstances } from '@mewm/dicom';
import { parseCommandArgs, requireString } from '../args.ts';
import { CliUsageError } from '../cli-error.ts';
import { printResult, type CommandIo } from '../output.ts';

export const PACS_USAGE = `mewm pacs search --dicomweb <url> [--patient-id <id>] [--modality CT] [--study <uid>] [--limit N] [--json]
mewm pacs store --dicomweb <url> <de-identified inputs...> [--json]`;

export async function pacsCommand(argv: string[], io: CommandIo): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub === 'store') return storeCommand(rest, io);
  if (sub !== 'search') throw new CliUsageError(`unknown pacs command "${sub ?? ''}"\nusage: ${PACS_USAGE}`);
  const { values, positionals } = parseCommandArgs(rest, {
    dicomweb: { type: 'string' },
    'patient-id': { type: 'string' },
    modality: { type: 'string' },
    study: { type: 'string' },
    limit: { type: 'string', default: '100' },
  });
  if (positionals.length > 0) throw new CliUsageError(`unexpected argument "${positionals[0]}"\nusage: ${PACS_USAGE}`);
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new CliUsageError(`--limit must be an integer in 1..10000, got "${values.limit}"`);
  const ep = dicomWebEndpoint(requireString(values.dicomweb, '--dicomweb'));

  if (values.study !== undefined) {
    const series = await searchSeries(ep, values.study);
    printResult(io, { study: values.study, series }, [
      `${series.length} series in study ${values.study}`,
      ...series.map((s) => `  ${s.seriesInstanceUid}  ${s.modality.padEnd(3)} #${s.seriesNumber ?? '-'}  ${s.instanceCount ?? '?'} instance(s)  ${s.seriesDescription}`),
    ]);
    return;
  }
  const studies = await searchStudies(ep, {
    ...(values['patient-id'] === undefined ? {} : { patientId: values['patient-id'] }),
    ...(values.modality === undefined ? {} : { modality: values.modality }),
    limit,
  });
  printResult(io, { studies }, [
    `${studies.length} stud${studies.length === 1 ? 'y' : 'ies'}`,
    ...studies.map((s) => `  ${s.studyInstanceUid}  ${s.studyDate || '-'}  ${s.modalities.join('/') || '-'}  ${s.seriesCount ?? '?'} series  patient ${s.patientId}  ${s.studyDescription}`),
  ]);
}

async function storeCommand(argv: string[], io: CommandIo): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, { dicomweb: { type: 'string' } });
  if (positionals.length === 0) throw new CliUsageError(`no inputs given\nusage: ${PACS_USAGE}`);
  const ep = dicomWebEndpoint(requireString(values.dicomweb, '--dicomweb'));
  const input = await openInputFiles(positionals, resolveLimits());
  try {
    // every file first: a research PACS must not receive one identifiable file
    for (const file of input.files) {
      try {
        assertDeidentifiedByUs(await file.read(), file.name);
      } catch (e) {
        throw new InputError(`nothing was sent: ${e instanceof Error ? e.message : String(e)} (de-identify it with mewm deidentify first)`);
      }
    }
    const files = input.files;
    const result = await storeInstances(ep, (async function* () {
      for (const f of files) yield await f.read();
    })());
    printResult(io, { files: files.length, ...result }, [
      `stored ${result.stored} of ${files.length} instance(s)`,
      ...result.failed.map((f) => `  refused ${f.sopInstanceUid} (reason ${f.reason ?? '?'})`),
    ]);
    if (result.failed.length > 0) throw new InputError(`the PACS refused ${result.failed.length} of ${files.length} instance(s)`);
  } finally {
    input.close();
  }
}

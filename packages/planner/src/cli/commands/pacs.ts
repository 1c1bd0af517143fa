/**
 * `mewm pacs search --dicomweb <url> [--patient-id <id>] [--modality CT] [--study <uid>] [--json]`
 * Searches a PACS over DICOMweb (QIDO-RS): studies matching the query, or, with --study, that study's
 * series. Patient identifiers are shown in the answer (the planner needs them to find the study) and
 * nowhere else: nothing is stored or logged. Credentials: MEWM_DICOMWEB_USER and MEWM_DICOMWEB_PASSWORD,
 * or MEWM_DICOMWEB_TOKEN (never the command line).
 */
import { dicomWebEndpoint, searchSeries, searchStudies } from '@mewm/dicom';
import { parseCommandArgs, requireString } from '../args.ts';
import { CliUsageError } from '../cli-error.ts';
import { printResult, type CommandIo } from '../output.ts';

export const PACS_USAGE = 'mewm pacs search --dicomweb <url> [--patient-id <id>] [--modality CT] [--study <uid>] [--limit N] [--json]';

export async function pacsCommand(argv: string[], io: CommandIo): Promise<void> {
  const [sub, ...rest] = argv;
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

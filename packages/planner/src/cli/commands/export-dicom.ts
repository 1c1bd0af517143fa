/**
 * `mewm export-dicom <plan dir> --out <folder> [--samples all|first] [--stow <url>] [--json]`
 * A plan folder (`mewm plan --out`) as DICOM a PACS stores, in the plan's pseudonymous study: the
 * pre-treatment CT, the lesion SEG, each simulated follow-up as a derived CT series (Synthetic Data YES)
 * with its tissue-state SEG, the measurements and ranking as a TID 1500 SR, and the PDF as Encapsulated
 * PDF (see dicom-export/export-plan-dicom.ts). With --stow, the folder is then stored in a (research)
 * PACS over STOW-RS; credentials from MEWM_DICOMWEB_USER / _PASSWORD or MEWM_DICOMWEB_TOKEN.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dicomWebEndpoint, InputError, storeInstances } from '@mewm/dicom';
import { RESEARCH_USE_SENTENCE } from '@mewm/contracts';
import { exportPlanDicom } from '../../dicom-export/export-plan-dicom.ts';
import { parseCommandArgs, requireString } from '../args.ts';
import { CliUsageError } from '../cli-error.ts';
import { printResult, type CommandIo } from '../output.ts';

export const EXPORT_DICOM_USAGE = 'mewm export-dicom <plan dir> --out <folder> [--samples all|first] [--stow <dicomweb url>] [--json]';

export async function exportDicomCommand(argv: string[], io: CommandIo): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, {
    out: { type: 'string' },
    samples: { type: 'string', default: 'all' },
    stow: { type: 'string' },
  });
  if (positionals.length !== 1) throw new CliUsageError(`give one plan folder\nusage: ${EXPORT_DICOM_USAGE}`);
  const outDir = requireString(values.out, '--out');
  if (values.samples !== 'all' && values.samples !== 'first') throw new CliUsageError(`--samples must be all or first, got "${values.samples}"`);
  const endpoint = values.stow === undefined ? undefined : dicomWebEndpoint(values.stow); // a bad URL stops before any work
  const t0 = performance.now();
  const manifest = await exportPlanDicom(positionals[0]!, outDir, { samples: values.samples, names: { planDir: '<plan dir>', outDir: '--out' } });
  const exportMs = performance.now() - t0;
  const counts: Record<string, number> = {};
  for (const o of manifest.objects) counts[o.kind] = (counts[o.kind] ?? 0) + 1;
  const series = new Set(manifest.objects.map((o) => o.seriesInstanceUid)).size;

  let stow: { stored: number; failed: number; ms: number } | undefined;
  if (endpoint) {
    const t1 = performance.now();
    const paths = manifest.objects.map((o) => join(outDir, o.path));
    const result = await storeInstances(endpoint, (async function* () {
      for (const p of paths) yield new Uint8Array(await readFile(p));
    })());
    stow = { stored: result.stored, failed: result.failed.length, ms: performance.now() - t1 };
    if (result.failed.length > 0) throw new InputError(`the PACS refused ${result.failed.length} of ${paths.length} instance(s); the export is in ${outDir}`);
  }
  printResult(io, { out: outDir, studyInstanceUid: manifest.studyInstanceUid, joinsSourceStudy: manifest.joinsSourceStudy, series, objects: counts, exportMs, stow }, [
    `wrote ${manifest.objects.length} DICOM object(s) in ${series} series to ${outDir} in ${(exportMs / 1000).toFixed(1)} s (${RESEARCH_USE_SENTENCE})`,
    `  study        ${manifest.joinsSourceStudy ? 'the CT\'s de-identified study' : 'a new study (the plan\'s CT was not DICOM)'}`,
    ...Object.entries(counts).map(([kind, n]) => `  ${kind.padEnd(12)} ${n}`),
    ...(stow ? [`  stored       ${stow.stored} instance(s) over STOW-RS in ${(stow.ms / 1000).toFixed(1)} s`] : []),
  ]);
}

/**
 * `mewm ingest <inputs...> --out <volume.nii.gz> [--mask <file>] [--mask-out <mask.nii.gz>]
 *   [--series <key>] [--allow-gantry-tilt] [--json]`
 * Reads a CT (DICOM folder/files/zip or NIfTI), de-identifies it, writes it as NIfTI and prints a summary.
 * `--dicomweb <url> --study <uid> [--series-uid <uid>]` retrieves the CT from a PACS instead (WADO-RS,
 * credentials from MEWM_DICOMWEB_USER / MEWM_DICOMWEB_PASSWORD or MEWM_DICOMWEB_TOKEN): the instances
 * go to a private temporary folder, removed after the ingest, and through the same de-identified ingest.
 * A mask comes from --mask (NIfTI or DICOM SEG) or from a DICOM SEG found among the inputs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  describeTransferSyntax, dicomWebEndpoint, ingestCt, retrieveToFolder, loadMask, maskFromFile, measureMask, orientationCode, valueRange, writeFileAtomic, writeNifti,
  type LoadedMask,
} from '@mewm/dicom';
import { argvWithout, parseCommandArgs, requireString } from '../args.ts';
import { CliUsageError } from '../cli-error.ts';
import { fmt, fmtVec, printResult, type CommandIo } from '../output.ts';

export const INGEST_USAGE = `mewm ingest (<inputs...> | --dicomweb <url> --study <uid> [--series-uid <uid>]) --out <volume.nii.gz>
                       [--mask <mask>] [--mask-out <mask.nii.gz>] [--series <key>] [--allow-gantry-tilt] [--json]`;

export async function ingestCommand(argv: string[], io: CommandIo): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, {
    out: { type: 'string' },
    mask: { type: 'string' },
    'mask-out': { type: 'string' },
    series: { type: 'string' },
    'allow-gantry-tilt': { type: 'boolean', default: false },
    dicomweb: { type: 'string' },
    study: { type: 'string' },
    'series-uid': { type: 'string' },
  });
  if (values.dicomweb !== undefined) {
    if (positionals.length > 0) throw new CliUsageError(`give either input files or --dicomweb, not both\nusage: ${INGEST_USAGE}`);
    const study = requireString(values.study, '--study');
    const fromPacs = await retrieveFromDicomWeb(values.dicomweb, study, values['series-uid']);
    try {
      await ingestCommand([...argvWithout(argv, ['--dicomweb', '--study', '--series-uid']), fromPacs.dir], io);
    } finally {
      await fromPacs.remove();
    }
    return;
  }
  if (values.study !== undefined || values['series-uid'] !== undefined) throw new CliUsageError('--study and --series-uid go with --dicomweb');
  if (positionals.length === 0) throw new CliUsageError(`no inputs given\nusage: ${INGEST_USAGE}`);
  const outPath = requireString(values.out, '--out');
  const maskOut = values['mask-out'];
  if (!/\.nii(\.gz)?$/i.test(outPath)) throw new CliUsageError('--out must end in .nii or .nii.gz');
  if (maskOut !== undefined && !/\.nii(\.gz)?$/i.test(maskOut)) throw new CliUsageError('--mask-out must end in .nii or .nii.gz');

  const result = await ingestCt(positionals, {
    ...(values.series !== undefined ? { seriesKey: values.series } : {}),
    allowGantryTilt: values['allow-gantry-tilt'], // a boolean: the option defaults to false
  });
  const { volume } = result;

  let mask: LoadedMask | undefined;
  if (values.mask !== undefined) mask = await loadMask(values.mask, volume);
  else if (result.segmentations.length > 0) mask = maskFromFile(result.segmentations[0]!, volume, { alreadyDeidentified: true });
  if (maskOut !== undefined && mask === undefined) {
    throw new CliUsageError('--mask-out needs a mask: pass --mask or include a DICOM SEG among the inputs');
  }

  const gzip = /\.gz$/i.test(outPath);
  const volumeSha256 = await writeFileAtomic(outPath, writeNifti(volume, { gzip }));
  let maskSummary: object | undefined;
  if (mask !== undefined) {
    const m = measureMask(mask.mask);
    const maskSha256 = maskOut !== undefined ? await writeFileAtomic(maskOut, writeNifti(mask.mask, { gzip: /\.gz$/i.test(maskOut) })) : undefined;
    maskSummary = { format: mask.format, path: maskOut, sha256: maskSha256, voxelCount: m.voxelCount, volumeMl: m.volumeMl, longestAxialDiameterMm: m.longestAxialDiameterMm };
  }

  const huRange = valueRange(volume.data);
  const summary = {
    output: { volume: outPath, sha256: volumeSha256 },
    mask: maskSummary,
    format: result.format,
    dims: volume.dims,
    spacingMm: volume.spacingMm,
    affineRas: volume.affineRas,
    orientation: orientationCode(volume.affineRas),
    unit: volume.meta.unit,
    huRange,
    sliceCount: result.assembly?.sliceCount ?? volume.dims[2],
    transferSyntax: volume.meta.transferSyntaxUid
      ? { uid: volume.meta.transferSyntaxUid, name: describeTransferSyntax(volume.meta.transferSyntaxUid) }
      : undefined,
    series: result.series,
    chosenSeriesKey: result.chosenSeriesKey,
    // the slice list is for derived objects; a person reading the summary needs its length
    dicomReference: result.dicomReference && { ...result.dicomReference, slices: result.dicomReference.slices.length },
    deidentification: result.deidentification,
    skippedFiles: result.skipped.length,
    skipped: result.skipped.slice(0, 20),
    warnings: result.warnings,
    timingsMs: result.timingsMs,
  };
  printResult(io, summary, [
    `wrote ${outPath}`,
    `  format        ${result.format}${summary.transferSyntax ? ` (${summary.transferSyntax.name})` : ''}`,
    `  dims          ${fmtVec(volume.dims, 0)}   slices ${summary.sliceCount}`,
    `  spacing (mm)  ${fmtVec(volume.spacingMm, 4)}   orientation ${summary.orientation}`,
    `  origin (RAS)  ${fmtVec([volume.affineRas[0][3], volume.affineRas[1][3], volume.affineRas[2][3]])}`,
    `  HU range      ${fmt(huRange[0])} .. ${fmt(huRange[1])} (${volume.meta.unit})`,
    ...(result.deidentification ? [`  de-identified ${describeDeid(result.deidentification)}`] : []),
    ...(maskSummary ? [`  mask          ${JSON.stringify(maskSummary)}`] : []),
    ...(result.skipped.length > 0 ? [`  skipped       ${result.skipped.length} file(s), e.g. ${result.skipped[0]!.name}: ${result.skipped[0]!.reason}`] : []),
    ...result.warnings.map((w) => `  warning       ${w}`),
    `  time          ${fmt(result.timingsMs.total, 0)} ms`,
  ]);
}

/** Retrieve a study (or one series) into a new owner-only temporary folder. */
export async function retrieveFromDicomWeb(url: string, study: string, seriesUid: string | undefined): Promise<{ dir: string; remove: () => Promise<void> }> {
  const ep = dicomWebEndpoint(url);
  const dir = await mkdtemp(join(tmpdir(), 'mewm-dicomweb-'));
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    await retrieveToFolder(ep, study, seriesUid, dir);
  } catch (e) {
    await remove();
    throw e;
  }
  return { dir, remove };
}

function describeDeid(summary: object): string {
  const s = summary as Record<string, unknown>;
  const files = typeof s.files === 'number' ? `${s.files} file(s)` : '';
  return `${files} (DICOM PS3.15 Annex E basic profile)`.trim();
}

/**
 * `mewm segment [--organ lesion|liver|vessels] --ct <input> [--point x,y,z] [--liver <mask>] --out <mask.nii.gz> [--json]`
 * - lesion (default): seeded lesion segmentation from one point inside the lesion, in RAS millimetres
 *   (the coordinates NiiVue, ITK-SNAP and nibabel show); --point is required.
 * - liver: the whole liver from the CT alone; --point (optional) is a point inside the liver.
 * - vessels: enhanced hepatic and portal vessels ≥ 3 mm inside the liver; --liver gives a liver mask
 *   (NIfTI or DICOM SEG), otherwise the liver is segmented first.
 */
import { ingestCt, loadMask, segmentLesion, segmentLiver, segmentVessels, writeFileAtomic, writeNifti, type LabelVolume, type Vec3 } from '@mewm/dicom';
import { parsePoint, parseCommandArgs, requireString } from '../args.ts';
import { CliUsageError } from '../cli-error.ts';
import { fmt, fmtVec, printResult, type CommandIo } from '../output.ts';

export const SEGMENT_USAGE =
  'mewm segment [--organ lesion|liver|vessels] --ct <input> [--point x,y,z] [--liver <mask>] --out <mask.nii.gz> [--series <key>] [--json]\n' +
  '  --organ lesion (default) needs --point inside the lesion; liver takes an optional --point inside the liver;\n' +
  '  vessels (≥ 3 mm, contrast-enhanced) uses --liver <mask> or segments the liver first';

const ORGANS = ['lesion', 'liver', 'vessels'] as const;
type Organ = (typeof ORGANS)[number];

function parseOrgan(value: string | undefined): Organ {
  if (value === undefined) return 'lesion';
  if (!(ORGANS as readonly string[]).includes(value)) throw new CliUsageError(`--organ must be one of ${ORGANS.join(', ')}; got "${value}"\nusage: ${SEGMENT_USAGE}`);
  return value as Organ;
}

export async function segmentCommand(argv: string[], io: CommandIo): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, {
    organ: { type: 'string' },
    ct: { type: 'string', multiple: true },
    point: { type: 'string' },
    liver: { type: 'string' },
    out: { type: 'string' },
    series: { type: 'string' },
  });
  const organ = parseOrgan(values.organ);
  const ctInputs = [...(values.ct ?? []), ...positionals];
  if (ctInputs.length === 0) throw new CliUsageError(`--ct is required\nusage: ${SEGMENT_USAGE}`);
  if (organ === 'lesion' && values.point === undefined) throw new CliUsageError(`--organ lesion needs --point x,y,z (RAS mm) inside the lesion\nusage: ${SEGMENT_USAGE}`);
  if (organ === 'vessels' && values.point !== undefined) throw new CliUsageError('--point is not used with --organ vessels (give --liver <mask>, or none to segment the liver first)');
  if (organ !== 'vessels' && values.liver !== undefined) throw new CliUsageError('--liver is used only with --organ vessels');
  const point = values.point === undefined ? undefined : parsePoint(values.point, '--point');
  const outPath = requireString(values.out, '--out');
  if (!/\.nii(\.gz)?$/i.test(outPath)) throw new CliUsageError('--out must end in .nii or .nii.gz');

  const { volume } = await ingestCt(ctInputs, values.series !== undefined ? { seriesKey: values.series } : {});
  const write = (mask: LabelVolume) => writeFileAtomic(outPath, writeNifti(mask, { gzip: /\.gz$/i.test(outPath) }));
  const t0 = performance.now();

  if (organ === 'lesion') {
    const seed = point as Vec3;
    const result = segmentLesion(volume, seed);
    const segmentMs = performance.now() - t0;
    const sha256 = await write(result.mask);
    const { stats } = result;
    printResult(
      io,
      { organ, output: { mask: outPath, sha256 }, seedRas: seed, lesion: stats, warnings: result.warnings, timingsMs: { segment: segmentMs } },
      [
        `wrote ${outPath}`,
        `  lesion volume          ${fmt(stats.volumeMl)} mL (${stats.voxelCount} voxels)`,
        `  longest axial diameter ${fmt(stats.longestAxialDiameterMm, 1)} mm`,
        `  centroid (RAS mm)      ${fmtVec(stats.centroidRas, 1)}`,
        ...result.warnings.map((w) => `  warning                ${w}`),
        `  time                   ${fmt(segmentMs, 0)} ms`,
      ],
    );
    return;
  }

  if (organ === 'liver') {
    const result = segmentLiver(volume, point === undefined ? {} : { seedRas: point });
    const segmentMs = performance.now() - t0;
    const sha256 = await write(result.mask);
    const { stats } = result;
    printResult(
      io,
      { organ, output: { mask: outPath, sha256 }, ...(point === undefined ? {} : { seedRas: point }), liver: stats, warnings: result.warnings, timingsMs: { segment: segmentMs } },
      [
        `wrote ${outPath}`,
        `  liver volume           ${fmt(stats.volumeMl, 0)} mL (${stats.voxelCount} voxels)`,
        `  parenchyma             ${fmt(stats.parenchymaHu, 0)} HU (window ${fmt(stats.huWindow[0], 0)}..${fmt(stats.huWindow[1], 0)} HU)`,
        `  centroid (RAS mm)      ${fmtVec(stats.centroidRas, 1)}`,
        ...result.warnings.map((w) => `  warning                ${w}`),
        `  time                   ${fmt(segmentMs, 0)} ms`,
      ],
    );
    return;
  }

  // vessels
  let liverMask: LabelVolume;
  let liverSource: 'file' | 'segmented';
  const warnings: string[] = [];
  if (values.liver !== undefined) {
    liverMask = (await loadMask(values.liver, volume)).mask;
    liverSource = 'file';
  } else {
    const liver = segmentLiver(volume);
    liverMask = liver.mask;
    liverSource = 'segmented';
    warnings.push(...liver.warnings.map((w) => `liver: ${w}`));
  }
  const t1 = performance.now();
  const result = segmentVessels(volume, liverMask);
  const segmentMs = performance.now() - t1;
  warnings.push(...result.warnings);
  const sha256 = await write(result.mask);
  const { stats } = result;
  printResult(
    io,
    { organ, output: { mask: outPath, sha256 }, liverSource, vessels: stats, warnings, timingsMs: { liver: t1 - t0, segment: segmentMs } },
    [
      `wrote ${outPath}`,
      `  vessel volume          ${fmt(stats.volumeMl, 1)} mL (${stats.voxelCount} voxels, ${stats.componentCount} pieces, ${fmt(100 * stats.liverFraction, 1)} % of the liver)`,
      `  threshold              ${fmt(stats.thresholdHu, 0)} HU (parenchyma ${fmt(stats.parenchymaHu, 0)} HU)`,
      `  widest vessel          ${fmt(stats.maxDiameterMm, 1)} mm`,
      `  liver mask             ${liverSource === 'file' ? 'from --liver' : 'segmented from the CT'}`,
      ...warnings.map((w) => `  warning                ${w}`),
      `  time                   ${fmt(segmentMs, 0)} ms`,
    ],
  );
}

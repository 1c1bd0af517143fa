/**
 * `mewm segment --ct <input> --point x,y,z --out <mask.nii.gz> [--json]`
 * Seeded lesion segmentation from one point inside the lesion, in RAS millimetres
 * (the coordinates NiiVue, ITK-SNAP and nibabel show).
 */
import { ingestCt, segmentLesion, writeFileAtomic, writeNifti } from '@mewm/dicom';
import { parsePoint, parseCommandArgs, requireString } from '../args.ts';
import { CliUsageError } from '../cli-error.ts';
import { fmt, fmtVec, printResult, type CommandIo } from '../output.ts';

export const SEGMENT_USAGE = 'mewm segment --ct <input> --point x,y,z --out <mask.nii.gz> [--series <key>] [--json]';

export async function segmentCommand(argv: string[], io: CommandIo): Promise<void> {
  const { values, positionals } = parseCommandArgs(argv, {
    ct: { type: 'string', multiple: true },
    point: { type: 'string' },
    out: { type: 'string' },
    series: { type: 'string' },
  });
  const ctInputs = [...(values.ct ?? []), ...positionals];
  if (ctInputs.length === 0) throw new CliUsageError(`--ct is required\nusage: ${SEGMENT_USAGE}`);
  const seed = parsePoint(requireString(values.point, '--point'), '--point');
  const outPath = requireString(values.out, '--out');
  if (!/\.nii(\.gz)?$/i.test(outPath)) throw new CliUsageError('--out must end in .nii or .nii.gz');

  const { volume } = await ingestCt(ctInputs, values.series !== undefined ? { seriesKey: values.series } : {});
  const t0 = performance.now();
  const result = segmentLesion(volume, seed);
  const segmentMs = performance.now() - t0;
  const sha256 = await writeFileAtomic(outPath, writeNifti(result.mask, { gzip: /\.gz$/i.test(outPath) }));
  const { stats } = result;
  printResult(
    io,
    { output: { mask: outPath, sha256 }, seedRas: seed, lesion: stats, warnings: result.warnings, timingsMs: { segment: segmentMs } },
    [
      `wrote ${outPath}`,
      `  lesion volume          ${fmt(stats.volumeMl)} mL (${stats.voxelCount} voxels)`,
      `  longest axial diameter ${fmt(stats.longestAxialDiameterMm, 1)} mm`,
      `  centroid (RAS mm)      ${fmtVec(stats.centroidRas, 1)}`,
      ...result.warnings.map((w) => `  warning                ${w}`),
      `  time                   ${fmt(segmentMs, 0)} ms`,
    ],
  );
}

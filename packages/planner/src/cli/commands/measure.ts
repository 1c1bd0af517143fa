/**
 * `mewm measure --pre <ct> --post <ct> (--mask <m> | --point x,y,z) [--post-mask <m>] [--liver <m>] [--json]`
 * Treatment response measured from the CT intensities of a follow-up (simulated or real): viable
 * tumour, necrosis, Lipiodol, ablation zone or cavity, new lesions; mRECIST, RECIST 1.1, EASL and
 * LI-RADS TR (survival's measureResponse). CTs are NIfTI, DICOM folders or zips; the post CT may be on
 * another grid (resampled through the affines, same patient frame assumed). --mask and --liver are on
 * the pre CT's grid, --post-mask on the post CT's grid.
 */
import { ingestCt, loadMask, segmentLesion, type LabelVolume } from '@mewm/dicom';
import { measureResponse, type ResponseMeasurement } from '@mewm/survival';
import { parseCommandArgs, parsePoint, requireString } from '../args.ts';
import { CliUsageError } from '../cli-error.ts';
import { fmt, printResult, type CommandIo } from '../output.ts';

export const MEASURE_USAGE = 'mewm measure --pre <ct> --post <ct> (--mask <mask> | --point x,y,z) [--post-mask <mask>] [--liver <mask>] [--json]';

export async function measureCommand(argv: string[], io: CommandIo): Promise<void> {
  const { values } = parseCommandArgs(argv, {
    pre: { type: 'string' },
    post: { type: 'string' },
    mask: { type: 'string' },
    point: { type: 'string' },
    'post-mask': { type: 'string' },
    liver: { type: 'string' },
  });
  const prePath = requireString(values.pre, '--pre');
  const postPath = requireString(values.post, '--post');
  if ((values.mask === undefined) === (values.point === undefined)) throw new CliUsageError(`give exactly one of --mask or --point\nusage: ${MEASURE_USAGE}`);
  const point = values.point !== undefined ? parsePoint(values.point, '--point') : undefined;

  const pre = (await ingestCt([prePath])).volume;
  const post = (await ingestCt([postPath])).volume;
  const lesions: LabelVolume = values.mask !== undefined ? (await loadMask(values.mask, pre)).mask : segmentLesion(pre, point!).mask;
  const postMask = values['post-mask'] !== undefined ? (await loadMask(values['post-mask'], post)).mask : undefined;
  const liverMask = values.liver !== undefined ? (await loadMask(values.liver, pre)).mask : undefined;
  const t0 = performance.now();
  const m = measureResponse(pre, post, lesions, { ...(postMask ? { postMask } : {}), ...(liverMask ? { liverMask } : {}) });
  const measureMs = performance.now() - t0;
  printResult(io, { ...m, lesionSource: values.mask !== undefined ? 'mask' : 'point', timingsMs: { ...m.timingsMs, measure: measureMs } }, humanLines(m));
}

function humanLines(m: ResponseMeasurement): string[] {
  const p = m.patient;
  const pct = (x: number): string => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${(100 * x).toFixed(0)} %` : 'n/a');
  const lines = [
    'treatment response measured from CT intensities',
    `  mRECIST                ${p.mrecist} (viable diameter sum ${fmt(p.sumBaselineDiameterMm, 1)} → ${fmt(p.sumViableDiameterMm, 1)} mm, ${pct(p.diameterSumChange)})`,
    `  RECIST 1.1             ${p.recist.category} (diameter sum ${fmt(p.recist.sumBaselineDiameterMm, 1)} → ${fmt(p.recist.sumFollowUpDiameterMm, 1)} mm, ${pct(p.recist.diameterSumChange)})`,
    `  EASL                   ${p.easl.category} (enhancing area ${pct(p.easl.areaChange)}; volumetric ${p.easl.volumetricCategory}, ${pct(p.easl.volumeChange)})`,
    `  LI-RADS TR             ${p.liradsTr}`,
    `  viable tumour          ${fmt(p.viableVolumeMl)} mL of ${fmt(p.baselineVolumeMl)} mL at baseline`,
    `  necrosis               ${fmt(p.necroticVolumeMl)} mL (fraction ${fmt(p.necrosisFraction)})`,
    `  Lipiodol coverage      ${fmt(p.lipiodolCoverage)}`,
    `  ablation zone          ${fmt(p.ablationZoneVolumeMl)} mL`,
    `  resection cavity       ${fmt(p.resectionCavityVolumeMl)} mL`,
    `  new lesions            ${p.newLesionCount} confirmed (≥ 10 mm), ${p.equivocalNewLesionCount} equivocal`,
  ];
  for (const l of m.lesions) {
    lines.push(`  lesion ${l.lesion}${l.target ? ' (target)' : ''}: ${fmt(l.baselineDiameterMm, 1)} → viable ${fmt(l.viableDiameterMm, 1)} mm, ${fmt(l.viableVolumeMl)} mL viable, ${l.mrecist}, ${l.liradsTr}${l.treatmentZone ? `, ${l.treatmentZone.kind} ${fmt(l.treatmentZone.volumeMl)} mL` : ''}`);
  }
  const r = m.reference;
  lines.push(
    `  references             liver ${fmt(r.liverPreHu, 0)} → ${fmt(r.liverPostHu, 0)} HU (${r.liverSource}), tumour ${fmt(r.tumourPreHu, 0)} HU, non-enhancing ${r.nonEnhancingHu} HU`,
    `  post CT                ${m.alignment === 'sameGrid' ? 'on the pre CT grid' : 'resampled onto the pre CT grid through the affines (no registration)'}${m.postMaskUsed ? ', post-treatment mask used' : ''}`,
    ...m.warnings.map((w) => `  warning                ${w}`),
    `  time                   ${fmt(m.timingsMs.total, 0)} ms`,
  );
  return lines;
}

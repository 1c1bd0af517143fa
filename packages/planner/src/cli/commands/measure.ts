/**
 * `mewm measure --pre <ct> --post <ct> (--mask <m> | --point x,y,z) [--post-mask <m>] [--liver <m>] [--json]`
 * Treatment response measured from the CT intensities of a follow-up (simulated or real): viable
 * tumour, necrosis, Lipiodol, ablation zone or cavity, new lesions; mRECIST, RECIST 1.1, EASL and
 * LI-RADS TR (survival's measureResponse). CTs are NIfTI, DICOM folders or zips; the post CT may be on
 * another grid (resampled through the affines, same patient frame assumed). --mask and --liver are on
 * the pre CT's grid, --post-mask on the post CT's grid. When the follow-up shows an ablation zone, the
 * 3D minimal ablative margin measured on it is reported too (measured-margin.ts).
 */
import { measureResponse, type ResponseMeasurement } from '@mewm/survival';
import { parseCommandArgs } from '../args.ts';
import { measuredAblationMargin } from '../measured-margin.ts';
import { loadMeasureInputs, MEASURE_INPUT_OPTIONS } from '../measure-inputs.ts';
import { fmt, printResult, type CommandIo } from '../output.ts';

export const MEASURE_USAGE = 'mewm measure --pre <ct> --post <ct> (--mask <mask> | --point x,y,z) [--post-mask <mask>] [--liver <mask>] [--json]';

export async function measureCommand(argv: string[], io: CommandIo): Promise<void> {
  const { values } = parseCommandArgs(argv, MEASURE_INPUT_OPTIONS);
  const inputs = await loadMeasureInputs(values, MEASURE_USAGE);
  const t0 = performance.now();
  const { masks: _masks, ...m } = measureResponse(inputs.pre, inputs.post, inputs.lesions, { ...inputs.options, includeMasks: true });
  const margin = measuredAblationMargin({ ...m, ...(_masks ? { masks: _masks } : {}) }, inputs.lesions);
  const measureMs = performance.now() - t0;
  const lines = measurementLines(m);
  if (margin) {
    lines.splice(lines.findIndex((l) => l.startsWith('  resection cavity')) + 1, 0, `  minimal ablative margin ${fmt(margin.minimalMarginMm, 1)} mm (tumour surface to the outside of the ablation zone on the image${margin.uncoveredVoxels > 0 ? `; ${margin.uncoveredVoxels} of ${margin.lesionVoxels} tumour voxels outside it` : ''})`);
  }
  printResult(io, { ...m, ablationMargin: margin, lesionSource: inputs.lesionSource, timingsMs: { ...m.timingsMs, measure: measureMs } }, lines);
}

/** The human-readable measurement summary (also printed by `mewm score`). */
export function measurementLines(m: ResponseMeasurement): string[] {
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

/**
 * "Reader's measurements": the lengths, bidimensional measurements and ROIs a reader made in the web
 * app's viewer on this plan's pre-treatment CT (its series) and simulated samples. They are not part of
 * report.json (the reproducible plan) but kept with the case; the web app adds this section when it
 * exports the PDF. Values as computed by the server from the stored volumes, printed with the same
 * formatting as the viewer (contracts formatMeasurementValues).
 */
import {
  MEASUREMENT_KIND_LABEL, formatMeasurementValues, measurementTargetLabel, type Measurement, type PlanReport,
} from '@mewm/contracts';
import { COLOUR, ensureSpace, heading, paragraph, table, type Doc } from './pdf-layout.ts';

/** One row per measurement: label, kind, where, plane, values, note. Shared with tests that read the PDF text back. */
export function measurementRows(r: Pick<PlanReport, 'candidates'>, measurements: readonly Measurement[]): string[][] {
  const rankOf = (name: string) => r.candidates.find((c) => c.name === name)?.rank;
  return measurements.map((m) => [
    m.label, MEASUREMENT_KIND_LABEL[m.geometry.kind], measurementTargetLabel(m.target, rankOf), m.geometry.plane, formatMeasurementValues(m.values), m.note ?? '',
  ]);
}

export function drawMeasurements(doc: Doc, r: PlanReport, measurements: readonly Measurement[]): void {
  if (measurements.length === 0) return;
  ensureSpace(doc, 160);
  doc.moveDown(0.8);
  heading(doc, "Reader's measurements", 16);
  paragraph(doc,
    `${measurements.length} measurement${measurements.length === 1 ? '' : 's'} made in the viewer on this plan's pre-treatment CT and simulated follow-ups, `
    + 'computed from the stored volumes (lengths in mm between the RAS points; an ROI is the sphere through the drawn radius: '
    + 'the voxels whose centres lie inside it, their mean, SD, minimum and maximum HU and their volume). Kept with the case, not part of report.json. '
    + 'On a simulated follow-up they measure a model output. Research use only, not for clinical use.',
    { size: 8.5, colour: COLOUR.muted });
  table(doc, [
    { header: 'Label', width: 34 }, { header: 'Kind', width: 62 }, { header: 'On', width: 110 }, { header: 'Plane', width: 44 },
    { header: 'Values', width: 180 }, { header: 'Note', width: 85 },
  ], measurementRows(r, measurements));
}

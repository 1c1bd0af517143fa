/**
 * The target-lesion table (RECIST 1.1 / mRECIST): per candidate, per simulated sample and lesion, the
 * baseline and follow-up diameters and volumes, the changes and the categories, as the critic measured
 * them on each simulated follow-up CT. The rows and their strings are the contracts' targetLesionRows,
 * the web app's too. Long tables are cut to what stays readable (MAX_PDF_TARGET_ROWS; samples, then
 * lesions per sample), and the page says what was left out (all of it is in report.json and the web app).
 */
import {
  RESEARCH_USE_LABEL, TARGET_LESION_COLUMNS, TARGET_LESION_NOTE, TARGET_LESION_RULES, sampleNumber, targetLesionCells, targetLesionRows,
  type PlanReport, type TargetLesionRow,
} from '@mewm/contracts';
import { COLOUR, FONT, contentWidth, ensureSpace, heading, paragraph, table, type Doc, type TableColumn } from './pdf-layout.ts';
import { pdfSafeText } from './pdf-text.ts';

/** Most table rows in the PDF (about three pages); beyond it fewer samples per candidate are shown. */
export const MAX_PDF_TARGET_ROWS = 120;
/** Most lesion rows per sample (all targets, then the lowest-numbered, i.e. largest, lesions). */
export const MAX_PDF_LESIONS_PER_SAMPLE = 10;

/** The PDF's columns: all but the candidate (each candidate has its own table), widths in pt (482 of the 495 available). */
const WIDTHS: Record<string, number> = {
  sample: 38, lesion: 32, target: 32, baselineDiameterMm: 42, baselineVolumeMl: 40, followUpDiameterMm: 42, recistChange: 44, recist: 36,
  viableDiameterMm: 46, viableVolumeMl: 40, mrecistChange: 44, mrecist: 46,
};
export const PDF_TARGET_COLUMNS = TARGET_LESION_COLUMNS.filter((c) => c.key !== 'candidate');

export interface TargetLesionSelection {
  /** The rows drawn, in order. */
  rows: TargetLesionRow[];
  /** Samples shown per candidate (the first ones, by index) and the total. */
  samplesShown: number;
  samples: number;
  /** Lesion rows shown per sample, and the lesions there are. */
  lesionsShown: number;
  lesions: number;
}

/** The rows the PDF shows: every row when they fit in `maxRows`, else the first samples per candidate (at least one) and at most `maxLesions` lesions per sample. */
export function selectTargetLesionRows(r: PlanReport, maxRows = MAX_PDF_TARGET_ROWS, maxLesions = MAX_PDF_LESIONS_PER_SAMPLE): TargetLesionSelection {
  const all = targetLesionRows(r);
  // targetLesionRows gives each sample's rows together, its sum row last
  const groups: TargetLesionRow[][] = [];
  let current: TargetLesionRow[] = [];
  for (const row of all) {
    current.push(row);
    if (row.lesion === null) { groups.push(current); current = []; }
  }
  const trimmed = groups.map((g) => {
    const lesionRows = g.filter((x) => x.lesion !== null);
    if (lesionRows.length <= maxLesions) return g;
    const targets = lesionRows.filter((x) => x.target);
    const keep = new Set([...targets, ...lesionRows.filter((x) => !x.target).slice(0, Math.max(0, maxLesions - targets.length))]);
    return g.filter((x) => x.lesion === null || keep.has(x));
  });
  const rowsPerSample = Math.max(1, ...trimmed.map((g) => g.length));
  const candidates = new Set(all.map((x) => x.candidateName)).size;
  const samples = r.settings.samples;
  const samplesShown = Math.max(1, Math.min(samples, Math.floor(maxRows / Math.max(1, candidates * rowsPerSample))));
  const rows = trimmed.filter((g) => g[0]!.sampleIndex < samplesShown).flat();
  return { rows, samplesShown, samples, lesionsShown: Math.min(r.lesions.length, rowsPerSample - 1), lesions: r.lesions.length };
}

export function drawTargetLesions(doc: Doc, r: PlanReport): void {
  doc.addPage();
  heading(doc, 'Target lesions (RECIST 1.1 / mRECIST)', 16);
  const sel = selectTargetLesionRows(r);
  if (sel.rows.length === 0) {
    paragraph(doc, 'Not in this report: it was written before per-lesion measurements were recorded.', { size: 9, colour: COLOUR.muted });
    return;
  }
  paragraph(doc, `${RESEARCH_USE_LABEL}: measurements on simulated follow-up CTs, not on a patient's scan. Rules: ${TARGET_LESION_RULES}`, { size: 8.5 });
  paragraph(doc, TARGET_LESION_NOTE, { size: 7.5, colour: COLOUR.muted });
  const omitted: string[] = [];
  if (sel.samplesShown < sel.samples) omitted.push(`samples ${sampleNumber(sel.samplesShown)}-${sampleNumber(sel.samples - 1)} of each candidate`);
  if (sel.lesionsShown < sel.lesions) omitted.push(`all but ${sel.lesionsShown} of the ${sel.lesions} lesions per sample (the targets and the largest kept)`);
  if (omitted.length > 0) paragraph(doc, `Left out to keep the table readable: ${omitted.join('; ')}. Every row is in report.json and on the web app's results page.`, { size: 8, colour: COLOUR.warn });
  doc.moveDown(0.4);
  const columns: TableColumn[] = PDF_TARGET_COLUMNS.map((c) => ({ header: c.header, width: WIDTHS[c.key]!, align: c.key === 'sample' || c.key === 'lesion' || c.key === 'target' ? 'center' : 'right' }));
  const byCandidate = new Map<string, TargetLesionRow[]>();
  for (const row of sel.rows) byCandidate.set(row.candidateName, [...(byCandidate.get(row.candidateName) ?? []), row]);
  for (const rows of byCandidate.values()) {
    ensureSpace(doc, 80);
    doc.font(FONT.bold).fontSize(10.5).fillColor(COLOUR.text).text(pdfSafeText(rows[0]!.cells.candidate), doc.page.margins.left, doc.y, { width: contentWidth(doc) });
    doc.moveDown(0.2);
    table(doc, columns, rows.map((row) => targetLesionCells(row, PDF_TARGET_COLUMNS)), 7.5);
  }
}

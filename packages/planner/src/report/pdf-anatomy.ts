/**
 * The anatomy section: where the liver and vessel masks came from, and per candidate the minimal
 * ablative margin, the nearest vessel of at least 3 mm, the future liver remnant and the feasibility,
 * measured on its simulated follow-ups. The rows and strings are the contracts' anatomyRows, the web
 * app's too. Reports written before the plan knew the anatomy say so.
 */
import { ANATOMY_COLUMNS, ANATOMY_NOTE, RESEARCH_USE_LABEL, anatomyRows, anatomySourceNote, type PlanReport } from '@mewm/contracts';
import { COLOUR, ensureSpace, heading, paragraph, table, type Doc, type TableColumn } from './pdf-layout.ts';

/** Column widths, pt (of the 495 available). */
const WIDTHS: Record<string, number> = { candidate: 120, margin: 85, vessel: 95, remnant: 80, feasibility: 115 };

export function drawAnatomy(doc: Doc, r: PlanReport): void {
  ensureSpace(doc, 160);
  doc.moveDown(0.8);
  heading(doc, 'Anatomy: margins, vessels, liver remnant', 14);
  paragraph(doc, anatomySourceNote(r.anatomy), { size: 8.5 });
  const rows = anatomyRows(r);
  if (rows.length === 0) return;
  paragraph(doc, `${RESEARCH_USE_LABEL}: measured on simulated follow-up CTs, not on a patient's scan.`, { size: 8.5 });
  const columns: TableColumn[] = ANATOMY_COLUMNS.map((c) => ({ header: c.header, width: WIDTHS[c.key]!, align: c.key === 'candidate' || c.key === 'feasibility' ? 'left' : 'right' }));
  table(doc, columns, rows.map((row) => ANATOMY_COLUMNS.map((c) => row.cells[c.key])), 7.5);
  paragraph(doc, ANATOMY_NOTE, { size: 7.5, colour: COLOUR.muted });
}

/**
 * Page layout for the plan PDF: A4 portrait, margins, fonts, the running footer with the
 * research-use label and page numbers, headings, and a small auto-breaking table.
 */
import { RESEARCH_USE_LABEL } from '@mewm/contracts';
import type PDFDocument from 'pdfkit';
import { pdfSafeText } from './pdf-text.ts';

export type Doc = InstanceType<typeof PDFDocument>;

export const PAGE = { size: 'A4' as const, margin: 50, footerHeight: 30 };
export const FONT = { regular: 'Helvetica', bold: 'Helvetica-Bold', italic: 'Helvetica-Oblique' } as const;
export const COLOUR = { text: '#111111', muted: '#555555', rule: '#999999', band: '#eeeeee', warn: '#b00020' } as const;
export const FOOTER_LABEL = RESEARCH_USE_LABEL;

/** Width available for content, pt. */
export const contentWidth = (doc: Doc): number => doc.page.width - doc.page.margins.left - doc.page.margins.right;
/** Lowest y for content (above the footer), pt. */
export const contentBottom = (doc: Doc): number => doc.page.height - doc.page.margins.bottom;

/** Start a new page unless `heightPt` still fits below the current y. */
export function ensureSpace(doc: Doc, heightPt: number): void {
  if (doc.y + heightPt > contentBottom(doc)) doc.addPage();
}

export function heading(doc: Doc, text: string, size = 14): void {
  ensureSpace(doc, size * 3);
  doc.moveDown(0.4);
  doc.font(FONT.bold).fontSize(size).fillColor(COLOUR.text).text(pdfSafeText(text), doc.page.margins.left, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.3);
}

export function paragraph(doc: Doc, text: string, opts: { size?: number; font?: keyof typeof FONT; colour?: string } = {}): void {
  doc.font(FONT[opts.font ?? 'regular']).fontSize(opts.size ?? 9.5).fillColor(opts.colour ?? COLOUR.text);
  const t = pdfSafeText(text);
  ensureSpace(doc, Math.min(doc.heightOfString(t, { width: contentWidth(doc) }), 200));
  doc.text(t, doc.page.margins.left, doc.y, { width: contentWidth(doc) });
}

/** "label: value" lines with the label in bold. */
export function keyValues(doc: Doc, rows: Array<[string, string]>, size = 9.5): void {
  for (const [k, v] of rows) {
    ensureSpace(doc, size * 1.6);
    doc.font(FONT.bold).fontSize(size).fillColor(COLOUR.text).text(`${pdfSafeText(k)}: `, doc.page.margins.left, doc.y, { continued: true, width: contentWidth(doc) });
    doc.font(FONT.regular).text(pdfSafeText(v));
  }
}

export interface TableColumn { header: string; width: number; align?: 'left' | 'right' | 'center' }

/** A table with a shaded header row (repeated after a page break) and thin rules; cells wrap. */
export function table(doc: Doc, columns: TableColumn[], rows: string[][], size = 8): void {
  const x0 = doc.page.margins.left;
  const pad = 3;
  const rowHeight = (cells: string[], font: string) => {
    doc.font(font).fontSize(size);
    return Math.max(...cells.map((c, i) => doc.heightOfString(pdfSafeText(c), { width: columns[i]!.width - 2 * pad }))) + 2 * pad;
  };
  const drawRow = (cells: string[], font: string, shaded: boolean) => {
    const h = rowHeight(cells, font);
    const y = doc.y;
    const total = columns.reduce((a, c) => a + c.width, 0);
    if (shaded) doc.rect(x0, y, total, h).fill(COLOUR.band);
    let x = x0;
    doc.font(font).fontSize(size).fillColor(COLOUR.text);
    cells.forEach((c, i) => {
      const col = columns[i]!;
      doc.text(pdfSafeText(c), x + pad, y + pad, { width: col.width - 2 * pad, align: col.align ?? 'left' });
      x += col.width;
    });
    doc.moveTo(x0, y + h).lineTo(x0 + total, y + h).lineWidth(0.4).strokeColor(COLOUR.rule).stroke();
    doc.x = x0;
    doc.y = y + h;
  };
  const headers = columns.map((c) => c.header);
  ensureSpace(doc, rowHeight(headers, FONT.bold) + (rows[0] ? rowHeight(rows[0], FONT.regular) : 0));
  drawRow(headers, FONT.bold, true);
  for (const r of rows) {
    if (doc.y + rowHeight(r, FONT.regular) > contentBottom(doc)) {
      doc.addPage();
      drawRow(headers, FONT.bold, true);
    }
    drawRow(r, FONT.regular, false);
  }
  doc.moveDown(0.5);
}

/** Footer on every buffered page: the research-use label, the case pseudonym and "page i of n". */
export function drawFooters(doc: Doc, pseudonym: string): void {
  const range = doc.bufferedPageRange();
  for (let p = range.start; p < range.start + range.count; p++) {
    doc.switchToPage(p);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing inside the margin must not open a new page
    const y = doc.page.height - PAGE.margin + 8;
    const x = doc.page.margins.left;
    const w = contentWidth(doc);
    doc.moveTo(x, y - 4).lineTo(x + w, y - 4).lineWidth(0.4).strokeColor(COLOUR.rule).stroke();
    doc.font(FONT.bold).fontSize(8).fillColor(COLOUR.warn)
      .text(`MeWM plan report - ${FOOTER_LABEL}`, x, y, { width: w * 0.62, lineBreak: false });
    doc.font(FONT.regular).fontSize(8).fillColor(COLOUR.muted)
      .text(pdfSafeText(`case ${pseudonym} - page ${p - range.start + 1} of ${range.count}`), x + w * 0.62, y, { width: w * 0.38, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}

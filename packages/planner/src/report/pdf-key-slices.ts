/**
 * Per candidate, one page: axial and coronal key slices through the largest lesion, pre-treatment vs
 * simulated follow-up (liver window, radiological orientation with letters at the edges), plus an
 * axial close-up around the lesion (the same images magnified, centred on the lesion outline).
 */
import type { KeySliceImages } from '../plan/contracts.ts';
import { decodePngRgba, pngSize } from './encode-png.ts';
import { sampleLabel, type PlanReport, type PlanReportCandidate } from '@mewm/contracts';
import { COLOUR, FONT, contentWidth, type Doc } from './pdf-layout.ts';
import { fmtInterval, pdfSafeText } from './pdf-text.ts';
import { mrecistCounts } from './pdf-ranking.ts';
import { OUTLINE_RGB } from './render-key-slices.ts';

type Edges = [top: string, right: string, bottom: string, left: string];
const AXIAL: Edges = ['A', 'L', 'P', 'R'];
const CORONAL: Edges = ['S', 'L', 'I', 'R'];
const CAPTION = 12;

const toBuffer = (png: Uint8Array) => Buffer.from(png.buffer, png.byteOffset, png.byteLength);

function edgeLetters(doc: Doc, x: number, y: number, w: number, h: number, edges: Edges): void {
  const [top, right, bottom, left] = edges;
  doc.font(FONT.bold).fontSize(7.5).fillColor('#ffd54f');
  doc.text(top, x, y + 2, { width: w, align: 'center', lineBreak: false });
  doc.text(bottom, x, y + h - 10, { width: w, align: 'center', lineBreak: false });
  doc.text(left, x + 3, y + h / 2 - 4, { lineBreak: false });
  doc.text(right, x + w - 9, y + h / 2 - 4, { lineBreak: false });
}

/** An image fitted into a cell (aspect kept), with caption and orientation letters; returns the drawn height. */
function drawImage(doc: Doc, png: Uint8Array, x: number, y: number, w: number, h: number, edges: Edges, caption: string): number {
  const { widthPx, heightPx } = pngSize(png);
  const scale = Math.min(w / widthPx, (h - CAPTION) / heightPx);
  const iw = widthPx * scale, ih = heightPx * scale;
  const ix = x + (w - iw) / 2, iy = y + CAPTION;
  doc.font(FONT.bold).fontSize(8).fillColor(COLOUR.text).text(pdfSafeText(caption), x, y, { width: w, align: 'center', lineBreak: false });
  doc.image(toBuffer(png), ix, iy, { width: iw, height: ih });
  doc.rect(ix, iy, iw, ih).lineWidth(0.4).strokeColor(COLOUR.rule).stroke();
  edgeLetters(doc, ix, iy, iw, ih, edges);
  return CAPTION + ih;
}

/** Centre and extent (px) of the lesion outline drawn into a key slice, or undefined when none is visible. */
export function outlineBox(png: Uint8Array): { cx: number; cy: number; extentPx: number } | undefined {
  const { widthPx, heightPx, rgba } = decodePngRgba(png);
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let p = 0; p < widthPx * heightPx; p++) {
    if (rgba[4 * p] !== OUTLINE_RGB[0] || rgba[4 * p + 1] !== OUTLINE_RGB[1] || rgba[4 * p + 2] !== OUTLINE_RGB[2]) continue;
    const x = p % widthPx, y = Math.floor(p / widthPx);
    minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
  }
  if (!Number.isFinite(minX)) return undefined;
  return { cx: (minX + maxX + 1) / 2, cy: (minY + maxY + 1) / 2, extentPx: Math.max(maxX - minX + 1, maxY - minY + 1) };
}

/** Below this magnification a close-up adds nothing to the panel above it, and is left out. */
export const MIN_CLOSE_UP_MAGNIFICATION = 1.25;

/**
 * How wide (px of the key slice) the close-up's view is: five times the lesion's extent (at least 96 px),
 * but for a large lesion no wider than the lesion with a quarter of its extent either side, or two thirds
 * of the image, whichever is wider, so that it still magnifies (a large lesion once gave ×1.0, the panel
 * above again). The magnification is widthPx / view; under MIN_CLOSE_UP_MAGNIFICATION there is no close-up.
 */
export function closeUpViewWidth(widthPx: number, extentPx: number): number {
  return Math.min(widthPx, Math.max(96, 5 * extentPx), Math.max(1.5 * extentPx, widthPx / 1.5));
}

/** The image magnified around (cx, cy) and clipped to the cell: a close-up without re-rendering. */
function drawCloseUp(doc: Doc, png: Uint8Array, box: { cx: number; cy: number; extentPx: number }, x: number, y: number, w: number, h: number, caption: string): void {
  const { widthPx } = pngSize(png);
  const viewW = closeUpViewWidth(widthPx, box.extentPx);
  const scale = w / viewW;
  const ch = h - CAPTION;
  doc.font(FONT.bold).fontSize(8).fillColor(COLOUR.text).text(pdfSafeText(caption), x, y, { width: w, align: 'center', lineBreak: false });
  doc.save();
  doc.rect(x, y + CAPTION, w, ch).fill('#000000');
  doc.rect(x, y + CAPTION, w, ch).clip();
  doc.image(toBuffer(png), x + w / 2 - box.cx * scale, y + CAPTION + ch / 2 - box.cy * scale, { width: widthPx * scale });
  doc.restore();
  doc.rect(x, y + CAPTION, w, ch).lineWidth(0.4).strokeColor(COLOUR.rule).stroke();
  edgeLetters(doc, x, y + CAPTION, w, ch, AXIAL);
  // Scale bar: 10 mm is unknown in px here, so state the magnification instead.
  doc.font(FONT.regular).fontSize(7).fillColor('#ffd54f').text(`x${(viewW > 0 ? widthPx / viewW : 1).toFixed(1)}`, x + 4, y + CAPTION + ch - 10, { lineBreak: false });
}

function drawCandidatePage(doc: Doc, c: PlanReportCandidate, images: KeySliceImages | undefined, horizon: number): void {
  const x = doc.page.margins.left, w = contentWidth(doc);
  doc.font(FONT.bold).fontSize(13).fillColor(COLOUR.text).text(pdfSafeText(`#${c.rank}  ${c.name}`), x, doc.y, { width: w });
  doc.font(FONT.regular).fontSize(8.5).fillColor(COLOUR.muted)
    .text(pdfSafeText(`${c.description} - source: ${c.source}. ${c.rationale}`), x, doc.y + 1, { width: w, height: 34, ellipsis: true });
  doc.fillColor(COLOUR.text).fontSize(8.5).text(pdfSafeText(
    `RMST to ${horizon} mo ${fmtInterval(c.aggregate.rmstMonths)} months; log-risk ${fmtInterval(c.aggregate.logRisk, 2)}; `
    + `P(best) ${c.aggregate.pBest.toFixed(2)}; mRECIST CR/PR/SD/PD ${mrecistCounts(c)} of ${c.samples.length}`), x, doc.y + 2, { width: w });
  let y = doc.y + 6;
  if (!images) {
    doc.font(FONT.italic).fontSize(9).fillColor(COLOUR.muted).text('Key slices not available for this candidate.', x, y, { width: w });
    return;
  }
  const gap = 10, colW = (w - gap) / 2;
  const s0 = c.samples[0];
  const post = `simulated follow-up (${sampleLabel(s0?.index ?? 0)}${s0 ? `, ${s0.mrecist}` : ''})`;
  const axH = Math.max(
    drawImage(doc, images.axialPre, x, y, colW, colW + CAPTION, AXIAL, 'Axial, pre-treatment'),
    drawImage(doc, images.axialPost, x + colW + gap, y, colW, colW + CAPTION, AXIAL, `Axial, ${post}`),
  );
  y += axH + gap;
  const coH = Math.max(
    drawImage(doc, images.coronalPre, x, y, colW, colW + CAPTION, CORONAL, 'Coronal, pre-treatment'),
    drawImage(doc, images.coronalPost, x + colW + gap, y, colW, colW + CAPTION, CORONAL, `Coronal, ${post}`),
  );
  y += coH + gap;
  const box = outlineBox(images.axialPre);
  const bottom = doc.page.height - doc.page.margins.bottom;
  const widthPx = pngSize(images.axialPre).widthPx;
  const magnifies = box !== undefined && widthPx / closeUpViewWidth(widthPx, box.extentPx) >= MIN_CLOSE_UP_MAGNIFICATION;
  if (box && !magnifies) {
    doc.font(FONT.italic).fontSize(8).fillColor(COLOUR.muted).text('No axial close-up: the lesion fills most of the axial view above.', x, y, { width: w });
  } else if (box && bottom - y > 80) {
    const h = Math.min(bottom - y, colW * 0.8 + CAPTION);
    drawCloseUp(doc, images.axialPre, box, x, y, colW, h, 'Axial close-up, pre-treatment');
    drawCloseUp(doc, images.axialPost, box, x + colW + gap, y, colW, h, `Axial close-up, ${post}`);
  }
  doc.x = x;
}

export function drawKeySlicePages(doc: Doc, r: PlanReport, images: ReadonlyMap<string, KeySliceImages>): void {
  for (const c of [...r.candidates].sort((a, b) => a.rank - b.rank)) {
    doc.addPage();
    doc.font(FONT.regular).fontSize(8).fillColor(COLOUR.muted).text(
      'Key slices through the largest lesion: liver window W 150 / L 60 HU; patient right on the image left; '
      + 'amber outline = lesion before treatment. The follow-up is simulated, not observed.',
      doc.page.margins.left, doc.y, { width: contentWidth(doc) },
    );
    doc.moveDown(0.5);
    drawCandidatePage(doc, c, images.get(c.name), r.settings.rmstHorizonMonths);
  }
}

/**
 * Survival curves S(t) as vector graphics in the PDF: axes, ticks, labels, legend; months 0 to the
 * horizon (60). Series differ by colour, dash pattern and marker shape (@mewm/contracts `curveStyle`),
 * so a greyscale print stays readable, and earlier series are drawn wider underneath later ones, so
 * curves that coincide (tied candidates) stay visible as nested strokes; the legend then adds a note
 * naming the curves that overlap (`curveOverlapNotes`).
 */
import { curveOverlapNotes, curveStyle, survivalStepVertices, type CurveMarker } from '@mewm/contracts';
import { COLOUR, FONT, type Doc } from './pdf-layout.ts';
import { pdfSafeText } from './pdf-text.ts';

export interface SurvivalSeries {
  label: string;
  points: ReadonlyArray<{ months: number; s: number }>;
}

export interface ChartBox { x: number; y: number; width: number; height: number }

/**
 * Draw the chart inside `box` (pt). Points beyond `horizonMonths` are clipped at the horizon.
 * @returns the y just below the chart and its legend
 */
export function drawSurvivalChart(doc: Doc, box: ChartBox, series: SurvivalSeries[], horizonMonths = 60): number {
  const left = box.x + 38, right = box.x + box.width - 8, top = box.y + 8, bottom = box.y + box.height - 30;
  const px = (m: number) => left + (Math.min(m, horizonMonths) / horizonMonths) * (right - left);
  const py = (s: number) => bottom - Math.max(0, Math.min(1, s)) * (bottom - top);
  doc.save();
  // Grid and axes.
  doc.lineWidth(0.3).strokeColor('#dddddd');
  for (const s of [0.25, 0.5, 0.75, 1]) doc.moveTo(left, py(s)).lineTo(right, py(s)).stroke();
  for (let m = 12; m <= horizonMonths; m += 12) doc.moveTo(px(m), top).lineTo(px(m), bottom).stroke();
  doc.lineWidth(0.8).strokeColor(COLOUR.text).moveTo(left, top).lineTo(left, bottom).lineTo(right, bottom).stroke();
  doc.font(FONT.regular).fontSize(7.5).fillColor(COLOUR.text);
  for (let m = 0; m <= horizonMonths; m += 12) {
    doc.moveTo(px(m), bottom).lineTo(px(m), bottom + 3).stroke();
    doc.text(String(m), px(m) - 10, bottom + 5, { width: 20, align: 'center', lineBreak: false });
  }
  for (const s of [0, 0.25, 0.5, 0.75, 1]) {
    doc.moveTo(left - 3, py(s)).lineTo(left, py(s)).stroke();
    doc.text(s.toFixed(2), left - 28, py(s) - 3, { width: 23, align: 'right', lineBreak: false });
  }
  doc.fontSize(8).text('months after treatment', left, bottom + 16, { width: right - left, align: 'center', lineBreak: false });
  doc.save().rotate(-90, { origin: [box.x + 6, (top + bottom) / 2] });
  doc.text('survival probability S(t)', box.x + 6 - 60, (top + bottom) / 2 - 4, { width: 120, align: 'center', lineBreak: false });
  doc.restore();
  // Curves: the first (widest) underneath, each with its dash pattern and marker shape.
  const styles = series.map((_, i) => curveStyle(i, series.length));
  series.forEach((ser, i) => {
    const st = styles[i]!;
    const pts = ser.points.filter((p) => Number.isFinite(p.months) && Number.isFinite(p.s) && p.months >= 0).slice().sort((a, b) => a.months - b.months);
    if (pts.length === 0) return;
    doc.lineWidth(st.lineWidth).strokeColor(st.colour);
    setDash(doc, st.dash);
    // a staircase, as on the web (survivalStepVertices), not straight lines between the points
    survivalStepVertices(pts).forEach((p, k) => (k === 0 ? doc.moveTo(px(p.months), py(p.s)) : doc.lineTo(px(p.months), py(p.s))));
    doc.stroke().undash();
    doc.fillColor(st.colour);
    for (const p of pts) if (p.months <= horizonMonths) drawMarker(doc, st.marker, px(p.months), py(p.s), 1.4 + 0.4 * (series.length - 1 - i));
  });
  // Legend, below the axis label.
  let ly = bottom + 30, lx = left;
  doc.font(FONT.regular).fontSize(8);
  series.forEach((ser, i) => {
    const st = styles[i]!;
    const label = pdfSafeText(ser.label);
    const w = 26 + doc.widthOfString(label) + 14;
    if (lx + w > right) { lx = left; ly += 12; }
    doc.lineWidth(1.6).strokeColor(st.colour);
    setDash(doc, st.dash);
    doc.moveTo(lx, ly + 3.5).lineTo(lx + 20, ly + 3.5).stroke().undash();
    doc.fillColor(st.colour);
    drawMarker(doc, st.marker, lx + 10, ly + 3.5, 2);
    doc.fillColor(COLOUR.text).text(label, lx + 24, ly, { lineBreak: false });
    lx += w;
  });
  for (const note of curveOverlapNotes(series.map((s) => s.points), series.map((s) => s.label))) {
    ly += 12;
    doc.fillColor(COLOUR.text).text(pdfSafeText(note), left, ly, { width: right - left });
    ly = doc.y - 10;
  }
  doc.restore();
  return ly + 14;
}

/** PDFKit takes a whole dash array at run time (its typings declare a single length only). */
function setDash(doc: Doc, dash: readonly number[]): void {
  if (dash.length > 0) doc.dash([...dash] as unknown as number, {}); else doc.undash();
}

/** A filled marker of the given shape centred on (x, y), `r` its half-size (pt). */
function drawMarker(doc: Doc, marker: CurveMarker, x: number, y: number, r: number): void {
  if (marker === 'circle') doc.circle(x, y, r).fill();
  else if (marker === 'square') doc.rect(x - r, y - r, 2 * r, 2 * r).fill();
  else if (marker === 'triangle') doc.polygon([x, y - r * 1.2], [x + r * 1.1, y + r * 0.8], [x - r * 1.1, y + r * 0.8]).fill();
  else doc.polygon([x, y - r * 1.3], [x + r * 1.1, y], [x, y + r * 1.3], [x - r * 1.1, y]).fill();
}

/**
 * Survival curves S(t) as vector graphics in the PDF: axes, ticks, labels, legend; months 0 to the
 * horizon (60). Series differ by colour and by dash pattern, so a greyscale print stays readable.
 */
import { COLOUR, FONT, type Doc } from './pdf-layout.ts';
import { pdfSafeText } from './pdf-text.ts';

export interface SurvivalSeries {
  label: string;
  points: ReadonlyArray<{ months: number; s: number }>;
}

/** Colour-blind-safe colours (Okabe–Ito) and dash patterns for up to 4 series. */
export const SERIES_STYLE = [
  { colour: '#0072B2', dash: null },
  { colour: '#D55E00', dash: [6, 3] },
  { colour: '#009E73', dash: [2, 2] },
  { colour: '#CC79A7', dash: [8, 2, 2, 2] },
] as const;

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
  // Curves.
  series.forEach((ser, i) => {
    const st = SERIES_STYLE[i % SERIES_STYLE.length]!;
    const pts = ser.points.filter((p) => Number.isFinite(p.months) && Number.isFinite(p.s) && p.months >= 0).slice().sort((a, b) => a.months - b.months);
    if (pts.length === 0) return;
    doc.lineWidth(1.6).strokeColor(st.colour);
    if (st.dash) doc.dash(st.dash[0], { space: st.dash[1] }); else doc.undash();
    pts.forEach((p, k) => (k === 0 ? doc.moveTo(px(p.months), py(p.s)) : doc.lineTo(px(p.months), py(p.s))));
    doc.stroke().undash();
    doc.fillColor(st.colour);
    for (const p of pts) if (p.months <= horizonMonths) doc.circle(px(p.months), py(p.s), 1.6).fill();
  });
  // Legend, below the axis label.
  let ly = bottom + 30, lx = left;
  doc.font(FONT.regular).fontSize(8);
  series.forEach((ser, i) => {
    const st = SERIES_STYLE[i % SERIES_STYLE.length]!;
    const label = pdfSafeText(ser.label);
    const w = 26 + doc.widthOfString(label) + 14;
    if (lx + w > right) { lx = left; ly += 12; }
    doc.lineWidth(1.6).strokeColor(st.colour);
    if (st.dash) doc.dash(st.dash[0], { space: st.dash[1] }); else doc.undash();
    doc.moveTo(lx, ly + 3.5).lineTo(lx + 20, ly + 3.5).stroke().undash();
    doc.fillColor(COLOUR.text).text(label, lx + 24, ly, { lineBreak: false });
    lx += w;
  });
  doc.restore();
  return ly + 14;
}

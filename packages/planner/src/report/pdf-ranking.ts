/**
 * The ranked table (expected RMST, log-risk, P(best), mRECIST over samples) and the survival curves
 * of the top candidates.
 */
import type { PlanReport, PlanReportCandidate } from '@mewm/contracts';
import { COLOUR, contentWidth, ensureSpace, heading, paragraph, table, type Doc } from './pdf-layout.ts';
import { fmt, fmtInterval } from './pdf-text.ts';
import { drawSurvivalChart } from './survival-chart.ts';

const MRECIST = ['CR', 'PR', 'SD', 'PD'] as const;

/** "CR/PR/SD/PD" counts over the candidate's samples, e.g. "1/2/1/0". */
export function mrecistCounts(c: PlanReportCandidate): string {
  return MRECIST.map((m) => c.samples.filter((s) => s.mrecist === m).length).join('/');
}

export function drawRanking(doc: Doc, r: PlanReport, topN = 3): void {
  doc.addPage();
  const sorted = [...r.candidates].sort((a, b) => a.rank - b.rank);
  heading(doc, 'Ranked candidates', 16);
  paragraph(doc, `Ranked by expected restricted mean survival time (RMST) to ${r.settings.rmstHorizonMonths} months. `
    + `Each candidate was simulated K = ${r.settings.samples} times; intervals are 95% intervals over the samples `
    + '(Monte Carlo uncertainty under the model, not the uncertainty of the models themselves). Higher log-risk is worse.', { size: 8.5, colour: COLOUR.muted });
  doc.moveDown(0.5);
  table(doc, [
    { header: 'Rank', width: 30, align: 'center' },
    { header: 'Candidate', width: 150 },
    { header: 'Source', width: 50 },
    { header: `RMST to ${r.settings.rmstHorizonMonths} mo (months) [95% CI]`, width: 82, align: 'right' },
    { header: 'Log-risk [95% CI]', width: 82, align: 'right' },
    { header: 'P(best)', width: 40, align: 'right' },
    { header: 'mRECIST CR/PR/SD/PD (of K)', width: 61, align: 'center' },
  ], sorted.map((c) => [
    String(c.rank),
    `${c.name}\n${c.description}`,
    c.source,
    fmtInterval(c.aggregate.rmstMonths, 1),
    fmtInterval(c.aggregate.logRisk, 2),
    fmt(c.aggregate.pBest, 2),
    mrecistCounts(c),
  ]));
  const assumed = sorted.filter((c) => c.riskModality.assumed);
  if (assumed.length > 0) {
    paragraph(doc, `Risk-model modality assumed for: ${assumed.map((c) => `${c.name} (${c.riskModality.note})`).join('; ')}.`, { size: 7.5, colour: COLOUR.muted });
  }
  const top = sorted.slice(0, topN);
  ensureSpace(doc, 300);
  heading(doc, `Predicted survival of the top ${top.length} candidate${top.length === 1 ? '' : 's'}`, 13);
  const y = doc.y;
  const end = drawSurvivalChart(
    doc,
    { x: doc.page.margins.left, y, width: contentWidth(doc), height: 250 },
    top.map((c) => ({ label: `#${c.rank} ${c.name}`, points: c.aggregate.survivalCurve })),
    r.settings.rmstHorizonMonths,
  );
  doc.x = doc.page.margins.left;
  doc.y = end + 4;
  paragraph(doc, 'Mean of the samples\' survival curves S(t) from the risk model; markers show the time points the model reports.', { size: 8, colour: COLOUR.muted });
  const coincide = top.length > 1 && top.slice(1).every((c) => c.aggregate.survivalCurve.every((p, t) => Math.abs(p.s - (top[0]!.aggregate.survivalCurve[t]?.s ?? Number.NaN)) < 1e-3));
  if (coincide) paragraph(doc, 'The curves coincide (the risk model gives these candidates the same predicted survival); they are drawn on top of each other.', { size: 8, colour: COLOUR.muted });
}

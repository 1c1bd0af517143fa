/**
 * The ranked table (expected RMST, log-risk, P(best), mRECIST over samples) and the survival curves
 * of the top candidates. The intervals say what they are (the samples' range below 10 samples, else a
 * 95% t-interval); candidates of one tie group are marked "not distinguishable by these models".
 */
import { infeasibleNote, intervalKindLabel, NOT_DISTINGUISHABLE_TEXT, tieGroupNote, unreadOutcomesNote, type PlanReport, type PlanReportCandidate } from '@mewm/contracts';
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
  const kind = intervalKindLabel(sorted[0]!.aggregate.rmstMonths.kind, r.settings.samples);
  const intervalText = sorted[0]!.aggregate.rmstMonths.kind === 'range'
    ? `intervals are the ${kind} (lowest–highest; fewer than 10 samples give no meaningful 95% interval)`
    : `intervals are ${kind}s of the mean over the samples, kept inside the valid range`;
  paragraph(doc, `Ranked by expected restricted mean survival time (RMST) to ${r.settings.rmstHorizonMonths} months. `
    + `Each candidate was simulated K = ${r.settings.samples} times; ${intervalText} `
    + '(Monte Carlo spread under the model, not the uncertainty of the models themselves). Higher log-risk is worse.', { size: 8.5, colour: COLOUR.muted });
  doc.moveDown(0.5);
  table(doc, [
    { header: 'Rank', width: 30, align: 'center' },
    { header: 'Candidate', width: 150 },
    { header: 'Source', width: 50 },
    { header: `RMST to ${r.settings.rmstHorizonMonths} mo (months) [${kind}]`, width: 82, align: 'right' },
    { header: `Log-risk [${kind}]`, width: 82, align: 'right' },
    { header: 'P(best)', width: 40, align: 'right' },
    { header: 'mRECIST CR/PR/SD/PD (of K)', width: 61, align: 'center' },
  ], sorted.map((c) => [
    String(c.rank),
    [c.name, c.description, tieGroupNote(c.tieGroup), infeasibleNote(c) === null ? null : 'not feasible on this anatomy (see below)'].filter((x) => x !== null).join('\n'),
    c.source,
    fmtInterval(c.aggregate.rmstMonths, 1),
    fmtInterval(c.aggregate.logRisk, 2),
    fmt(c.aggregate.pBest, 2),
    mrecistCounts(c),
  ]));
  const groups = [...new Set(sorted.map((c) => c.tieGroup).filter((g): g is number => typeof g === 'number'))];
  for (const g of groups) {
    const members = sorted.filter((c) => c.tieGroup === g).map((c) => `#${c.rank} ${c.name}`);
    paragraph(doc, `Tie group ${g}, ${NOT_DISTINGUISHABLE_TEXT}: ${members.join(', ')} have the same log-risk and RMST on every simulated sample; their order is alphabetical only.`, { size: 8, colour: COLOUR.text });
  }
  const infeasible = sorted.flatMap((c) => { const note = infeasibleNote(c); return note ? [`#${c.rank} ${c.name}: ${note}`] : []; });
  if (infeasible.length > 0) paragraph(doc, infeasible.join('. '), { size: 7.5, colour: COLOUR.warn });
  const unread = sorted.flatMap((c) => { const note = unreadOutcomesNote(c); return note ? [`#${c.rank} ${c.name}: ${note}`] : []; });
  if (unread.length > 0) paragraph(doc, `${unread.join('. ')}.`, { size: 7.5, colour: COLOUR.text });
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
}

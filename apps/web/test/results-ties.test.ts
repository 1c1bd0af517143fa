/**
 * The results view says what its intervals are and which candidates the models cannot tell apart:
 * the ranked table's header names the interval kind (the samples' range below 10 samples), tied
 * candidates read "not distinguishable by these models", and the survival chart draws every curve
 * with its own dash pattern, marker and width, noting the curves that overlap. Server-rendered markup
 * of the real components with the planner's synthetic report (tied and untied), no browser.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { PlanReportView } from '../src/client/plan-job-events.ts';
import { ResultsTable } from '../src/components/results-table.tsx';
import { SurvivalChart } from '../src/components/survival-chart.tsx';
import { CANDIDATE_NAMES, syntheticReport, TIED_NAME } from '../../../packages/planner/test/report-pdf-fixture.ts';

const table = (report: PlanReportView) => renderToStaticMarkup(createElement(ResultsTable, { report }));
const chart = (report: PlanReportView) => renderToStaticMarkup(createElement(SurvivalChart, {
  horizonMonths: report.settings.rmstHorizonMonths,
  series: report.candidates.slice(0, 3).map((c) => ({ name: c.name, rank: c.rank, curve: c.aggregate.survivalCurve })),
}));
const decode = (html: string) => html.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;/g, "'");

describe('results view: interval kind and ties', () => {
  it('names the interval kind in the header and shows the range of the samples', () => {
    const report = syntheticReport();
    const html = decode(table(report));
    expect(html).toContain('RMST to 60 months (range of 4 samples)');
    expect(html).toContain('mean log-risk (range of 4 samples)');
    const first = report.candidates[0]!.aggregate.rmstMonths;
    expect(html).toContain(`${first.mean.toFixed(1)} (${first.lo.toFixed(1)}–${first.hi.toFixed(1)})`);
    expect(first.lo).toBeLessThan(first.hi);
    expect(html).not.toContain('not distinguishable');
  });

  it('marks both tied candidates "not distinguishable by these models" with their group, and no other', () => {
    const html = decode(table(syntheticReport({ tie: true })));
    const rows = html.split('<tr').slice(2);
    const tied = rows.filter((r) => r.includes('tie group 1: not distinguishable by these models'));
    expect(tied.map((r) => /data-candidate="([^"]+)"/.exec(r)?.[1])).toEqual([CANDIDATE_NAMES[0], TIED_NAME]);
    for (const r of tied) expect(r).toContain('data-tie-group="1"');
    expect(rows.length - tied.length).toBe(3);
  });

  it('keeps tied survival curves visible: distinct dashes, markers and nested widths, and a legend note that they overlap', () => {
    const html = decode(chart(syntheticReport({ tie: true })));
    const paths = [...html.matchAll(/<g data-candidate="([^"]+)" data-marker="([^"]+)"><path d="([^"]+)"[^>]*stroke-width="([^"]+)"(?: stroke-dasharray="([^"]+)")?/g)]
      .map((m) => ({ name: m[1], marker: m[2], d: m[3], width: Number(m[4]), dash: m[5] ?? 'solid' }));
    expect(paths.map((p) => p.name)).toEqual([CANDIDATE_NAMES[0], TIED_NAME, CANDIDATE_NAMES[2]]);
    expect(paths[0]!.d).toBe(paths[1]!.d); // the tied curves coincide ...
    expect(paths[0]!.dash).not.toBe(paths[1]!.dash); // ... but are drawn differently
    expect(paths[0]!.marker).not.toBe(paths[1]!.marker);
    expect(paths[0]!.width).toBeGreaterThan(paths[1]!.width); // the first underneath, wider
    expect(new Set(paths.map((p) => p.dash)).size).toBe(3);
    expect(html).toContain(`curves overlap: #1 ${CANDIDATE_NAMES[0]} = #2 ${TIED_NAME}`);
    expect(decode(chart(syntheticReport()))).not.toContain('curves overlap');
  });
});

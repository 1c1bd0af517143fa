/**
 * The results view's target-lesion table (RECIST 1.1 / mRECIST) shows the contracts' targetLesionRows,
 * cell for cell (the PDF's strings), every sample by default, with the rules cited and the research-use
 * label; a report written before the table says it has none. Server-rendered markup of the real
 * component with the planner's synthetic report, no browser.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { RESEARCH_USE_LABEL, TARGET_LESION_COLUMNS, targetLesionCells, targetLesionRows, type PlanReport } from '@mewm/contracts';
import { ResultsTargetLesions } from '../src/components/results-target-lesions.tsx';
import { syntheticReport } from '../../../packages/planner/test/report-pdf-fixture.ts';

const render = (report: PlanReport) => renderToStaticMarkup(createElement(ResultsTargetLesions, { report }));
const decode = (html: string) => html.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;/g, "'");

describe('results view: target-lesion table', () => {
  it('shows every row of every sample with the display helper\'s cells, in column order', () => {
    const report = syntheticReport();
    const html = decode(render(report));
    const rows = html.split('<tr').slice(2).map((r) => ({
      candidate: /data-candidate="([^"]+)"/.exec(r)?.[1], sample: /data-sample="([^"]+)"/.exec(r)?.[1], lesion: /data-lesion="([^"]+)"/.exec(r)?.[1],
      cells: [...r.matchAll(/<td data-col="[^"]+">([^<]*)<\/td>/g)].map((m) => m[1]),
    }));
    const expected = targetLesionRows(report);
    expect(rows).toHaveLength(expected.length);
    rows.forEach((r, k) => {
      const e = expected[k]!;
      expect(r).toEqual({ candidate: e.candidateName, sample: String(e.sampleIndex + 1), lesion: e.lesion === null ? 'sum' : String(e.lesion), cells: targetLesionCells(e) });
    });
    for (const c of TARGET_LESION_COLUMNS) expect(html).toContain(`<th scope="col">${c.header}</th>`);
    expect(html).toContain('Eisenhauer EA et al., Eur J Cancer 2009;45:228-47');
    expect(html).toContain('Lencioni R, Llovet JM, Semin Liver Dis 2010;30:52-60');
    expect(html).toContain(RESEARCH_USE_LABEL);
    // the selector offers all samples (chosen) and each sample, numbered from 1
    expect(html).toMatch(/data-testid="target-lesions-sample"[^>]*>.*<option value="all" selected="">all samples<\/option><option value="0">sample 1<\/option>/);
  });

  it('a report written before the table says so instead of an empty table', () => {
    const base = syntheticReport();
    const old = { ...base, candidates: base.candidates.map((c) => ({ ...c, samples: c.samples.map(({ measured: _m, ...s }) => s) })) };
    const html = render(old);
    expect(html).toContain('data-testid="target-lesions-none"');
    expect(html).not.toContain('data-testid="target-lesions"');
  });
});

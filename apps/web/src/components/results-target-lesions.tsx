'use client';
/**
 * The target-lesion table (RECIST 1.1 / mRECIST) of a plan: per candidate, simulated sample and lesion,
 * the baseline and follow-up diameters and volumes, the changes and the categories the critic measured
 * on each simulated follow-up CT. Rows and strings are the contracts' targetLesionRows, as in the PDF;
 * a selector shows all samples or one. Research use only.
 */
import { useState } from 'react';
import {
  RESEARCH_USE_LABEL, TARGET_LESION_COLUMNS, TARGET_LESION_NOTE, TARGET_LESION_RULES, sampleLabel, sampleNumber, targetLesionRows, type PlanReport,
} from '@mewm/contracts';

/** Above this many rows the table opens on sample 1 instead of all samples. */
const ALL_SAMPLES_MAX_ROWS = 200;

export function ResultsTargetLesions({ report }: { report: PlanReport }) {
  const rows = targetLesionRows(report);
  const [choice, setChoice] = useState<'all' | number>(rows.length <= ALL_SAMPLES_MAX_ROWS ? 'all' : 0);
  if (rows.length === 0) {
    return <p data-testid="target-lesions-none">Not in this report: it was written before per-lesion measurements were recorded.</p>;
  }
  const shown = choice === 'all' ? rows : rows.filter((r) => r.sampleIndex === choice);
  return (
    <>
      <p className="note">{RESEARCH_USE_LABEL}: measurements on simulated follow-up CTs, not on a patient&apos;s scan. Rules: {TARGET_LESION_RULES}</p>
      <p className="toolbar">
        <label>Show <select
          value={String(choice)}
          onChange={(e) => setChoice(e.target.value === 'all' ? 'all' : Number(e.target.value))}
          aria-label="Samples shown in the target-lesion table"
          data-testid="target-lesions-sample"
        >
          <option value="all">all samples</option>
          {Array.from({ length: report.settings.samples }, (_, i) => <option key={i} value={i}>{sampleLabel(i)}</option>)}
        </select></label>
      </p>
      <div className="table-scroll">
        <table className="target-lesions" data-testid="target-lesions">
          <thead><tr>{TARGET_LESION_COLUMNS.map((c) => <th key={c.key} scope="col">{c.header}</th>)}</tr></thead>
          <tbody>
            {shown.map((r) => (
              <tr
                key={`${r.candidateName}-${r.sampleIndex}-${r.lesion ?? 'sum'}`}
                className={r.lesion === null ? 'sum' : undefined}
                data-testid="target-lesion-row"
                data-candidate={r.candidateName}
                data-sample={sampleNumber(r.sampleIndex)}
                data-lesion={r.lesion ?? 'sum'}
              >
                {TARGET_LESION_COLUMNS.map((c) => <td key={c.key} data-col={c.key}>{r.cells[c.key]}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="note">{TARGET_LESION_NOTE}</p>
    </>
  );
}

'use client';
/**
 * The anatomy table of a plan: where the liver and vessel masks came from, and per candidate the
 * minimal ablative margin, the nearest vessel of at least 3 mm, the future liver remnant and the
 * feasibility (with the reason when not), measured on its simulated follow-ups. Rows and strings are
 * the contracts' anatomyRows, as in the PDF. Research use only.
 */
import { ANATOMY_COLUMNS, ANATOMY_NOTE, RESEARCH_USE_LABEL, anatomyRows, anatomySourceNote, type PlanReport } from '@mewm/contracts';

export function ResultsAnatomy({ report }: { report: PlanReport }) {
  const rows = anatomyRows(report);
  return (
    <>
      <p className="note" data-testid="anatomy-source">{anatomySourceNote(report.anatomy)}</p>
      {rows.length > 0 && (
        <>
          <p className="note">{RESEARCH_USE_LABEL}: measured on simulated follow-up CTs, not on a patient&apos;s scan.</p>
          <div className="table-scroll">
            <table className="anatomy" data-testid="anatomy">
              <thead><tr>{ANATOMY_COLUMNS.map((c) => <th key={c.key} scope="col">{c.header}</th>)}</tr></thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.candidateName} data-testid="anatomy-row" data-candidate={r.candidateName} data-feasible={String(r.feasible)} className={r.feasible ? undefined : 'infeasible'}>
                    {ANATOMY_COLUMNS.map((c) => <td key={c.key} data-col={c.key}>{r.cells[c.key]}</td>)}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="note">{ANATOMY_NOTE}</p>
        </>
      )}
    </>
  );
}

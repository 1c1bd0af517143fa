/**
 * The ranked candidates: RMST to the horizon and mean log-risk with their intervals (the header says
 * what they are: the samples' range below 10 samples, else a 95 % t-interval), P(best), mRECIST
 * counts; candidates of one tie group are marked "not distinguishable by these models".
 */
import { infeasibleNote, intervalKindLabel, tieGroupNote, unreadOutcomesNote } from '@mewm/contracts';
import type { PlanReportView } from '../client/plan-job-events.ts';

const MRECIST = ['CR', 'PR', 'SD', 'PD'] as const;
const f = (v: number, d: number) => v.toFixed(d);

export function ResultsTable({ report }: { report: PlanReportView }) {
  const horizon = report.settings.rmstHorizonMonths;
  const kind = intervalKindLabel(report.candidates[0]?.aggregate.rmstMonths.kind, report.settings.samples);
  return (
    <table className="lesions" data-testid="results-table">
      <thead>
        <tr>
          <th>rank</th><th>candidate</th><th data-testid="results-interval-kind">RMST to {horizon} months ({kind})</th><th>mean log-risk ({kind})</th><th>P(best)</th>
          <th title="simulated mRECIST response per sample">mRECIST {MRECIST.join('/')}</th>
        </tr>
      </thead>
      <tbody>
        {report.candidates.map((c) => {
          const counts = MRECIST.map((k) => c.samples.filter((s) => s.mrecist === k).length);
          const r = c.aggregate.rmstMonths;
          const l = c.aggregate.logRisk;
          const tie = tieGroupNote(c.tieGroup);
          const unread = unreadOutcomesNote(c);
          const infeasible = infeasibleNote(c);
          return (
            <tr key={c.name} data-rank={c.rank} data-candidate={c.name} data-tie-group={c.tieGroup ?? undefined}>
              <td data-testid="results-rank">{c.rank}</td>
              <td title={c.rationale}>
                <strong>{c.name}</strong> <span className="hint">({c.source})</span>
                <div className="hint">{c.description}</div>
                {tie && <div className="hint warning" data-testid="results-tie">{tie}</div>}
                {unread && <div className="hint warning" data-testid="results-unread">{unread}</div>}
                {infeasible && <div className="hint warning" data-testid="results-infeasible">{infeasible}</div>}
                {c.riskModality.assumed && <div className="hint warning">risk scored as {c.riskModality.modality} (assumed: {c.riskModality.note})</div>}
              </td>
              <td data-testid="results-rmst">{f(r.mean, 1)} ({f(r.lo, 1)}–{f(r.hi, 1)})</td>
              <td>{f(l.mean, 2)} ({f(l.lo, 2)}–{f(l.hi, 2)})</td>
              <td data-testid="results-pbest">{f(c.aggregate.pBest, 2)}</td>
              <td>{counts.join(' / ')}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

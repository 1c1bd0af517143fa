'use client';
/**
 * The clinical covariates a plan's risk model used, as the PDF lists them (contracts' covariateRows):
 * those the user gave, then those it imputed, marked, with the value used and the rule.
 */
import { covariateRows, type PlanReport } from '@mewm/contracts';

export function ResultsCovariates({ clinical }: { clinical: PlanReport['clinical'] }) {
  const rows = covariateRows(clinical);
  if (rows.length === 0) return <p data-testid="results-covariates-none">No clinical covariates were given or imputed.</p>;
  return (
    <>
      <table className="results-covariates" data-testid="results-covariates">
        <thead><tr><th>Covariate</th><th>Value used</th><th>Origin</th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.origin}-${r.name}`} data-covariate={r.name} data-origin={r.origin}>
              <td>{r.name}{r.origin === 'imputed' ? ' *' : ''}</td>
              <td data-testid="results-covariate-value">{r.value}</td>
              <td>{r.origin === 'given' ? 'given' : `imputed: ${r.rule}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.some((r) => r.origin === 'imputed') && <p className="note">* imputed: unknown to the user; the risk model used the stated value.</p>}
    </>
  );
}

'use client';
/**
 * Which renderer the plan uses: the trained diffusion renderer (the default), labelled with what its
 * model card's held-out evaluation says and that card's numbers one click away, or the non-learned
 * baseline (coarse + white noise), which is faster.
 */
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../server/trpc/app-router.ts';

type RendererChoiceView = inferRouterOutputs<AppRouter>['plans']['renderers'][number];
export type PlanRendererId = RendererChoiceView['id'];

function CardEvaluation({ card }: { card: NonNullable<RendererChoiceView['card']> }) {
  const e = card.evaluation;
  return (
    <details data-testid="renderer-card">
      <summary>model card: {card.name} {card.version}</summary>
      <p className="hint">{card.description}</p>
      {e && (
        <>
          <p className="hint">Held-out evaluation ({e.dataset}); lower is better.</p>
          <table className="lesions">
            <thead><tr><th>method</th>{e.metrics.map((m) => <th key={m}>{m}</th>)}</tr></thead>
            <tbody>
              {e.rows.map((r) => (
                <tr key={r.method}><td>{r.method}</td>{r.values.map((x, i) => <td key={e.metrics[i]}>{x === null ? '—' : x.toFixed(3)}</td>)}</tr>
              ))}
            </tbody>
          </table>
          {e.notes !== null && <p className="hint">{e.notes}</p>}
        </>
      )}
    </details>
  );
}

export function RendererChoice({ choices, value, onChange }: { choices: readonly RendererChoiceView[]; value: PlanRendererId; onChange: (id: PlanRendererId) => void }) {
  return (
    <fieldset className="renderer-choice" data-testid="plan-renderer">
      <legend>Renderer</legend>
      {choices.map((c) => (
        <label key={c.id} className="check" data-renderer={c.id}>
          <input type="radio" name="plan-renderer" value={c.id} checked={value === c.id} disabled={!c.available} onChange={() => onChange(c.id)} />
          {c.label}
          {c.experimental && <span className="warning" data-testid="renderer-note"> — {c.note}</span>}
          {!c.experimental && <span className="hint"> — {c.note}</span>}
        </label>
      ))}
      {choices.map((c) => c.card && <CardEvaluation key={c.id} card={c.card} />)}
    </fieldset>
  );
}

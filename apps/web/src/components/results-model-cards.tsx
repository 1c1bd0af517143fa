/** The models a plan used: name, version, hash, learned or not, data and sources (from the report). */
import type { PlanReportView } from '../client/plan-job-events.ts';

type Model = PlanReportView['models']['risk'] & { learned?: boolean };

function Card({ role, model, kind }: { role: string; model: Model; kind: string }) {
  return (
    <li data-testid={`model-card-${role}`}>
      <strong>{role}</strong>: {model.name} v{model.version} — <em>{kind}</em>
      <div className="hint">{model.data}</div>
      {model.sha256 !== null && <div className="hint">sha256 {model.sha256.slice(0, 16)}…</div>}
      {model.sources.length > 0 && (
        <details>
          <summary className="hint">sources ({model.sources.length})</summary>
          <ul>{model.sources.map((s) => <li key={s} className="hint">{s}</li>)}</ul>
        </details>
      )}
    </li>
  );
}

export function ResultsModelCards({ models }: { models: PlanReportView['models'] }) {
  return (
    <ul data-testid="model-cards">
      <Card role="dynamics" model={models.dynamics} kind="parameterised treatment-response model (published figures; TACE response fitted on paired pre/post-TACE mRECIST measurements), not learned from paired CT" />
      <Card
        role="renderer"
        model={models.renderer}
        kind={models.renderer.learned ? 'learned (ONNX diffusion renderer)' : 'non-learned baseline: expected-HU map plus white noise measured from the real CT'}
      />
      <Card role="risk" model={models.risk} kind="Cox-type risk model (ONNX); coefficients from the sources below" />
    </ul>
  );
}

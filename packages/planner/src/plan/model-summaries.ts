/**
 * The report's model section: each model's identity plus what it was trained on / parameterised from
 * and its cited sources, summarised from the model cards (models/dynamics.json, the renderer card,
 * the risk model card: by default the plan disease's, models/risk-hcc-tace.json or models/risk-crlm.json).
 * The risk summary names the disease its card is for and warns when that is not the plan's disease
 * (a model chosen with --risk-model).
 */
import type { RiskModel } from '@mewm/survival';
import { readDynamicsCard, type RegionRenderer } from '@mewm/world-model';
import { DISEASE_NAMES, isDisease, type Disease, type PlanReport } from '@mewm/contracts';
import { rendererCardOf, type ModelIdentity } from './model-identity.ts';

const unique = (xs: Array<string | undefined>): string[] => [...new Set(xs.filter((x): x is string => typeof x === 'string' && x.length > 0))];
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function summariseModels(models: ModelIdentity, renderer: RegionRenderer, risk: RiskModel, planDisease: Disease): PlanReport['models'] {
  const dyn = readDynamicsCard();
  const dynSources = unique(dyn.parameters.map((p) => (p.source.kind === 'published' ? str((p.source as { citation?: unknown }).citation) : undefined)));

  const rCard = rendererCardOf(renderer);
  const rTraining = (rCard?.training ?? {}) as Record<string, unknown>;
  const rendererData = rCard
    ? [str(rTraining.data), str(rTraining.licence) && `licence: ${str(rTraining.licence)}`].filter(Boolean).join('; ') || 'see the renderer card'
    : 'not a learned model: the expected-HU map plus white noise measured from the real CT around the region';

  const card = risk.card as unknown as Record<string, unknown>;
  const training = (card.training ?? {}) as Record<string, unknown>;
  const provenance = (card.provenance ?? {}) as { published?: Array<{ citation?: unknown }> };
  const riskSources = unique([str(training.source), ...(provenance.published ?? []).map((p) => str(p.citation))]);
  const riskDisease = isDisease(card.disease) ? card.disease : null;
  const count = (v: unknown): string | undefined => (typeof v === 'number' || typeof v === 'string' ? String(v) : undefined);
  const fitted = count(training.n) && count(training.events) ? `fitted on n ${count(training.n)} (${count(training.events)} events)` : undefined;
  const riskData = [str(training.data), fitted, str(training.licence) && `licence: ${str(training.licence)}`].filter(Boolean).join('; ') || 'see the risk model card';
  const warning = riskDisease === planDisease ? undefined
    : `risk model ${models.risk.name} is ${riskDisease ? `a model for ${DISEASE_NAMES[riskDisease]} (${riskDisease})` : 'not declared for any disease'}, not for this plan's disease, ${DISEASE_NAMES[planDisease]} (${planDisease}): chosen with --risk-model; its scores are not those of the ${planDisease} model`;

  return {
    dynamics: {
      ...models.dynamics,
      data: `${dyn.parameterCounts.total} parameters: ${dyn.parameterCounts.fitted} of the TACE response fitted on HCC-TACE-Seg's paired mRECIST measurements ` +
        `(n ${dyn.calibration.tace.patients}; cross-validated KS ${dyn.calibration.tace.ksCrossValidated.toFixed(3)}), ` +
        `${dyn.parameterCounts.published - dyn.parameterCounts.fitted} from published figures, ${dyn.parameterCounts.assumed} assumed (model card ${models.dynamics.name})`,
      sources: dynSources,
    },
    renderer: { ...models.renderer, data: rendererData, sources: [] },
    risk: {
      ...models.risk,
      data: `${riskDisease ? `risk model for ${DISEASE_NAMES[riskDisease]} (${riskDisease})` : 'risk model (no disease declared in its card)'}, scoring the response measured on each simulated CT: ${riskData}`,
      sources: riskSources,
      disease: riskDisease,
      ...(warning ? { warning } : {}),
    },
  };
}

/** Where the default models live: the repository's models/ folder. */
import { fileURLToPath } from 'node:url';
import type { Disease } from '@mewm/contracts';

/**
 * The default risk model card (Cox model for HCC, ONNX next to it): the manifest's default
 * survival-risk model (models/manifest.json; a test checks they agree). Plans open risk models
 * through openRiskModel (open-risk-model.ts), which reads the manifest.
 */
export const DEFAULT_RISK_MODEL_CARD = fileURLToPath(new URL('../../../../models/risk-cox-hcc.json', import.meta.url));

/**
 * The default renderer card: the trained diffusion renderer, which beats the coarse and
 * coarse+white-noise baselines on the held-out texture metrics (its card's evaluation).
 */
export const DEFAULT_RENDERER_CARD = fileURLToPath(new URL('../../../../models/renderer-ct.json', import.meta.url));

/**
 * The default risk model of each disease (a models/manifest.json id); `--risk-model` (a request's
 * `riskModel`) overrides it. HCC: risk-hcc-tace (landmark Cox model fitted on TCIA HCC-TACE-Seg with
 * the measured follow-up response; cited terms for the other HCC treatments). Colorectal liver
 * metastases: risk-crlm (Cox model fitted on the TCIA Colorectal-Liver-Metastases table; cited or
 * assumed terms for ablation, chemotherapy and supportive care). Each card's `disease` names its
 * disease; a plan's risk model must be for the plan's disease unless the user overrides it (the
 * report then warns, risk-model-disease.ts). risk-cox-hcc stays usable with --risk-model.
 */
export const DEFAULT_RISK_MODEL_IDS: Readonly<Record<Disease, string>> = Object.freeze({
  hcc: 'risk-hcc-tace',
  crlm: 'risk-crlm',
});

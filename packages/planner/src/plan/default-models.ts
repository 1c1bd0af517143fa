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
 * `riskModel`) overrides it. For now both diseases map to the existing 'risk-cox-hcc' card: the
 * per-disease models fitted on the real cohorts (risk-hcc-tace on HCC-TACE-Seg, risk-crlm on the
 * Colorectal-Liver-Metastases table) are being added by another step of the same issue (issue 15,
 * item 3); switching to them is a change of the two ids below. Until then a CRLM plan is scored with
 * the HCC model, and its report names that model (models.risk).
 */
export const DEFAULT_RISK_MODEL_IDS: Readonly<Record<Disease, string>> = Object.freeze({
  hcc: 'risk-cox-hcc',
  crlm: 'risk-cox-hcc',
});

/** Where the default models live: the repository's models/ folder. */
import { fileURLToPath } from 'node:url';

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

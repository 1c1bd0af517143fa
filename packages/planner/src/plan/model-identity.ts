/**
 * The identity of the models a plan uses (name, version, sha256), for the simulation-cache key and
 * the report. The dynamics model is TypeScript with a card (models/dynamics.json): its hash is the
 * card file's sha256. The renderer's hash is its ONNX file's (from the card) or null for the
 * non-learned baseline. The risk model's is its ONNX file's, checked at load.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { RiskModel } from '@mewm/survival';
import { DYNAMICS_CARD_PATH, readDynamicsCard, type RegionRenderer } from '@mewm/world-model';

export interface ModelIdentity {
  dynamics: { name: string; version: string; sha256: string };
  renderer: { name: string; version: string; learned: boolean; sha256: string | null };
  risk: { name: string; version: string; sha256: string };
}

let dynamicsIdentity: ModelIdentity['dynamics'] | undefined;

export function dynamicsModelIdentity(): ModelIdentity['dynamics'] {
  if (!dynamicsIdentity) {
    const card = readDynamicsCard();
    const sha256 = createHash('sha256').update(readFileSync(DYNAMICS_CARD_PATH)).digest('hex');
    dynamicsIdentity = { name: card.name, version: card.version, sha256 };
  }
  return dynamicsIdentity;
}

/** The renderer's ONNX card, when it has one (the diffusion renderer does; the baseline does not). */
export function rendererCardOf(renderer: RegionRenderer): Record<string, unknown> | undefined {
  const card = (renderer as { card?: unknown }).card;
  return card !== null && typeof card === 'object' ? (card as Record<string, unknown>) : undefined;
}

export function modelIdentity(renderer: RegionRenderer, risk: RiskModel): ModelIdentity {
  const onnx = rendererCardOf(renderer)?.onnx as { sha256?: unknown } | undefined;
  return {
    dynamics: dynamicsModelIdentity(),
    renderer: { name: renderer.name, version: renderer.version, learned: renderer.learned, sha256: typeof onnx?.sha256 === 'string' ? onnx.sha256 : null },
    risk: { name: risk.card.name, version: risk.card.version, sha256: risk.sha256 },
  };
}

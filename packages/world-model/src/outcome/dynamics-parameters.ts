/**
 * DYNAMICS_PARAMETERS: every number the outcome model uses, each with a published source or an
 * "assumed" rationale: the shared ones (parameters/general-parameters.ts) and each modality's
 * (modalities/<id>/parameters.ts). The model card `models/dynamics.json` lists them (plus the spatial dynamics'
 * APPEARANCE_PARAMETERS); `parameterValue(id)` is the only way the sampler reads a number.
 */
import { ModelCardError } from '../errors.ts';
import type { ModelParameter } from '../model-parameter.ts';
import { MODALITIES } from '../modalities/registry.ts';
import { GENERAL_PARAMETERS } from './parameters/general-parameters.ts';

/** The shared parameters, then each modality's (from its folder), in registry order. */
export const DYNAMICS_PARAMETERS: readonly ModelParameter[] = Object.freeze([
  ...GENERAL_PARAMETERS, ...MODALITIES.flatMap((m) => m.parameters),
]);

/**
 * Check a parameter table: unique non-empty ids, finite values, a citation + detail for published
 * sources and a rationale for assumed ones.
 * @throws ModelCardError naming the first offending parameter.
 */
export function validateParameterTable(table: readonly ModelParameter[]): void {
  const seen = new Set<string>();
  for (const p of table) {
    if (!p.id || !/^[a-z][\w.-]*$/i.test(p.id)) throw new ModelCardError(`parameter id "${p.id}" is empty or malformed`);
    if (seen.has(p.id)) throw new ModelCardError(`parameter id "${p.id}" appears twice`);
    seen.add(p.id);
    if (!Number.isFinite(p.value)) throw new ModelCardError(`parameter ${p.id} has a non-finite value`);
    if (!p.unit || !p.description) throw new ModelCardError(`parameter ${p.id} lacks a unit or description`);
    const s = p.source;
    if (s.kind === 'published') {
      if (!s.citation.trim() || !s.detail.trim()) throw new ModelCardError(`published parameter ${p.id} lacks a citation or detail`);
    } else if (s.kind === 'assumed') {
      if (!s.rationale.trim()) throw new ModelCardError(`assumed parameter ${p.id} lacks a rationale`);
    } else {
      throw new ModelCardError(`parameter ${p.id} has neither a published nor an assumed source`);
    }
  }
}

validateParameterTable(DYNAMICS_PARAMETERS);

const BY_ID = new Map(DYNAMICS_PARAMETERS.map((p) => [p.id, p]));

/** Value of a dynamics parameter. @throws ModelCardError for an unknown id (a coding error). */
export function parameterValue(id: string): number {
  const p = BY_ID.get(id);
  if (!p) throw new ModelCardError(`unknown dynamics parameter "${id}"`);
  return p.value;
}

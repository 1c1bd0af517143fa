/**
 * The time course of one treatment component's effect on one lesion (assumed kinetics, see the
 * card): the response develops linearly from treatment to its onset time; a responding lesion may
 * later progress locally and regrow with the lesion's doubling time; a refractory lesion grows as
 * untreated throughout. Volumes are fractions of the baseline lesion volume.
 */
import type { LesionOutcome } from '../lesion-outcome.ts';

export type ResponseClass = 'complete' | 'partial' | 'stable' | 'refractory';

export interface ComponentResponse {
  /** Modality id of the component (registry id). */
  modality: string;
  effect: ResponseClass;
  /** Viable volume fraction once the response has fully developed (0 for complete; ≤ 1). */
  viableAtResponse: number;
  /** Days from treatment until the response has fully developed. */
  onsetDays: number;
  /** Days from treatment until local progression starts (Infinity = none within any follow-up). */
  progressionDays: number;
  /** Pattern of residual viable tumour while the response holds (before any progression). */
  pattern: Exclude<LesionOutcome['residualPattern'], 'none'>;
}

/** Volume growth factor over `days` for a doubling time `tvdtDays`. */
export function growthFactor(days: number, tvdtDays: number): number {
  return Math.pow(2, Math.max(0, days) / tvdtDays);
}

function developed(r: ComponentResponse, days: number): number {
  if (days >= r.onsetDays) return r.viableAtResponse;
  return 1 + (r.viableAtResponse - 1) * (days / r.onsetDays);
}

/** Viable fraction at `days` after treatment. `regrowthSeed`: volume a complete response regrows from. */
export function viableAt(r: ComponentResponse, days: number, tvdtDays: number, regrowthSeed: number): number {
  if (r.effect === 'refractory') return growthFactor(days, tvdtDays);
  const v = developed(r, days);
  if (days <= r.progressionDays) return v;
  return Math.max(v, regrowthSeed) * growthFactor(days - r.progressionDays, tvdtDays);
}

/** Fraction of the baseline lesion made necrotic by `days` (never undone by regrowth). */
export function killedAt(r: ComponentResponse, days: number): number {
  if (r.effect === 'refractory') return 0;
  return Math.max(0, 1 - developed(r, days));
}

/** Whether local progression has started by `days`. */
export function progressedBy(r: ComponentResponse, days: number): boolean {
  return r.effect === 'refractory' || days > r.progressionDays;
}

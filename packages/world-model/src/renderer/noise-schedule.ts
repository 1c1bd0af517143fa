/**
 * Diffusion noise schedules and the DDIM timestep subsequence.
 *
 * Index convention (as in DDPM code and diffusers): training timestep t ∈ {0, …, T−1};
 * ᾱ[t] = ∏_{j ≤ t} (1 − β_j), so ᾱ[0] is slightly below 1 and ᾱ[T−1] is near 0.
 */
import { ModelInputError } from '../errors.ts';
import type { NoiseSchedule } from '@mewm/models';

/**
 * ᾱ[t] for t = 0 … T−1 (Float64Array).
 * - linear: β_t evenly spaced from betaStart to betaEnd (Ho et al., NeurIPS 2020).
 * - cosine: β_t = min(1 − g((t+1)/T) / g(t/T), maxBeta) with g(u) = cos²((u + s)/(1 + s) · π/2),
 *   s = cosineOffset (Nichol & Dhariwal, ICML 2021, "Improved DDPM", eq. 17).
 */
export function alphaBars(schedule: NoiseSchedule): Float64Array {
  const T = schedule.trainSteps;
  const out = new Float64Array(T);
  let prod = 1;
  for (let t = 0; t < T; t++) {
    let beta: number;
    if (schedule.kind === 'linear') {
      beta = schedule.betaStart + ((schedule.betaEnd - schedule.betaStart) * t) / (T - 1);
    } else {
      const g = (u: number): number => Math.cos(((u + schedule.cosineOffset) / (1 + schedule.cosineOffset)) * (Math.PI / 2)) ** 2;
      beta = Math.min(1 - g((t + 1) / T) / g(t / T), schedule.maxBeta);
    }
    prod *= 1 - beta;
    out[t] = prod;
  }
  return out;
}

/**
 * 'uniform' timestep spacing: `steps` training timesteps evenly spread over [0, T) and ending at
 * T − 1, t_i = round((i + 1) · T / steps) − 1 for i = 0 … steps−1, returned from high to low. Ending at
 * T − 1 means sampling starts where the training noise level is highest (the "trailing" variant of
 * Lin et al., WACV 2024, rather than DDIM's original 0, c, 2c, … which never visits t = T − 1);
 * the last step jumps to the clean sample (ᾱ = 1).
 */
export function ddimTimesteps(trainSteps: number, steps: number): number[] {
  if (!Number.isInteger(steps) || steps < 1 || steps > trainSteps) {
    throw new ModelInputError(`steps must be an integer in [1, ${trainSteps}] (the model's trainSteps), got ${steps}`);
  }
  const ts: number[] = [];
  for (let i = steps - 1; i >= 0; i--) ts.push(Math.round(((i + 1) * trainSteps) / steps) - 1);
  return ts;
}

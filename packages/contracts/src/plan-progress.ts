/**
 * Progress events of one plan run (runPlan's `onProgress`): the policy at work, the search policy's
 * beam depth, every simulated sample (candidate i of N, sample k of K, 1-based), and the report being
 * written. They carry counts and candidate names only, never paths or pixels, so they may cross a
 * process boundary (the web's plan worker sends them to the server as JSON).
 */
import { z } from 'zod';

const count = z.number().int().nonnegative();
const oneBased = z.number().int().positive();

export const planProgressSchema = z.discriminatedUnion('phase', [
  z.strictObject({ phase: z.literal('policy'), policy: z.string(), message: z.string() }),
  z.strictObject({ phase: z.literal('search'), depth: count, depths: count, evaluated: count }),
  z.strictObject({
    phase: z.literal('simulate'), candidate: oneBased, candidates: oneBased, sample: oneBased, samples: oneBased, name: z.string(),
  }),
  z.strictObject({ phase: z.literal('report'), message: z.string() }),
]);

export type PlanProgress = z.infer<typeof planProgressSchema>;
export type PlanProgressPhase = PlanProgress['phase'];

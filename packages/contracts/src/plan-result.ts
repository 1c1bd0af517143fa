/**
 * What one finished plan run reports back to its caller (the CLI, the web's job runner, a remote
 * worker): counts, the BCLC stage, the top candidate and the sha256 of report.json. No paths, no
 * identifiers, so it may cross a process boundary; the report itself is report.json in the plan's folder.
 */
import { z } from 'zod';

export const planRunSummarySchema = z.strictObject({
  /** Ranked candidates in the report. */
  candidates: z.number().int().positive(),
  /** Simulated samples per candidate (K). */
  samples: z.number().int().positive(),
  /** NIfTI files written with the report. */
  files: z.number().int().nonnegative(),
  /** sha256 of report.json as written (hex). */
  reportSha256: z.string().regex(/^[0-9a-f]{64}$/),
  bclcStage: z.enum(['0', 'A', 'B', 'C', 'D']).nullable(),
  /** The name of the candidate ranked first. */
  topCandidate: z.string().min(1),
});

export type PlanRunSummary = z.infer<typeof planRunSummarySchema>;

/** A candidate the user adds to a plan: a preset by name, or a custom protocol sent as { name, protocol }. */
import type { ValidProtocol } from './protocol-draft.ts';

export interface PlanCandidate {
  name: string;
  /** The world model's one-line description of the validated protocol. */
  description: string;
  source: 'preset' | 'custom';
  /** What the plan job receives. */
  spec: string | { name: string; protocol: ValidProtocol['protocol'] };
}

/** The next free "custom-<n>" name. */
export function nextCustomName(taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) if (!taken.has(`custom-${n}`)) return `custom-${n}`;
}

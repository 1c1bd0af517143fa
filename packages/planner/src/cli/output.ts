/** How commands talk to the terminal: a JSON document with --json, readable lines otherwise. */
import { RESEARCH_USE_LABEL } from '@mewm/contracts';

export interface CommandIo {
  json: boolean;
  out: (text: string) => void;
  err: (text: string) => void;
}

export function printResult(io: CommandIo, result: object, humanLines: string[]): void {
  if (io.json) io.out(JSON.stringify({ ...result, researchUse: RESEARCH_USE_LABEL }, null, 2));
  else io.out([...humanLines, `(${RESEARCH_USE_LABEL})`].join('\n'));
}

export function fmt(n: number, digits = 2): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(digits);
}

export function fmtVec(v: readonly number[], digits = 3): string {
  return `[${v.map((x) => fmt(x, digits)).join(', ')}]`;
}

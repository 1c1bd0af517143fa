/**
 * Progress of a long command on stderr: a one-line bar redrawn in place when stderr is a terminal,
 * plain lines otherwise, nothing with --json. Messages carry candidate names and counts only.
 */
import type { PlanProgress } from '../plan/contracts.ts';
import type { CommandIo } from './output.ts';

export interface ProgressReporter {
  (e: PlanProgress): void;
  /** Ends the bar's line (call once at the end or on failure). */
  done(): void;
}

const WIDTH = 28;

export function createProgressReporter(io: CommandIo, tty = process.stderr.isTTY): ProgressReporter {
  let open = false;
  const bar = (fraction: number) => {
    const n = Math.round(WIDTH * Math.max(0, Math.min(1, fraction)));
    return `[${'#'.repeat(n)}${'.'.repeat(WIDTH - n)}] ${String(Math.round(100 * fraction)).padStart(3)}%`;
  };
  const line = (e: PlanProgress): { text: string; fraction?: number } => {
    switch (e.phase) {
      case 'policy': return { text: `policy ${e.policy}: ${e.message}` };
      case 'search': return { text: `search depth ${e.depth}/${e.depths}: ${e.evaluated} protocol(s) evaluated`, fraction: e.depth / e.depths };
      case 'simulate': return {
        text: `candidate ${e.candidate}/${e.candidates} (${e.name}), sample ${e.sample}/${e.samples}`,
        fraction: ((e.candidate - 1) * e.samples + e.sample) / (e.candidates * e.samples),
      };
      case 'report': return { text: e.message };
    }
  };
  const report = ((e: PlanProgress) => {
    if (io.json) return;
    const { text, fraction } = line(e);
    if (tty) {
      process.stderr.write(`\r\x1b[2K${fraction !== undefined ? `${bar(fraction)} ` : ''}${text}`.slice(0, 200));
      open = true;
    } else {
      io.err(`${e.phase}: ${text}`);
    }
  }) as ProgressReporter;
  report.done = () => {
    if (open) process.stderr.write('\n');
    open = false;
  };
  return report;
}

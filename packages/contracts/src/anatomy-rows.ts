/**
 * The anatomy table of a plan, one set of strings for the PDF and the web app: per candidate (by rank)
 * the minimal ablative margin, the nearest vessel, the future liver remnant and the feasibility, over
 * its simulated samples (a range when the samples differ). Candidates whose samples carry no anatomy
 * (reports written before it) give no row.
 */
import { formatVolumeMl } from './plan-report-display.ts';
import type { PlanAnatomy, SampleAnatomy } from './plan-anatomy.ts';
import type { PlanReport } from './plan-report.ts';

export const ANATOMY_COLUMNS = [
  { key: 'candidate', header: 'Candidate' },
  { key: 'margin', header: 'Minimal ablative margin' },
  { key: 'vessel', header: 'Nearest vessel >= 3 mm' },
  { key: 'remnant', header: 'Future liver remnant' },
  { key: 'feasibility', header: 'Feasible' },
] as const;
export type AnatomyColumnKey = (typeof ANATOMY_COLUMNS)[number]['key'];

export interface AnatomyRow {
  readonly candidateRank: number;
  readonly candidateName: string;
  /** false when any sample is not feasible. */
  readonly feasible: boolean;
  readonly cells: Readonly<Record<AnatomyColumnKey, string>>;
}

const mm = (x: number) => `${x < 0 ? '-' : ''}${Math.abs(x).toFixed(1)} mm`;

/** "4.2 mm", "3.1 to 4.2 mm"; "-" when no sample has a value. */
function rangeOf(values: Array<number | null>, format: (x: number) => string): string {
  const xs = values.filter((x): x is number => x !== null);
  if (xs.length === 0) return '-';
  const lo = Math.min(...xs), hi = Math.max(...xs);
  return format(lo) === format(hi) ? format(lo) : `${format(lo)} to ${format(hi)}`;
}

/** The row of one candidate; null without anatomy in its samples. */
export function candidateAnatomyRow(c: { rank: number; name: string; samples: ReadonlyArray<{ anatomy?: SampleAnatomy }> }): AnatomyRow | null {
  const a = c.samples.map((s) => s.anatomy).filter((x): x is SampleAnatomy => x !== undefined);
  if (a.length === 0) return null;
  const margins = a.map((x) => x.minimalMarginMm);
  const uncovered = margins.some((m) => m !== null && m < 0);
  const nearest = a.map((x) => x.vesselContact).filter((x) => x !== null).sort((p, q) => p.distanceMm - q.distanceMm)[0];
  const fractions = a.map((x) => x.futureLiverRemnantFraction);
  const remnantMl = a.map((x) => x.futureLiverRemnantMl);
  const reasons = [...new Set(a.filter((x) => !x.feasible).map((x) => x.reason!))];
  const feasible = reasons.length === 0;
  const remnant = fractions.every((f) => f === null)
    ? '-'
    : `${rangeOf(fractions, (f) => `${(100 * f).toFixed(0)}%`)} (${rangeOf(remnantMl, (ml) => `${formatVolumeMl(ml)} mL`)})`;
  return {
    candidateRank: c.rank, candidateName: c.name, feasible,
    cells: {
      candidate: `#${c.rank} ${c.name}`,
      margin: rangeOf(margins, mm) + (uncovered ? ' (tumour not covered)' : ''),
      vessel: nearest ? `${mm(nearest.distanceMm)} from a vessel of ${mm(nearest.diameterMm)}` : '-',
      remnant,
      feasibility: feasible
        ? 'yes'
        : `no (${a.filter((x) => !x.feasible).length} of ${a.length} samples): ${reasons.join('; ')}`,
    },
  };
}

/**
 * Why a candidate ranks after the feasible ones, for the ranking table ("not feasible on this anatomy, ranked
 * after the feasible candidates: <reason>"); null when every sample is feasible or carries no anatomy.
 */
export function infeasibleNote(c: { samples: ReadonlyArray<{ anatomy?: SampleAnatomy }> }): string | null {
  const reasons = [...new Set(c.samples.flatMap((s) => (s.anatomy && !s.anatomy.feasible ? [s.anatomy.reason!] : [])))];
  return reasons.length === 0 ? null : `not feasible on this anatomy, ranked after the feasible candidates: ${reasons.join('; ')}`;
}

/** The anatomy rows of a report, by rank. */
export function anatomyRows(report: Pick<PlanReport, 'candidates'>): AnatomyRow[] {
  return [...report.candidates].sort((a, b) => a.rank - b.rank).map(candidateAnatomyRow).filter((r): r is AnatomyRow => r !== null);
}

/** Where the plan's liver and vessel masks came from, as one sentence (PDF and web). */
export function anatomySourceNote(anatomy: PlanAnatomy | undefined): string {
  if (!anatomy) return 'Not in this report: it was written before the plan measured the anatomy.';
  const source = { mask: 'given with the request', segmented: 'segmented from the CT by the plan', phantom: "the phantom's own" } as const;
  const parts = [
    anatomy.liver ? `Liver: ${formatVolumeMl(anatomy.liver.volumeMl)} mL, ${source[anatomy.liver.source]}.` : 'Liver: none.',
    anatomy.vessels ? `Vessels >= 3 mm: ${formatVolumeMl(anatomy.vessels.volumeMl)} mL, ${source[anatomy.vessels.source]}.` : 'Vessels: none.',
  ];
  return [...parts, ...anatomy.notes].join(' ');
}

/**
 * What the table measures (shown under it). Margin: tumour surface to the simulated zone's outside;
 * remnant: liver left after the simulated resection as a share of the liver without tumour.
 */
export const ANATOMY_NOTE = 'Measured on each simulated follow-up: minimal ablative margin = least 3D distance from the tumour surface to the outside of the simulated ablation zone '
  + '(negative: part of the tumour not covered); nearest vessel = the closest vessel of at least 3 mm to the treated tumour, its distance from the tumour surface and its diameter; '
  + 'future liver remnant = liver left after the simulated resection, as a share of the liver without tumour, and in mL. A range spans the samples.';

/**
 * How the PlanReport's samples, uncertainty, ties and survival curves are shown to people, in one place for
 * the PDF and the web app: sample numbers (from 1), the target-lesion table (RECIST 1.1 / mRECIST), the interval's kind ("range of 2 samples", "95% t-interval"), the tie note,
 * and the style of each survival curve so that coinciding curves stay visible (a distinct colour,
 * dash pattern and marker per curve, earlier curves drawn wider underneath later ones) with a legend
 * note naming the curves that overlap.
 */
import type { IntervalKind, PlanReport, PlanReportSample } from './plan-report.ts';

/**
 * People see simulated samples numbered from 1: report.json's 0-based sample `index` + 1, in the web
 * app, the PDF and the DICOM series alike.
 */
export function sampleNumber(index: number): number {
  return index + 1;
}

/** "sample 2" for report sample index 1. */
export function sampleLabel(index: number): string {
  return `sample ${sampleNumber(index)}`;
}

/**
 * A segmented volume as people read it, in mL: two significant figures, whole millilitres from 100 mL
 * ("14", "2.3", "0.45", "164"). A segmentation is uncertain by about one voxel at its boundary: for a
 * 3 cm lesion on 0.8 × 0.8 × 5 mm voxels that shell is about 2 mL of 14 mL, so a second decimal would
 * claim a precision the mask does not have (rounding rule assumed, not from a guideline). report.json
 * keeps the unrounded number.
 */
export function formatVolumeMl(ml: number): string {
  if (!Number.isFinite(ml)) return '-';
  if (ml === 0) return '0';
  // 99.6 rounds to 100 at two figures: whole mL from there on (toPrecision would write "1.0e+2")
  return Math.abs(Number(ml.toPrecision(2))) >= 100 ? ml.toFixed(0) : ml.toPrecision(2);
}

/** A diameter as shown, mm with one decimal ("31.2"); '-' when not finite. */
export function formatDiameterMm(mm: number): string {
  return Number.isFinite(mm) ? mm.toFixed(1) : '-';
}

/**
 * A relative change as shown: percent with one decimal and its sign ("-31.4%", "+5.0%", "0.0%"; ASCII
 * signs, so the PDF's standard fonts print the same string); '-' when there is none (null, no baseline).
 */
export function formatPercentChange(change: number | null): string {
  if (change === null || !Number.isFinite(change)) return '-';
  const t = (100 * change).toFixed(1);
  if (Number(t) === 0) return '0.0%';
  return change > 0 ? `+${t}%` : `${t}%`;
}

/** A response category as shown: CR, PR, SD, PD, or NE (not evaluable: no target lesion). */
export function formatResponseCategory(c: string): string {
  return c === 'notEvaluable' ? 'NE' : c;
}

/** Where the target-lesion table's rules come from (cited beside the table in the PDF and the web app). */
export const TARGET_LESION_RULES = 'RECIST 1.1: Eisenhauer EA et al., Eur J Cancer 2009;45:228-47. mRECIST: Lencioni R, Llovet JM, Semin Liver Dis 2010;30:52-60.';

/**
 * What the table's rows mean (shown under it): which change each rule measures, what a target is and
 * what the sum row holds.
 */
export const TARGET_LESION_NOTE = 'Longest axial diameters measured on each simulated follow-up CT by the same code that feeds the risk model. '
  + 'RECIST 1.1 change: follow-up diameter of the whole lesion (viable and necrotic) against baseline; mRECIST change: diameter of the viable '
  + '(enhancing) part only. Targets: measurable lesions (>= 10 mm), largest baseline diameter first, at most 2 (2 per organ). '
  + 'Per-lesion mRECIST applies the target rules to that lesion alone (informational). '
  + 'Row "sum": the target lesions\' diameter sums and the overall response (RECIST 1.1: targets and new lesions; mRECIST: targets, non-targets and new lesions).';

/** The columns of the target-lesion table, in order; the PDF leaves out `candidate` (one table per candidate). */
export const TARGET_LESION_COLUMNS = [
  { key: 'candidate', header: 'Candidate' },
  { key: 'sample', header: 'Sample' },
  { key: 'lesion', header: 'Lesion' },
  { key: 'target', header: 'Target' },
  { key: 'baselineDiameterMm', header: 'Baseline diameter (mm)' },
  { key: 'baselineVolumeMl', header: 'Baseline volume (mL)' },
  { key: 'followUpDiameterMm', header: 'RECIST 1.1 diameter (mm)' },
  { key: 'recistChange', header: 'RECIST 1.1 change' },
  { key: 'recist', header: 'RECIST 1.1' },
  { key: 'viableDiameterMm', header: 'mRECIST viable diameter (mm)' },
  { key: 'viableVolumeMl', header: 'Viable volume (mL)' },
  { key: 'mrecistChange', header: 'mRECIST change' },
  { key: 'mrecist', header: 'mRECIST' },
] as const;
export type TargetLesionColumnKey = (typeof TARGET_LESION_COLUMNS)[number]['key'];

/** The lesion cell of a sample's sum row. */
export const TARGET_SUM_LABEL = 'sum';

/** One row of the target-lesion table: a lesion of one sample of one candidate, or the sample's sum row (`lesion` null). */
export interface TargetLesionRow {
  readonly candidateRank: number;
  readonly candidateName: string;
  /** report.json's 0-based sample index (shown as sampleNumber). */
  readonly sampleIndex: number;
  /** The lesion's number in report.lesions (1 = largest); null for the sum row. */
  readonly lesion: number | null;
  readonly target: boolean;
  /** The cells as shown, by column. */
  readonly cells: Readonly<Record<TargetLesionColumnKey, string>>;
}

const relativeChange = (followUp: number, baseline: number): number | null => (baseline > 0 ? (followUp - baseline) / baseline : null);

/** The rows of one sample: its lesions by number, then the sum row; none when the sample has no per-lesion measurement (older reports). */
export function sampleTargetLesionRows(candidate: { rank: number; name: string }, s: PlanReportSample): TargetLesionRow[] {
  const m = s.measured;
  if (!m?.lesions || !m.recist) return [];
  const common = { candidate: `#${candidate.rank} ${candidate.name}`, sample: String(sampleNumber(s.index)) };
  const base = { candidateRank: candidate.rank, candidateName: candidate.name, sampleIndex: s.index };
  const rows: TargetLesionRow[] = [...m.lesions].sort((a, b) => a.lesion - b.lesion).map((l) => ({
    ...base, lesion: l.lesion, target: l.target,
    cells: {
      ...common, lesion: String(l.lesion), target: l.target ? 'yes' : 'no',
      baselineDiameterMm: formatDiameterMm(l.baselineDiameterMm), baselineVolumeMl: formatVolumeMl(l.baselineVolumeMl),
      followUpDiameterMm: formatDiameterMm(l.followUpDiameterMm), recistChange: formatPercentChange(relativeChange(l.followUpDiameterMm, l.baselineDiameterMm)), recist: '',
      viableDiameterMm: formatDiameterMm(l.viableDiameterMm), viableVolumeMl: formatVolumeMl(l.viableVolumeMl),
      mrecistChange: formatPercentChange(relativeChange(l.viableDiameterMm, l.baselineDiameterMm)), mrecist: l.mrecist,
    },
  }));
  rows.push({
    ...base, lesion: null, target: true,
    cells: {
      ...common, lesion: TARGET_SUM_LABEL, target: '',
      baselineDiameterMm: formatDiameterMm(m.recist.sumBaselineDiameterMm), baselineVolumeMl: '',
      followUpDiameterMm: formatDiameterMm(m.recist.sumFollowUpDiameterMm), recistChange: formatPercentChange(m.recist.diameterSumChange),
      recist: formatResponseCategory(m.recist.category),
      viableDiameterMm: formatDiameterMm(m.sumViableDiameterMm), viableVolumeMl: '',
      mrecistChange: formatPercentChange(m.diameterSumChange), mrecist: s.mrecist,
    },
  });
  return rows;
}

/**
 * The target-lesion table (RECIST 1.1 / mRECIST) of a report, as the PDF and the web app show it: per
 * candidate (by rank) × sample (by index) × lesion (by number, 1 = largest), each sample closed by its
 * sum row. Samples without per-lesion measurements (reports written before the table) give no rows.
 */
export function targetLesionRows(report: Pick<PlanReport, 'candidates'>): TargetLesionRow[] {
  return [...report.candidates].sort((a, b) => a.rank - b.rank)
    .flatMap((c) => [...c.samples].sort((a, b) => a.index - b.index).flatMap((s) => sampleTargetLesionRows(c, s)));
}

/** A row's cells in column order (`columns`: all, or those a medium shows). */
export function targetLesionCells(row: TargetLesionRow, columns: ReadonlyArray<{ key: TargetLesionColumnKey }> = TARGET_LESION_COLUMNS): string[] {
  return columns.map((c) => row.cells[c.key]);
}

/**
 * A covariate's value as shown: integers as they are, other numbers to 4 significant figures without
 * trailing zeros, booleans yes/no, a missing value "unknown", anything else as compact JSON; at most `max` characters.
 */
export function formatCovariateValue(v: unknown, max = 160): string {
  let s: string;
  if (typeof v === 'number') s = Number.isInteger(v) ? String(v) : v.toPrecision(4).replace(/\.?0+$/, '');
  else if (typeof v === 'boolean') s = v ? 'yes' : 'no';
  else if (typeof v === 'string') s = v;
  else if (v === null || v === undefined) s = 'unknown';
  else s = JSON.stringify(v);
  return s.length > max ? `${s.slice(0, max - 3)}...` : s;
}

/**
 * The covariates a plan's risk model used, as the PDF and the web app list them: those the user gave,
 * then those it imputed (unknown to the user) with the value used and the rule that gave it.
 */
export function covariateRows(clinical: PlanReport['clinical']): Array<{ name: string; value: string; origin: 'given' | 'imputed'; rule: string | null }> {
  return [
    ...Object.entries(clinical.covariates).map(([name, v]) => ({ name, value: formatCovariateValue(v), origin: 'given' as const, rule: null })),
    ...clinical.imputed.map((m) => ({ name: m.name, value: formatCovariateValue(m.value), origin: 'imputed' as const, rule: m.rule })),
  ];
}

/** What tied candidates are called (report.json `tieGroup`). */
export const NOT_DISTINGUISHABLE_TEXT = 'not distinguishable by these models';

/** "range of 2 samples" | "95% t-interval" (version ≤ 2 reports have no kind: a t-interval). */
export function intervalKindLabel(kind: IntervalKind | undefined, samples: number): string {
  return kind === 'range' ? `range of ${samples} sample${samples === 1 ? '' : 's'}` : '95% t-interval';
}

/** "tie group 1: not distinguishable by these models", or null when the candidate ties with none. */
export function tieGroupNote(tieGroup: number | null | undefined): string | null {
  return typeof tieGroup === 'number' ? `tie group ${tieGroup}: ${NOT_DISTINGUISHABLE_TEXT}` : null;
}

/**
 * A survival curve drawn as the step function it is (Kaplan–Meier and Cox S(t) change only at event
 * times): the vertices of the staircase through the points, horizontal to the next time, then down.
 * The web chart and the PDF draw through these, so the two look alike.
 */
export function survivalStepVertices(curve: ReadonlyArray<{ months: number; s: number }>): Array<{ months: number; s: number }> {
  const out: Array<{ months: number; s: number }> = [];
  curve.forEach((p, i) => {
    if (i > 0) out.push({ months: p.months, s: curve[i - 1]!.s });
    out.push({ months: p.months, s: p.s });
  });
  return out;
}

export type CurveMarker = 'circle' | 'square' | 'triangle' | 'diamond';

export interface CurveStyle {
  /** Okabe–Ito colour (colour-blind safe). */
  colour: string;
  /** Dash pattern [on, off, ...] in line widths' units of the medium (pt or px); empty = solid. */
  dash: readonly number[];
  marker: CurveMarker;
  /** Wider for earlier series, which are drawn first: a curve on top of another leaves its edges visible. */
  lineWidth: number;
}

const COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00'] as const;
const DASHES: readonly (readonly number[])[] = [[], [7, 3], [2, 2], [8, 2, 2, 2], [4, 4]];
const MARKERS: readonly CurveMarker[] = ['circle', 'square', 'triangle', 'diamond', 'circle'];

/** The style of the i-th of n curves (distinct colour, dash and marker for up to 5; widths 1.2–3.6). */
export function curveStyle(i: number, n: number): CurveStyle {
  const k = i % COLOURS.length;
  return { colour: COLOURS[k]!, dash: DASHES[k]!, marker: MARKERS[k]!, lineWidth: 1.2 + 0.8 * Math.max(0, Math.min(n, 4) - 1 - Math.min(i, 3)) };
}

/** Largest |ΔS(t)| at which two curves are drawn as overlapping (invisible apart on a chart). */
export const CURVE_OVERLAP_TOLERANCE = 1e-3;

/**
 * Groups of curve indices (each of ≥ 2, in order) whose S(t) agree within the tolerance at every
 * time point: curves drawn on top of each other. Curves of different lengths never overlap.
 */
export function overlappingCurves(curves: ReadonlyArray<ReadonlyArray<{ months: number; s: number }>>, tolerance = CURVE_OVERLAP_TOLERANCE): number[][] {
  const group = new Array<number>(curves.length).fill(-1);
  const groups: number[][] = [];
  const same = (a: ReadonlyArray<{ months: number; s: number }>, b: ReadonlyArray<{ months: number; s: number }>) =>
    a.length === b.length && a.every((p, t) => p.months === b[t]!.months && Math.abs(p.s - b[t]!.s) <= tolerance);
  curves.forEach((c, i) => {
    if (group[i]! >= 0) return;
    const members = [i];
    for (let j = i + 1; j < curves.length; j++) if (group[j]! < 0 && same(c, curves[j]!)) members.push(j);
    if (members.length < 2) return;
    for (const m of members) group[m] = groups.length;
    groups.push(members);
  });
  return groups;
}

/** "curves overlap: #1 = #2 (not distinguishable by these models)" per group, given each curve's label. */
export function curveOverlapNotes(curves: ReadonlyArray<ReadonlyArray<{ months: number; s: number }>>, labels: readonly string[]): string[] {
  return overlappingCurves(curves).map((g) => `curves overlap: ${g.map((i) => labels[i]).join(' = ')} (the same predicted survival, drawn on top of each other)`);
}

/** The fields of a report candidate that `unreadOutcomesNote` reads. */
export interface CandidateOutcomes {
  readonly samples: ReadonlyArray<{ readonly logRisk: number; readonly mrecist: string; readonly viableVolumeMl: number }>;
}

/** Viable volumes closer than this (mL) are the same measured outcome for `unreadOutcomesNote`. */
export const SAME_VIABLE_VOLUME_ML = 0.05;

/**
 * When a candidate's samples were measured differently (mRECIST category or viable volume) but the
 * risk model gave them all the same log-risk: the model reads no measured response for this treatment
 * (e.g. systemic therapy or supportive care, whose terms are cited population effects), so the
 * interval is zero-width although the simulated outcomes differ. Says so, with what was measured;
 * null otherwise (one sample, outcomes alike, or scores that differ).
 */
export function unreadOutcomesNote(c: CandidateOutcomes): string | null {
  const s = c.samples;
  if (s.length < 2 || s.some((x) => x.logRisk !== s[0]!.logRisk)) return null;
  const volumes = s.map((x) => x.viableVolumeMl);
  const lo = Math.min(...volumes), hi = Math.max(...volumes);
  const categories = [...new Set(s.map((x) => x.mrecist))];
  if (categories.length < 2 && hi - lo < SAME_VIABLE_VOLUME_ML) return null;
  const ml = (v: number) => (v < 10 ? v.toFixed(1) : v.toFixed(0));
  return `samples score alike although measured differently (viable ${ml(lo)}–${ml(hi)} mL; ${categories.join(', ')}): the risk model reads no measured response for this treatment`;
}

/**
 * How the PlanReport's samples, uncertainty, ties and survival curves are shown to people, in one place for
 * the PDF and the web app: sample numbers (from 1), the interval's kind ("range of 2 samples", "95% t-interval"), the tie note,
 * and the style of each survival curve so that coinciding curves stay visible (a distinct colour,
 * dash pattern and marker per curve, earlier curves drawn wider underneath later ones) with a legend
 * note naming the curves that overlap.
 */
import type { IntervalKind, PlanReport } from './plan-report.ts';

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

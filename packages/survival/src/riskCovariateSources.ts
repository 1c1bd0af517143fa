/**
 * The plan features a risk-model covariate can be computed from, and the card's covariate
 * declaration (`covariateSources`, see @mewm/models risk-part.ts) checked against them.
 *
 * Plan sources (what `mewm plan` measures or is given):
 * - `clinical.<name>`: each clinical covariate of clinicalCovariatesSchema (numbers, 0/1 flags, and
 *   the categories childPughClass A/B/C and bclcStage 0/A/B/C/D, which need `eq` or `in`);
 * - `imaging.<name>`: the patient-level imaging features of the simulated follow-up
 *   (PatientImagingFeatures: lesionCount, largestBaselineDiameterMm, viableVolumeMl, ...; `mrecist`
 *   is a category CR/PR/SD/PD), plus two derived terms: `imaging.mrecistResponder` (CR or PR; 0 for
 *   the card's reference modality when the card calibrates modalities) and
 *   `imaging.residualAfterCurative` (viable tumour left after curative-intent treatment);
 * - `treatment.modality`: the risk-model modality of the candidate (a category; needs `eq` or `in`).
 *
 * A covariate name that equals a plan source's name (`ageYears`, `lesionCount`, `mrecistResponder`)
 * maps to it by name (`defaultPlanSource`), which is how `mewm survival fit` declares its covariates
 * unless told otherwise (`parsePlanSourceSpec`: `name=clinical.afpNgPerMl>20`).
 */
import { COMPARISONS, type CohortSource, type CovariateSource, type PlanSource, type RiskModelCard } from '@mewm/models';
import { CLINICAL_COVARIATE_NAMES } from './clinicalCovariates.ts';
import { RiskModelError, SurvivalInputError } from './errors.ts';

export type PlanSourceType = 'number' | 'flag' | 'category';

const CLINICAL_TYPES: Readonly<Record<string, PlanSourceType>> = {
  ageYears: 'number', afpNgPerMl: 'number', albuminGPerL: 'number', bilirubinUmolPerL: 'number', albiGrade: 'number',
  childPughClass: 'category', ecog: 'number', macrovascularInvasion: 'flag', extrahepaticSpread: 'flag', bclcStage: 'category', cirrhosis: 'flag',
  ceaNgPerMl: 'number', nodePositivePrimary: 'flag', synchronousMetastases: 'flag', bilobarDisease: 'flag',
};

/** Imaging features of the follow-up that a covariate may read (PatientImagingFeatures, plus the two derived terms). */
export const IMAGING_SOURCE_TYPES: Readonly<Record<string, PlanSourceType>> = {
  lesionCount: 'number', targetLesionCount: 'number', baselineVolumeMl: 'number', viableVolumeMl: 'number', necroticVolumeMl: 'number',
  necrosisFraction: 'number', lipiodolCoverage: 'number', largestBaselineDiameterMm: 'number', sumBaselineDiameterMm: 'number',
  sumViableDiameterMm: 'number', diameterSumChange: 'number', newLesionCount: 'number', mrecist: 'category',
  mrecistResponder: 'flag', residualAfterCurative: 'flag',
};

/** Every plan source with its type. */
export const PLAN_SOURCES: Readonly<Record<string, PlanSourceType>> = Object.fromEntries([
  ...CLINICAL_COVARIATE_NAMES.map((n) => [`clinical.${n}`, CLINICAL_TYPES[n] ?? 'number'] as const),
  ...Object.entries(IMAGING_SOURCE_TYPES).map(([n, t]) => [`imaging.${n}`, t] as const),
  ['treatment.modality', 'category'] as const,
]);

/** The plan source a covariate of this name maps to by name, or undefined. */
export function defaultPlanSource(covariate: string): string | undefined {
  if ((CLINICAL_COVARIATE_NAMES as readonly string[]).includes(covariate)) return `clinical.${covariate}`;
  if (Object.hasOwn(IMAGING_SOURCE_TYPES, covariate)) return `imaging.${covariate}`;
  if (Object.hasOwn(PLAN_SOURCES, covariate)) return covariate;
  return undefined;
}

function comparisonOf(d: PlanSource | CohortSource): string | undefined {
  return COMPARISONS.find((k) => d[k] !== undefined);
}

/** Problems of one plan-side declaration ('' when fine). */
function planSourceProblem(d: PlanSource): string {
  const type = PLAN_SOURCES[d.from];
  if (type === undefined) return `unknown plan feature '${d.from}'; known: ${Object.keys(PLAN_SOURCES).join(', ')}`;
  const op = comparisonOf(d);
  if (type === 'category' && op !== 'eq' && op !== 'in') return `'${d.from}' is a category: compare it with eq or in to give a number`;
  if (op !== undefined && op !== 'eq' && op !== 'in' && type !== 'number') return `'${d.from}' is not a number: ${op} does not apply (use eq)`;
  return '';
}

/** A covariate's declaration with its plan side present. */
export type PlanCovariateSource = CovariateSource & { plan: PlanSource };

/**
 * The card's covariate declaration, checked against the plan sources. A card without one (written
 * before covariateSources existed) gets the by-name mapping. With `requirePlan` (scoring plan
 * samples), every covariate must have a plan side.
 * @throws RiskModelError (part 'card.covariateSources.<covariate>[.plan.from]') naming the covariate
 *   and the unknown feature, or the covariates that no plan feature computes.
 */
export function covariateSourcesOf(card: Pick<RiskModelCard, 'covariates' | 'covariateSources'>, opts: { requirePlan: true }): Readonly<Record<string, PlanCovariateSource>>;
export function covariateSourcesOf(card: Pick<RiskModelCard, 'covariates' | 'covariateSources'>, opts?: { requirePlan?: boolean }): Readonly<Record<string, CovariateSource>>;
export function covariateSourcesOf(card: Pick<RiskModelCard, 'covariates' | 'covariateSources'>, opts: { requirePlan?: boolean } = {}): Readonly<Record<string, CovariateSource>> {
  const out: Record<string, CovariateSource> = {};
  const unmapped: string[] = [];
  for (const cov of card.covariates) {
    const declared = card.covariateSources?.[cov.name];
    const from = defaultPlanSource(cov.name);
    const source: CovariateSource | undefined = declared ?? (from !== undefined ? { plan: { from } } : undefined);
    if (source?.plan) {
      const problem = planSourceProblem(source.plan);
      if (problem) throw new RiskModelError(`card.covariateSources.${cov.name}.plan.from`, `covariate '${cov.name}': ${problem}`);
    } else {
      unmapped.push(cov.name);
    }
    if (source) out[cov.name] = source;
  }
  if (opts.requirePlan && unmapped.length > 0) {
    throw new RiskModelError(
      `card.covariateSources.${unmapped[0]}.plan`,
      `no plan feature computes covariate(s) ${unmapped.map((n) => `'${n}'`).join(', ')}, so a plan cannot score with this model; ` +
        'declare how each is computed (covariateSources.<name>.plan, e.g. mewm survival fit --covariate-source name=clinical.afpNgPerMl>20)',
    );
  }
  return out;
}

/** Apply a declaration's comparison (or none) to a raw value; null stays null (unknown). */
export function applyComparison(d: PlanSource | CohortSource, raw: number | string | boolean | null): number | null {
  if (raw === null) return null;
  if (d.gt !== undefined) return Number(Number(raw) > d.gt);
  if (d.ge !== undefined) return Number(Number(raw) >= d.ge);
  if (d.lt !== undefined) return Number(Number(raw) < d.lt);
  if (d.le !== undefined) return Number(Number(raw) <= d.le);
  if (d.eq !== undefined) return Number(raw === d.eq || (typeof raw === 'boolean' && Number(raw) === d.eq));
  if (d.in !== undefined) return Number(d.in.some((v) => v === raw));
  if (typeof raw === 'boolean') return Number(raw);
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
  return null;
}

/** "clinical.afpNgPerMl > 20" — a declaration for people. */
export function describeSource(name: string, d: PlanSource | CohortSource): string {
  const op = comparisonOf(d);
  const symbol: Record<string, string> = { gt: '>', ge: '>=', lt: '<', le: '<=', eq: '==', in: 'in' };
  if (op === undefined) return name;
  const value = op === 'in' ? (d.in ?? []).join('|') : String(d[op as 'gt']);
  return `${name} ${symbol[op]} ${value}`;
}

const SPEC = /^([A-Za-z_][A-Za-z0-9_]*)=([a-z]+\.[A-Za-z][A-Za-z0-9]*)(?:\s*(>=|<=|==|>|<|\sin\s)\s*(.+))?$/;

/**
 * Parses `name=<source>[<op><value>]` (op: > >= < <= == or " in " with values a|b|c), e.g.
 * `afpHigh=clinical.afpNgPerMl>20`, `childA=clinical.childPughClass==A`, `tace=treatment.modality==ctace`.
 * @throws SurvivalInputError naming the text and the expected form.
 */
export function parsePlanSourceSpec(text: string): { name: string; plan: PlanSource } {
  const m = SPEC.exec(text.trim());
  if (!m) throw new SurvivalInputError('covariate source', `"${text}" is not name=<source>[<op><value>] (e.g. afpHigh=clinical.afpNgPerMl>20)`);
  const [, name, from, rawOp, rawValue] = m;
  const plan: PlanSource = { from: from! };
  if (rawOp !== undefined) {
    const op = rawOp.trim();
    const value = rawValue!.trim();
    const scalar = (v: string): number | string => (v !== '' && Number.isFinite(Number(v)) ? Number(v) : v);
    if (op === 'in') plan.in = value.split('|').map((v) => scalar(v.trim()));
    else if (op === '==') plan.eq = value === 'true' ? true : value === 'false' ? false : scalar(value);
    else {
      const n = Number(value);
      if (!Number.isFinite(n)) throw new SurvivalInputError('covariate source', `"${text}": ${op} needs a number, got "${value}"`);
      const key = ({ '>': 'gt', '>=': 'ge', '<': 'lt', '<=': 'le' } as const)[op as '>'];
      plan[key] = n;
    }
  }
  const problem = planSourceProblem(plan);
  if (problem) throw new SurvivalInputError('covariate source', `"${text}": ${problem}`);
  return { name: name!, plan };
}

/**
 * The declaration `mewm survival fit` writes for fitted columns: the cohort side is the column
 * itself; the plan side is `overrides[column]`, else the plan feature of the same name, else absent
 * (listed in `unmapped`: such a model scores rows but `mewm plan` refuses it, naming them).
 * @throws SurvivalInputError for an override of a name that is not a fitted covariate.
 */
export function fittedCovariateSources(
  columns: readonly string[], overrides: Readonly<Record<string, PlanSource>> = {},
): { sources: Record<string, CovariateSource>; unmapped: string[] } {
  for (const name of Object.keys(overrides)) {
    if (!columns.includes(name)) throw new SurvivalInputError('covariate source', `"${name}" is not one of the fitted covariates (${columns.join(', ')})`);
  }
  const unmapped = columns.filter((c) => !overrides[c] && defaultPlanSource(c) === undefined);
  const sources = Object.fromEntries(columns.map((c): [string, CovariateSource] => {
    const from = defaultPlanSource(c);
    const plan = overrides[c] ?? (from !== undefined ? { from } : undefined);
    return [c, { ...(plan ? { plan } : {}), cohort: { column: c } }];
  }));
  return { sources, unmapped };
}

/**
 * Computes covariate columns from a cohort table (numeric columns by name) with the declaration's
 * cohort side: the column as is, or its comparison as 0/1; NaN (missing) stays NaN.
 * @throws SurvivalInputError naming a covariate without a cohort side or a missing column.
 */
export function cohortCovariateColumns(
  sources: Readonly<Record<string, CovariateSource>>, table: Readonly<Record<string, readonly number[]>>,
): Record<string, number[]> {
  return Object.fromEntries(Object.entries(sources).map(([name, s]) => {
    if (!s.cohort) throw new SurvivalInputError(`covariateSources.${name}.cohort`, 'this covariate is not computed from a cohort column');
    const col = table[s.cohort.column];
    if (!col) throw new SurvivalInputError(`csv.${s.cohort.column}`, `column missing (covariate ${name})`);
    const cohort = s.cohort;
    return [name, col.map((v) => (Number.isNaN(v) ? Number.NaN : applyComparison(cohort, v)!))];
  }));
}

/**
 * Assembles the PlanReport from the ranked scores, the inputs' hashes and the model summaries, and
 * validates it against the schema (a report that does not validate is a bug: it throws).
 */
import { describeProtocol } from '@mewm/world-model';
import {
  PLAN_REPORT_KIND, PLAN_REPORT_SCHEMA_VERSION, PLAN_RESEARCH_USE, planReportSchema, type PlanReport,
} from '@mewm/contracts';
import type { PlanInput } from './contracts.ts';
import { INTERVAL_METHOD } from './interval.ts';
import { P_BEST_METHOD } from './probability-best.ts';
import type { RankedCandidate } from './rank-candidates.ts';
import { TIE_DEFINITION } from './tie-groups.ts';
import { riskModalityRule } from './risk-modality.ts';

export const SOFTWARE_VERSION = '0.1.0';

export interface BuildPlanReportArgs {
  input: PlanInput;
  ranked: readonly RankedCandidate[];
  lesions: PlanReport['lesions'];
  models: PlanReport['models'];
  settings: { policy: string; samples: number; seed: number; steps: number | null; searchSamples: number | null; beam: Record<string, unknown> | null; pBestReplicates: number };
  policy: PlanReport['policy'];
  bclcStage: PlanReport['bclcStage'];
  scoring: PlanReport['scoring'];
  timings: PlanReport['timings'];
  files?: PlanReport['files'];
  createdAt?: Date;
}

export function buildPlanReport(a: BuildPlanReportArgs): PlanReport {
  checkLesionNumbers(a.lesions, a.ranked);
  const imputed = new Map<string, { name: string; value: number; rule: string }>();
  for (const c of a.ranked) for (const s of c.samples) for (const m of s.imputed) if (!imputed.has(m.name)) imputed.set(m.name, m);
  const horizon = a.ranked[0]!.samples[0]!.survival.at(-1)!.months;
  const report: PlanReport = {
    schemaVersion: PLAN_REPORT_SCHEMA_VERSION,
    kind: PLAN_REPORT_KIND,
    researchUse: PLAN_RESEARCH_USE,
    createdAt: (a.createdAt ?? new Date()).toISOString(),
    case: { pseudonym: a.input.casePseudonym, lesionSource: a.input.lesionSource },
    inputs: {
      hashes: { ct: a.input.inputHashes.ct, lesionMask: a.input.inputHashes.lesionMask, ...(a.input.inputHashes.clinical ? { clinical: a.input.inputHashes.clinical } : {}) },
      ct: { dims: a.input.ct.dims, spacingMm: a.input.ct.spacingMm },
      ...(a.input.dicomReference ? { dicom: a.input.dicomReference } : {}),
    },
    lesions: a.lesions,
    clinical: {
      covariates: Object.fromEntries(Object.entries(a.input.clinical).filter(([, v]) => v !== undefined && v !== null)),
      imputed: [...imputed.values()].sort((x, y) => (x.name < y.name ? -1 : 1)),
    },
    disease: a.input.disease,
    bclcStage: a.bclcStage,
    ...(a.input.anatomy ? { anatomy: a.input.anatomy } : {}),
    settings: { ...a.settings, intervalMethod: INTERVAL_METHOD, tieDefinition: TIE_DEFINITION, pBestMethod: P_BEST_METHOD, rmstHorizonMonths: horizon },
    models: a.models,
    candidates: a.ranked.map((c) => ({
      rank: c.rank,
      name: c.candidate.name,
      protocol: c.candidate.protocol,
      description: describeProtocol(c.candidate.protocol),
      source: c.candidate.source,
      rationale: c.candidate.rationale,
      riskModality: (() => {
        const rule = riskModalityRule(c.candidate.protocol, a.input.disease);
        return { modality: rule.modality, assumed: rule.assumed, note: rule.note };
      })(),
      tieGroup: c.tieGroup,
      samples: c.samples.map((s) => ({
        index: s.index, seed: s.seed, mrecist: s.mrecist, viableVolumeMl: s.viableVolumeMl, necrosisFraction: s.necrosisFraction,
        lipiodolCoverage: s.lipiodolCoverage, logRisk: s.logRisk, rmstMonths: s.rmstMonths, survival: s.survival, volumeSha256: s.volumeSha256,
        measured: {
          diameterSumChange: s.diameterSumChange, sumViableDiameterMm: s.sumViableDiameterMm, newLesionCount: s.newLesionCount, liradsTr: s.liradsTr,
          residualAfterCurative: s.residualAfterCurative ?? null, labelMap: s.labelMap,
          lesions: s.lesions, recist: s.recist,
        },
        ...(s.anatomy ? { anatomy: s.anatomy } : {}),
      })),
      aggregate: c.aggregate,
    })),
    policy: a.policy,
    scoring: a.scoring,
    software: { name: 'mewm', version: SOFTWARE_VERSION },
    timings: a.timings,
    files: a.files ?? [],
  };
  const checked = planReportSchema.safeParse(report);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new Error(`internal: the plan report does not match its schema at ${issue.path.join('.')}: ${issue.message}`);
  }
  return report;
}

/** Relative difference below which a measured baseline volume is the report lesion's own. */
const SAME_VOLUME = 1e-6;

/**
 * Every sample's measured lesion k must be the report's lesion k (the target-lesion table relies on
 * it): the same count and the same baseline volume. A mismatch is a bug: it throws.
 */
function checkLesionNumbers(lesions: PlanReport['lesions'], ranked: readonly RankedCandidate[]): void {
  const byLabel = new Map(lesions.map((l) => [l.label, l.volumeMl]));
  for (const c of ranked) for (const s of c.samples) {
    const mismatch = s.lesions.length !== lesions.length ? `${s.lesions.length} measured lesions, ${lesions.length} in the report`
      : s.lesions.map((l) => ({ l, ml: byLabel.get(l.lesion) })).filter(({ l, ml }) => ml === undefined || Math.abs(l.baselineVolumeMl - ml) > SAME_VOLUME * Math.max(1, ml))
        .map(({ l, ml }) => `lesion ${l.lesion}: measured ${l.baselineVolumeMl} mL, report ${ml ?? 'none'}`).join('; ');
    if (mismatch) throw new Error(`internal: ${c.candidate.name} sample ${s.index}: the measured lesions are not numbered as the report's (${mismatch})`);
  }
}

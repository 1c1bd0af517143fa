/**
 * Clinical covariates of a case (the risk model's inputs): validated with @mewm/survival's
 * clinicalCovariatesSchema (every field may be unknown: null), stored as JSON on the case row.
 * ALBI grade is filled from albumin and bilirubin when both are known and must agree with them.
 */
import 'server-only';
import { parseClinicalCovariates, type ClinicalCovariates } from '@mewm/survival/clinical-covariates';
import { SurvivalInputError } from '@mewm/survival/errors';
import { caseClinicalColumn } from '../db/column-schemas.ts';
import { readJsonColumn } from '../db/json-column.ts';
import { InvalidInputError, NotFoundError } from '../errors.ts';
import type { ServiceContext } from './context.ts';

export interface CaseClinical {
  /** Every covariate, null when unknown. */
  covariates: Required<{ [K in keyof ClinicalCovariates]: NonNullable<ClinicalCovariates[K]> | null }>;
  /** Whether anything was entered for the case. */
  entered: boolean;
}

const NAMES = [
  'ageYears', 'afpNgPerMl', 'albuminGPerL', 'bilirubinUmolPerL', 'albiGrade', 'childPughClass', 'ecog',
  'macrovascularInvasion', 'extrahepaticSpread', 'bclcStage', 'cirrhosis',
  'ceaNgPerMl', 'nodePositivePrimary', 'synchronousMetastases', 'bilobarDisease',
] as const satisfies readonly (keyof ClinicalCovariates)[];

function complete(c: ClinicalCovariates): CaseClinical['covariates'] {
  const out: Record<string, unknown> = {};
  for (const n of NAMES) out[n] = c[n] ?? null;
  return out as CaseClinical['covariates'];
}

export async function getClinical(ctx: ServiceContext, caseId: string): Promise<CaseClinical> {
  const row = await ctx.db.case.findUnique({ where: { id: caseId }, select: { clinical: true } });
  if (!row) throw new NotFoundError('case', caseId);
  if (row.clinical === null) return { covariates: complete({}), entered: false };
  return { covariates: complete(readJsonColumn(caseClinicalColumn, row.clinical, 'Case.clinical')), entered: true };
}

/** Validate and store; returns what was stored (with the derived ALBI grade). */
export async function saveClinical(ctx: ServiceContext, caseId: string, input: unknown): Promise<CaseClinical> {
  let parsed: ClinicalCovariates;
  try {
    parsed = parseClinicalCovariates(input);
  } catch (e) {
    if (e instanceof SurvivalInputError) throw new InvalidInputError(e.message);
    throw e;
  }
  const covariates = complete(parsed);
  const exists = await ctx.db.case.findUnique({ where: { id: caseId }, select: { id: true } });
  if (!exists) throw new NotFoundError('case', caseId);
  await ctx.db.case.update({ where: { id: caseId }, data: { clinical: JSON.stringify(covariates) }, select: { id: true } });
  return { covariates, entered: true };
}

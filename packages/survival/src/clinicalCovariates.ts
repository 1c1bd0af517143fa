/**
 * Clinical covariates of a liver-tumour patient (HCC or colorectal liver metastases) as a zod schema. Every field may be unknown (omitted or
 * null); the risk-feature encoder decides per model covariate how an unknown is imputed and
 * records it. Ranges are physiological bounds that catch unit mistakes (albumin in g/dL, bilirubin
 * in mg/dL), not clinical cut-offs.
 *
 * ALBI (Johnson PJ, et al. J Clin Oncol 2015;33(6):550-558):
 *   score = 0.66 log10(bilirubin µmol/L) - 0.085 albumin g/L;
 *   grade 1: score <= -2.60; grade 2: -2.60 < score <= -1.39; grade 3: score > -1.39.
 */
import { z } from 'zod';
import { SurvivalInputError } from './errors.ts';

const unknownable = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

export const clinicalCovariatesSchema = z
  .object({
    /** Age at treatment, years. */
    ageYears: unknownable(z.number().min(0).max(120)),
    /** Serum alpha-fetoprotein, ng/mL. */
    afpNgPerMl: unknownable(z.number().min(0).max(1e7)),
    /** Serum albumin, g/L (not g/dL). */
    albuminGPerL: unknownable(z.number().min(5).max(70)),
    /** Total bilirubin, µmol/L (not mg/dL; 1 mg/dL = 17.1 µmol/L). */
    bilirubinUmolPerL: unknownable(z.number().min(1).max(1000)),
    /** ALBI grade when albumin and bilirubin are not given; must agree with them when both are. */
    albiGrade: unknownable(z.union([z.literal(1), z.literal(2), z.literal(3)])),
    childPughClass: unknownable(z.enum(['A', 'B', 'C'])),
    /** ECOG performance status 0..4. */
    ecog: unknownable(z.number().int().min(0).max(4)),
    /** Macrovascular (portal or hepatic vein) invasion on imaging. */
    macrovascularInvasion: unknownable(z.boolean()),
    extrahepaticSpread: unknownable(z.boolean()),
    /** Barcelona Clinic Liver Cancer stage. */
    bclcStage: unknownable(z.enum(['0', 'A', 'B', 'C', 'D'])),
    cirrhosis: unknownable(z.boolean()),
    // Colorectal liver metastases (Fong clinical risk score factors; Fong Y, et al. Ann Surg 1999;230(3):309-318).
    /** Serum carcinoembryonic antigen, ng/mL. */
    ceaNgPerMl: unknownable(z.number().min(0).max(1e6)),
    /** Lymph-node-positive colorectal primary. */
    nodePositivePrimary: unknownable(z.boolean()),
    /** Liver metastases found with the primary (synchronous), or within its first months. */
    synchronousMetastases: unknownable(z.boolean()),
    /** Metastases in both liver lobes (when not measured on the image). */
    bilobarDisease: unknownable(z.boolean()),
  })
  .strict();

export type ClinicalCovariatesInput = z.input<typeof clinicalCovariatesSchema>;
export type ClinicalCovariates = z.output<typeof clinicalCovariatesSchema>;
export type ClinicalCovariateName = keyof ClinicalCovariates;
export const CLINICAL_COVARIATE_NAMES = Object.keys(clinicalCovariatesSchema.shape) as ClinicalCovariateName[];

/** ALBI score from bilirubin (µmol/L) and albumin (g/L). */
export function albiScore(bilirubinUmolPerL: number, albuminGPerL: number): number {
  return 0.66 * Math.log10(bilirubinUmolPerL) - 0.085 * albuminGPerL;
}

export function albiGradeOf(score: number): 1 | 2 | 3 {
  return score <= -2.6 ? 1 : score <= -1.39 ? 2 : 3;
}

/**
 * Validates clinical covariates; fills `albiGrade` from albumin and bilirubin when both are known.
 * @throws SurvivalInputError naming the field and its allowed values / range, or the ALBI conflict.
 */
export function parseClinicalCovariates(input: unknown, argument = 'clinical'): ClinicalCovariates {
  const parsed = clinicalCovariatesSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new SurvivalInputError([argument, ...issue.path.map(String)].join('.'), issue.message);
  }
  const c = { ...parsed.data };
  if (c.albuminGPerL != null && c.bilirubinUmolPerL != null) {
    const grade = albiGradeOf(albiScore(c.bilirubinUmolPerL, c.albuminGPerL));
    if (c.albiGrade != null && c.albiGrade !== grade) {
      throw new SurvivalInputError(`${argument}.albiGrade`, `is ${c.albiGrade} but albumin and bilirubin give ALBI grade ${grade}`);
    }
    c.albiGrade = grade;
  }
  return c;
}

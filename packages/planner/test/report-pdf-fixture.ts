/**
 * A synthetic but schema-valid PlanReport (five candidates, K = 4) for the PDF tests: plausible
 * numbers, no patient data. Survival curves are exponential with the candidate's hazard.
 */
import { createHash } from 'node:crypto';
import { PLAN_REPORT_SCHEMA_VERSION, planReportSchema, type PlanReport } from '@mewm/contracts';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const MONTHS = [0, 6, 12, 24, 36, 60];

const BASELINE_MM = 31.2;
/** Follow-up diameters per category: the viable part (mRECIST) and the whole lesion (RECIST 1.1), as fractions of baseline. */
const VIABLE = { CR: 0, PR: 0.55, SD: 0.9, PD: 1.25 } as const;
const OVERALL = { CR: 0.8, PR: 0.68, SD: 0.95, PD: 1.25 } as const;

/** What the critic measured on a sample: one target lesion (lesion 1, 31.2 mm, 12.3 mL). */
function measured(m: 'CR' | 'PR' | 'SD' | 'PD', viableVolumeMl: number, index: number): NonNullable<PlanReport['candidates'][number]['samples'][number]['measured']> {
  const viable = BASELINE_MM * VIABLE[m] + (m === 'CR' ? 0 : 0.3 * index), overall = BASELINE_MM * OVERALL[m] + 0.3 * index;
  const recist = overall <= BASELINE_MM * 0.7 ? 'PR' : overall >= BASELINE_MM * 1.2 ? 'PD' : 'SD';
  return {
    diameterSumChange: (viable - BASELINE_MM) / BASELINE_MM, sumViableDiameterMm: viable, newLesionCount: 0,
    liradsTr: m === 'CR' ? 'LR-TR Nonviable' : 'LR-TR Viable', residualAfterCurative: null, labelMap: { viableVolumeMl, diameterSumChange: (viable - BASELINE_MM) / BASELINE_MM },
    lesions: [{ lesion: 1, target: true, baselineDiameterMm: BASELINE_MM, baselineVolumeMl: 12.3, followUpDiameterMm: overall, viableDiameterMm: viable, viableVolumeMl, mrecist: m }],
    recist: { sumBaselineDiameterMm: BASELINE_MM, sumFollowUpDiameterMm: overall, diameterSumChange: (overall - BASELINE_MM) / BASELINE_MM, category: recist },
  };
}

function candidate(rank: number, name: string, description: string, source: 'guideline' | 'search' | 'user', medianMonths: number, mrecist: Array<'CR' | 'PR' | 'SD' | 'PD'>, pBest: number): PlanReport['candidates'][number] {
  const samples = mrecist.map((m, index) => {
    const median = medianMonths * (1 + 0.08 * (index - 1.5));
    const lambda = Math.log(2) / median;
    const survival = MONTHS.map((months) => ({ months, s: Math.exp(-lambda * months) }));
    const rmst = (1 - Math.exp(-lambda * 60)) / lambda;
    const viableVolumeMl = m === 'CR' ? 0 : 4 + index;
    return {
      index, seed: 7 + index, mrecist: m, viableVolumeMl, necrosisFraction: m === 'CR' ? 1 : 0.5,
      lipiodolCoverage: name.startsWith('tace') ? 0.6 : 0, logRisk: Math.log(lambda / 0.03), rmstMonths: rmst, survival, volumeSha256: sha(`${name}-${index}`),
      measured: measured(m, viableVolumeMl, index),
    };
  });
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const interval = (xs: number[]) => ({ mean: mean(xs), lo: Math.min(...xs), hi: Math.max(...xs), kind: 'range' as const });
  return {
    rank, name, protocol: { modality: name.split(':')[0] }, description, source,
    rationale: `Proposed by the ${source} policy for this synthetic test case (BCLC B: TACE is the recommended option, Reig et al., J Hepatol 2022).`,
    riskModality: { modality: name.split(':')[0]!, assumed: rank === 5, note: rank === 5 ? 'scored as best supportive care' : '' },
    samples,
    tieGroup: null,
    aggregate: {
      logRisk: interval(samples.map((s) => s.logRisk)),
      rmstMonths: interval(samples.map((s) => s.rmstMonths)),
      survivalCurve: MONTHS.map((months, t) => ({ months, s: mean(samples.map((s) => s.survival[t]!.s)) })),
      pBest,
    },
  };
}

/** The second candidate's name in the tied report. */
export const TIED_NAME = 'tace:epirubicin+lipiodol';
export const CANDIDATE_NAMES = ['tace:doxorubicin+lipiodol', 'mwa:5mm', 'sbrt:50Gy/5fx', 'systemic:atezolizumab+bevacizumab', 'bsc'];

/**
 * @param opts.tie candidate 2 becomes "tace:epirubicin+lipiodol", with candidate 1's samples (the
 * models read TACE drugs alike): both in tie group 1, their survival curves on top of each other.
 */
export function syntheticReport(opts: { tie?: boolean } = {}): PlanReport {
  const report: PlanReport = {
    schemaVersion: PLAN_REPORT_SCHEMA_VERSION,
    kind: 'mewm-plan-report',
    researchUse: 'research use only, not for clinical use',
    createdAt: '2025-01-02T03:04:05.000Z',
    case: { pseudonym: 'CASE-TEST-0001', lesionSource: { kind: 'point', pointRas: [92.8, -31.6, -304] } },
    inputs: { hashes: { ct: sha('ct'), lesionMask: sha('mask') }, ct: { dims: [512, 512, 51], spacingMm: [0.8047, 0.8047, 5] } },
    lesions: [{ label: 1, volumeMl: 12.3, longestAxialDiameterMm: 31.2, centroidRas: [92.1, -32.4, -305.2] }],
    clinical: {
      covariates: { age: 64, ecog: 0, childPugh: 'A', afpHigh: false, cirrhosis: true },
      imputed: [{ name: 'vascularInvasion', value: 0, rule: 'unknown: cohort prevalence rounded (absent)' }],
    },
    disease: 'hcc',
    bclcStage: 'B',
    settings: {
      policy: 'both', samples: 4, seed: 7, steps: null, searchSamples: 2,
      beam: { width: 5, drugs: 2, embolics: 2, horizons: 2 }, pBestReplicates: 2000,
      intervalMethod: "mean over the K samples; with K < 10 the samples' range (min–max)", tieDefinition: 'the same log-risk and RMST on every sample',
      pBestMethod: 'paired bootstrap over sample indices', rmstHorizonMonths: 60,
    },
    models: {
      dynamics: { name: 'mewm-dynamics', version: '0.1.0', sha256: sha('dyn'), data: 'no training data: 40 parameters from published figures', sources: ['Lencioni R et al., Hepatology 2016;64:1090–1098', 'Vincenzi B et al., PLoS One 2015'] },
      renderer: { name: 'coarse+white-noise (baseline, not a learned model)', version: '0.1.0', sha256: null, data: 'not a learned model: the expected-HU map plus white noise', sources: [], learned: false },
      risk: { name: 'risk-cox-hcc', version: '0.1.0', sha256: sha('risk'), data: 'hepatoCellular cohort (227 resected HCC patients); licence GPL-2', sources: ['Llovet JM et al., N Engl J Med 2008;359:378–390'] },
    },
    candidates: [
      candidate(1, CANDIDATE_NAMES[0]!, 'cTACE with doxorubicin and Lipiodol, follow-up 90 days', 'guideline', 30, ['PR', 'PR', 'CR', 'SD'], 0.46),
      candidate(2, CANDIDATE_NAMES[1]!, 'microwave ablation, 5 mm margin', 'search', 27, ['CR', 'CR', 'PR', 'CR'], 0.31),
      candidate(3, CANDIDATE_NAMES[2]!, 'SBRT 50 Gy in 5 fractions', 'guideline', 24, ['SD', 'PR', 'SD', 'PR'], 0.15),
      candidate(4, CANDIDATE_NAMES[3]!, 'atezolizumab + bevacizumab', 'user', 19, ['SD', 'SD', 'PD', 'PR'], 0.08),
      candidate(5, CANDIDATE_NAMES[4]!, 'best supportive care', 'guideline', 8, ['PD', 'PD', 'SD', 'PD'], 0),
    ],
    policy: {
      name: 'both',
      summary: { bclc: { stage: 'B', inputs: { lesions: 1, largestMm: 31.2, ecog: 0, childPugh: 'A' } }, beamDepths: 2, bestSearch: 'tace:doxorubicin+lipiodol' },
      searchCost: { evaluations: 24, simulated: 40, cacheHits: 8 },
    },
    scoring: { simulated: 20, cacheHits: 4, resimulatedForVolumes: 0 },
    software: { name: 'mewm', version: '0.1.0' },
    timings: { ingestMs: 850, policyMs: 12, searchMs: 21_000, scoringMs: 33_500, reportMs: 1_200, totalMs: 56_600 },
    files: [{ path: 'ct.nii.gz', sha256: sha('file'), role: 'ct' }],
  };
  if (opts.tie) {
    const first = report.candidates[0]!;
    const aggregate = { ...first.aggregate, pBest: first.aggregate.pBest / 2 };
    report.candidates[0] = { ...first, tieGroup: 1, aggregate };
    report.candidates[1] = { ...first, rank: 2, name: TIED_NAME, description: 'cTACE with epirubicin and Lipiodol, follow-up 90 days', source: 'search', tieGroup: 1, aggregate };
  }
  return planReportSchema.parse(report);
}

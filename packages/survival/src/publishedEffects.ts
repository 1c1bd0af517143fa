/**
 * Published figures the default risk model uses as fixed terms, each with its citation.
 * Overall survival (OS) medians in months; hazard ratios for death.
 */

/**
 * How far a figure was checked. 'secondary': the number was found in a secondary public source
 * (named in `note`), not in the paper's full text; 'unverified': quoted from the project brief or
 * from memory of the publication and not checked against any source in this build. Nothing here
 * was checked against a full text; treat every figure accordingly.
 */
export interface Verification {
  readonly status: 'secondary' | 'unverified';
  readonly note: string;
}

export interface Citation {
  readonly citation: string;
  readonly figure: string;
  readonly verification: Verification;
}

const FROM_BRIEF: Verification = {
  status: 'unverified',
  note: 'figure as given in the project design brief (issue 5 / DESIGN.md); not checked against the paper in this build',
};

/** mRECIST responders (CR + PR) vs non-responders (SD + PD), OS hazard ratio. */
export const MRECIST_RESPONDER_HR = {
  hazardRatio: 0.39,
  source: {
    citation: 'Vincenzi B, et al. Prognostic relevance of objective response according to EASL criteria and mRECIST criteria in hepatocellular carcinoma patients treated with loco-regional therapies: a literature-based meta-analysis. PLoS One 2015;10(7):e0133488',
    figure: 'OS hazard ratio responders vs non-responders (mRECIST) 0.39',
    verification: FROM_BRIEF,
  } satisfies Citation,
} as const;

/**
 * Residual viable tumour after a curative-intent local treatment (resection, ablation) vs a complete
 * one: NOT a published figure. ASSUMED equal to the contrast the HCC-TACE-Seg table measures after
 * TACE: overall survival from the first follow-up scan, mRECIST not CR (median of three readers) vs
 * CR, HR 2.32 (95 % CI 1.15-4.69; 66 patients, 59 deaths, 54 with residual tumour), computed by
 * cohorts/hccTaceResidualContrast.ts (a test recomputes it). It is no longer the inverted responder HR
 * of Vincenzi 2015 (responders vs non-responders is another contrast). No ablation- or
 * resection-specific hazard ratio (incomplete vs complete ablation, R1 vs R0) was sourced.
 */
export const RESIDUAL_AFTER_CURATIVE_EFFECT = {
  hazardRatio: 2.324917,
  hazardRatio95: [1.152347, 4.690634],
  status: 'assumed',
  rationale:
    'transfers the residual-vs-complete-response contrast measured after TACE (HCC-TACE-Seg, landmark at the first follow-up scan) to residual tumour after curative-intent local treatment; no ablation- or resection-specific figure is sourced',
  basis: {
    citation: 'Moawad AW, et al. HCC-TACE-Seg [data set]. The Cancer Imaging Archive 2021. doi:10.7937/TCIA.5FNA-0924 (CC BY 4.0); computed here by hccTaceResidualTumourContrast',
    figure: 'OS from the first follow-up scan, mRECIST not CR (median reader category) vs CR: HR 2.32 (95% CI 1.15-4.69), n 66, 59 deaths',
    verification: { status: 'secondary', note: 'computed in this repository from the public table; a univariable estimate after TACE, not after resection or ablation' },
  } satisfies Citation,
} as const;

/** Every treatment term of the risk models (HCC: risk-cox-hcc, risk-hcc-tace; CRLM: risk-crlm adds the last two). */
export type TreatmentModality =
  | 'resection' | 'ctace' | 'sorafenib' | 'lenvatinib' | 'atezolizumabBevacizumab' | 'bestSupportiveCare'
  | 'thermalAblation' | 'systemicChemotherapy';

export interface ModalityEvidence {
  readonly modality: TreatmentModality;
  /** Feature name of the indicator (resection is the reference: all indicators 0). */
  readonly feature: string | null;
  readonly label: string;
  /** How the modality's log-hazard term is set. */
  readonly anchor:
    | { readonly kind: 'reference' }
    | { readonly kind: 'median'; readonly medianOsMonths: number }
    | { readonly kind: 'hazardRatio'; readonly versus: TreatmentModality; readonly hazardRatio: number };
  /** Published median OS of the arm (months), for the consistency check in the card. */
  readonly publishedMedianOsMonths: number | null;
  /**
   * Curative-intent local treatment (the residualAfterCurative term applies; the mRECIST responder
   * term does not). Only resection here; the planner scores ablation with the resection term.
   */
  readonly curativeIntent: boolean;
  /** Objective response rate used to impute an unknown response; 0 for resection (not applicable). */
  readonly responseRate: number;
  /**
   * Whether the mRECIST responder term (Vincenzi 2015, locoregional therapies) applies: TACE only. For
   * systemic therapy and supportive care it does not (the locoregional effect is not extended to
   * them): mrecistResponder is 0 and the modality term is calibrated without it.
   */
  readonly responseTermApplies: boolean;
  readonly sources: readonly Citation[];
  /** Card note on the calibration when the default note for the anchor kind does not fit. */
  readonly calibrationNote?: string;
}

export const MODALITY_EVIDENCE: readonly ModalityEvidence[] = [
  {
    modality: 'resection',
    feature: null,
    label: 'surgical resection (reference: the hepatoCellular training cohort)',
    anchor: { kind: 'reference' },
    publishedMedianOsMonths: null,
    curativeIntent: true,
    responseRate: 0,
    responseTermApplies: false,
    sources: [{
      citation: 'Li L, et al. PLoS One 2014;9(10):e110064 (hepatoCellular cohort, R package asaur)',
      figure: 'baseline hazard fitted on this cohort',
      verification: { status: 'secondary', note: 'data set as distributed in R package asaur (CC0); the fit is reproduced by R coxph in reference/make-reference.R' },
    }],
  },
  {
    modality: 'ctace',
    feature: 'modalityCtace',
    label: 'conventional (Lipiodol) TACE',
    anchor: { kind: 'median', medianOsMonths: 19.4 },
    publishedMedianOsMonths: 19.4,
    curativeIntent: false,
    responseRate: 0.525,
    responseTermApplies: true,
    sources: [
      {
        citation: 'Lencioni R, et al. Lipiodol transarterial chemoembolization for hepatocellular carcinoma: a systematic review of efficacy and safety data. Hepatology 2016;64(1):106-116',
        figure: 'median OS 19.4 months; objective response 52.5%',
        verification: FROM_BRIEF,
      },
    ],
  },
  {
    modality: 'sorafenib',
    feature: 'modalitySorafenib',
    label: 'sorafenib',
    anchor: { kind: 'median', medianOsMonths: 10.7 },
    publishedMedianOsMonths: 10.7,
    curativeIntent: false,
    responseRate: 0.092,
    responseTermApplies: false,
    sources: [
      { citation: 'Llovet JM, et al. Sorafenib in advanced hepatocellular carcinoma (SHARP). N Engl J Med 2008;359:378-390', figure: 'median OS 10.7 vs 7.9 months (placebo), HR 0.69', verification: FROM_BRIEF },
      {
        citation: 'Kudo M, et al. Lenvatinib versus sorafenib in first-line treatment of unresectable hepatocellular carcinoma (REFLECT). Lancet 2018;391:1163-1173',
        figure: 'sorafenib arm objective response 9.2% (investigator, mRECIST)',
        verification: {
          status: 'unverified',
          note: 'needs checking against the paper: a secondary report (targetedonc.com interview on REFLECT) gives ORR "24% versus 9%" without the decimals or the response criteria; 9.2% and "investigator, mRECIST" are not confirmed',
        },
      },
    ],
  },
  {
    modality: 'lenvatinib',
    feature: 'modalityLenvatinib',
    label: 'lenvatinib',
    anchor: { kind: 'hazardRatio', versus: 'sorafenib', hazardRatio: 0.92 },
    publishedMedianOsMonths: 13.6,
    curativeIntent: false,
    responseRate: 0.241,
    responseTermApplies: false,
    sources: [
      {
        citation: 'Kudo M, et al. (REFLECT). Lancet 2018;391:1163-1173',
        figure: 'median OS 13.6 vs 12.3 months (sorafenib), HR 0.92',
        verification: { status: 'secondary', note: 'median OS 13.6 (95% CI 12.1-14.9) vs 12.3 (10.4-13.9) months, HR 0.92 (0.79-1.06) as reported by targetedonc.com (REFLECT interview); not checked against the paper' },
      },
      {
        citation: 'Kudo M, et al. (REFLECT). Lancet 2018;391:1163-1173',
        figure: 'objective response 24.1% (investigator, mRECIST)',
        verification: {
          status: 'unverified',
          note: 'needs checking against the paper: a secondary report gives "24% versus 9%" without decimals or criteria; the value sets only the response imputed for an unknown response (and the calibration at it)',
        },
      },
    ],
  },
  {
    modality: 'atezolizumabBevacizumab',
    feature: 'modalityAtezoBev',
    label: 'atezolizumab + bevacizumab',
    anchor: { kind: 'hazardRatio', versus: 'sorafenib', hazardRatio: 0.66 },
    publishedMedianOsMonths: 19.2,
    curativeIntent: false,
    responseRate: 0.273,
    responseTermApplies: false,
    sources: [
      {
        citation: 'Finn RS, et al. Atezolizumab plus bevacizumab in unresectable hepatocellular carcinoma (IMbrave150). N Engl J Med 2020;382:1894-1905',
        figure: 'objective response 27.3% (89 of 326) by RECIST 1.1, independent review facility, vs 11.9% with sorafenib',
        verification: {
          status: 'secondary',
          note: 'the figure of the dynamics card (models/dynamics.json systemic.atezolizumab-bevacizumab.objectiveResponseRate = 0.273) and of secondary summaries of the NEJM report; not checked against the full text. RECIST 1.1, not mRECIST: it only sets the response imputed for an unknown response, and the responder term does not apply to systemic therapy',
        },
      },
      {
        citation: 'Cheng AL, et al. Updated efficacy and safety data from IMbrave150. J Hepatol 2022;76(4):862-873',
        figure: 'median OS 19.2 vs 13.4 months (sorafenib), HR 0.66',
        verification: { ...FROM_BRIEF, note: `${FROM_BRIEF.note}; the primary analysis (Finn 2020) reported HR 0.58, the updated analysis is used` },
      },
    ],
  },
  {
    // Listed last so that the feature columns of the other modalities keep their positions.
    modality: 'bestSupportiveCare',
    feature: 'modalityBestSupportiveCare',
    label: 'best supportive care (no anticancer treatment; the placebo arm of SHARP)',
    // SHARP: sorafenib vs placebo HR 0.69, so placebo vs sorafenib = 1 / 0.69.
    anchor: { kind: 'hazardRatio', versus: 'sorafenib', hazardRatio: 1 / 0.69 },
    publishedMedianOsMonths: 7.9,
    curativeIntent: false,
    responseRate: 0.01,
    responseTermApplies: false,
    sources: [
      {
        citation: 'Llovet JM, et al. Sorafenib in advanced hepatocellular carcinoma (SHARP). N Engl J Med 2008;359:378-390',
        figure: 'OS hazard ratio sorafenib vs placebo 0.69 (95% CI 0.55-0.87), used inverted (placebo vs sorafenib 1/0.69 = 1.449); median OS 7.9 (placebo) vs 10.7 months (sorafenib)',
        verification: {
          status: 'secondary',
          note: 'HR 0.69 (95% CI 0.55-0.87) and median OS 10.7 vs 7.9 months as given in the NEJM abstract (bibliographic record, moh-it.pure.elsevier.com) and in the abstract of Expert Rev Anticancer Ther 2009;9(6):739-745 (SHARP trial report) and the eviQ protocol 92 evidence summary; not checked against the full text',
        },
      },
      {
        citation: 'Llovet JM, et al. (SHARP). N Engl J Med 2008;359:378-390',
        figure: 'placebo arm objective response by RECIST (independent review) about 1%: partial response in 2 of 303 patients, no complete response; ASSUMED to stand for the mRECIST response of untreated disease',
        verification: {
          status: 'unverified',
          note: 'from memory of the paper, not confirmed: the project brief recalled "2%", but the eviQ protocol 92 summary of SHARP attributes responses to "7 patients in the sorafenib" group (7/299 = 2%), so 2% is most likely the sorafenib arm and the placebo arm about 1% (2/303); the figure is RECIST, not mRECIST. It sets only the response imputed for an unknown response (and the calibration at it): 0.01 vs 0.02 moves the coefficient by log(0.39) x 0.01 = -0.009',
        },
      },
    ],
    calibrationNote:
      'randomised HR vs sorafenib from SHARP itself, the trial whose sorafenib arm anchors the sorafenib term (placebo vs sorafenib = 1/0.69); ' +
      'the model median differs from the published placebo median because the step baseline of the resected cohort has its own shape (proportional hazards on it)',
  },
];

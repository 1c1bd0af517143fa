/**
 * Provenance of the TACE response fit, for the model card: the data, n, the fitted parameter ids and
 * the cross-validated agreement as `mewm response check` measures it with these settings
 * (test/response-calibration.test.ts checks these figures against a fresh run).
 */
import { CITE } from './citations.ts';

export const TACE_CALIBRATION = {
  data: CITE.hccTaceSeg,
  rows: 75,
  patients: 61,
  patientsByRegimen: { conventional: 35, deb: 26 },
  excluded: 'no paired mRECIST 4, regimen NA 10 (left out); 1 "Cisplatin, Mitomycin-C" counted as conventional',
  parameters: [
    'tace.conventional.objectiveResponseRate', 'tace.deb.objectiveResponseRate', 'tace.conventional.completeShareOfResponses',
    'tace.deb.completeShareOfResponses', 'tace.size.referenceDiameterMm', 'tace.size.oddsRatioPerCm', 'tace.refractoryRate',
    'tace.partialDiameterRatioMin',
  ],
  check: 'mewm response check --csv <hcc-tace table>: KS distance between observed and simulated follow-up/baseline mRECIST ratios',
  settings: { folds: 5, repeats: 5, seedsPerPatient: 20, seed: 1 },
  ksBeforeCalibration: 0.227,
  ksCrossValidated: 0.08,
  ksCritical05: 0.174,
} as const;

export const TACE_FIT_SUMMARY =
  `Fitted on ${TACE_CALIBRATION.patients} HCC-TACE-Seg patients with a paired mRECIST measurement and a stated regimen ` +
  `(${TACE_CALIBRATION.rows} rows: ${TACE_CALIBRATION.excluded}); cross-validated KS distance of the follow-up/baseline ratio ` +
  `${TACE_CALIBRATION.ksCrossValidated.toFixed(3)} (literature parameters before the fit: ${TACE_CALIBRATION.ksBeforeCalibration.toFixed(3)}).`;

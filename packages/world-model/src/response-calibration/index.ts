/** Calibration of the TACE response model on HCC-TACE-Seg's paired mRECIST measurements, and its check. */
export {
  readTaceResponseCohort, categoryOfRatio, TACE_REGIMENS, DEFAULT_FOLLOW_UP_DAYS_WHEN_MISSING,
  type TaceRegimen, type TaceResponsePatient, type TaceResponseCohort, type TaceResponseCohortGaps,
} from './tace-response-cohort.ts';
export { ksDistance } from './ks-distance.ts';
export {
  fitTaceResponse, fitResponseBySize, untreatedPdProbability, normalCdf, MIN_RESPONDERS_PER_REGIMEN,
  type TaceResponseFit, type LogisticSizeFit,
} from './tace-response-fit.ts';
export { simulatePatientResponse, regimenProtocol, type SimulatedResponse } from './simulate-tace-response.ts';
export {
  checkTaceResponse, MRECIST_CATEGORIES, LITERATURE_TACE_RESPONSE, type TaceResponseCheck, type SimulationComparison, type RegimenComparison,
  type CategoryRates, type SizeStratum, type CheckOptions,
} from './check-tace-response.ts';

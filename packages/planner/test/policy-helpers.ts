/** Shared fixtures of the policy tests. */
import type { ClinicalCovariates } from '@mewm/survival';
import type { PatientState, PolicyContext } from '../src/plan/contracts.ts';

/** Lesions with the given longest axial diameters, mm. */
export function patient(diametersMm: number[], clinical: ClinicalCovariates = {}): PatientState {
  return {
    lesions: diametersMm.map((d, i) => ({ label: i + 1, volumeMl: (Math.PI / 6) * (d / 10) ** 3, longestAxialDiameterMm: d })),
    clinical,
  };
}

/** Clinical data with everything known and favourable (ECOG 0, Child–Pugh A, no invasion/spread). */
export const KNOWN_WELL: ClinicalCovariates = { ecog: 0, childPughClass: 'A', macrovascularInvasion: false, extrahepaticSpread: false };

/** A context whose evaluator must never be called. */
export const NO_EVALUATOR: PolicyContext = {
  evaluate: async () => {
    throw new Error('the evaluator must not be called');
  },
};

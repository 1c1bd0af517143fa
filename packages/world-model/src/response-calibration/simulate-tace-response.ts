/**
 * Simulated mRECIST response of cohort patients with the dynamics model's outcome sampler, without
 * rendering CT: each patient's baseline sum is taken as one spherical lesion of that diameter (the
 * table gives sums, not lesions; ASSUMED), simulated at its own follow-up day under its regimen.
 * The simulated ratio is the viable diameter ratio (viable volume fraction)^(1/3): the diameter of the
 * viable part only, never across necrosis, categorised with the same thresholds as the observed ratio.
 */
import type { MrecistResponse } from '../lesion-outcome.ts';
import { sampleLesionOutcome } from '../outcome/sample-lesion-outcome.ts';
import type { ParameterOverrides } from '../outcome/parameter-reader.ts';
import { parameterValue } from '../outcome/dynamics-parameters.ts';
import { parseProtocol } from '../protocol/index.ts';
import type { Protocol } from '../protocol/protocol-schema.ts';
import { createRng } from '../random.ts';
import { categoryOfRatio, type TaceRegimen, type TaceResponsePatient } from './tace-response-cohort.ts';

/** The cohort's regimens as protocols: cisplatin + doxorubicin + mitomycin-C with Lipiodol; doxorubicin beads. */
export function regimenProtocol(regimen: TaceRegimen): Protocol {
  return regimen === 'deb'
    ? parseProtocol({ components: [{ modality: 'tace', technique: 'deb', drugs: ['doxorubicin'], embolics: ['drug-eluting-beads'] }] })
    : parseProtocol({ components: [{ modality: 'tace', technique: 'conventional', drugs: ['cisplatin', 'doxorubicin', 'mitomycin'], embolics: ['lipiodol'] }] });
}

export interface SimulatedResponse {
  ratio: number;
  category: MrecistResponse;
}

const MAX_DIAMETER_MM = 300;
const MAX_VOLUME_ML = 5000;

/** `seeds` draws of one patient's response (seeds seed0, seed0+1, …). */
export function simulatePatientResponse(
  patient: TaceResponsePatient, seeds: number, seed0: number, parameters?: ParameterOverrides,
): SimulatedResponse[] {
  const d = Math.min(MAX_DIAMETER_MM, patient.baselineSumMm);
  const lesion = { longestAxialDiameterMm: d, volumeMl: Math.min(MAX_VOLUME_ML, (Math.PI / 6) * (d / 10) ** 3) };
  const exponent = parameterValue('outcome.viableDiameterFromVolumeExponent');
  const protocol = regimenProtocol(patient.regimen);
  const out: SimulatedResponse[] = [];
  for (let s = 0; s < seeds; s++) {
    const o = sampleLesionOutcome(protocol, lesion, patient.followUpDays,
      createRng(seed0 + s).fork('outcome-1'), parameters ? { parameters } : {});
    const ratio = o.viableFraction <= 0 ? 0 : Math.pow(o.viableFraction, exponent);
    out.push({ ratio, category: categoryOfRatio(ratio) });
  }
  return out;
}

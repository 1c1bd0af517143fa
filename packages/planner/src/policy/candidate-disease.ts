/**
 * A candidate's systemic regimens must be given for the plan's disease: an HCC regimen (sorafenib,
 * atezolizumab + bevacizumab, ...) is never planned for colorectal liver metastases, nor a CRLM
 * regimen (FOLFOX, ...) for HCC. Other modalities (resection, ablation, TACE, SBRT, ...) are not
 * disease-specific here.
 */
import { DISEASE_NAMES, type Disease } from '@mewm/contracts';
import { SYSTEMIC_REGIMEN_DISEASE, type Protocol } from '@mewm/world-model';
import { PlannerInputError } from '../errors.ts';

/** The regimens of `protocol` that are not given for `disease`. */
export function regimensForOtherDisease(protocol: Protocol, disease: Disease): string[] {
  return protocol.components.flatMap((c) => (c.modality === 'systemic' && SYSTEMIC_REGIMEN_DISEASE[c.regimen] !== disease ? [c.regimen] : []));
}

/** @throws PlannerInputError naming `candidates[i]` and the regimen when one is for another disease. */
export function checkCandidatesDisease(candidates: readonly { name: string; protocol: Protocol }[], disease: Disease): void {
  candidates.forEach((c, i) => {
    const wrong = regimensForOtherDisease(c.protocol, disease);
    if (wrong.length > 0) {
      const other = SYSTEMIC_REGIMEN_DISEASE[wrong[0] as keyof typeof SYSTEMIC_REGIMEN_DISEASE];
      throw new PlannerInputError(`candidates[${i}]`, `${wrong.join(', ')} is a regimen for ${DISEASE_NAMES[other]}; this plan is for ${DISEASE_NAMES[disease]} (${disease})`);
    }
  });
}

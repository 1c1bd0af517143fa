/**
 * The condition of the non-tumorous liver, which decides the smallest safe future liver remnant
 * (parameters.ts: 20 % normal, 30 % after extensive chemotherapy, 40 % cirrhosis; Entezari et al.,
 * RadioGraphics 2022), and the default condition for a disease when nothing better is known.
 */
import type { Disease } from '@mewm/contracts';
import { CITE } from '../../outcome/parameters/citations.ts';
import { resectionParameter } from './parameters.ts';

export const LIVER_CONDITIONS = ['normal', 'chemotherapy', 'cirrhosis'] as const;
export type LiverCondition = (typeof LIVER_CONDITIONS)[number];

export const LIVER_CONDITION_LABELS: Readonly<Record<LiverCondition, string>> = {
  normal: 'in a normal liver',
  chemotherapy: 'after chemotherapy',
  cirrhosis: 'in cirrhosis',
};

/** Smallest future liver remnant (fraction of the functional liver) for a liver condition, and its source. */
export function minimumRemnantFraction(condition: LiverCondition): { fraction: number; parameterId: string; citation: string } {
  const parameterId = `resection.minimumRemnant.${condition}` as const;
  return { fraction: resectionParameter(parameterId), parameterId, citation: CITE.entezari2022 };
}

/**
 * ASSUMED default liver condition for a disease, for a plan that knows nothing more about the liver:
 * HCC usually arises in a cirrhotic liver, so `cirrhosis`; colorectal liver metastases are usually
 * resected after (neo)adjuvant chemotherapy, so `chemotherapy`. Both are modelling choices, not figures
 * from a cited source: a plan that knows the liver (Child–Pugh, fibrosis, chemotherapy history) should
 * pass the condition instead, and the report must say when this default was used.
 */
export function defaultLiverCondition(disease: Disease): { condition: LiverCondition; assumption: string } {
  return disease === 'hcc'
    ? { condition: 'cirrhosis', assumption: 'liver condition not given: assumed cirrhotic, as HCC usually arises in cirrhosis (40 % minimum remnant)' }
    : { condition: 'chemotherapy', assumption: 'liver condition not given: assumed after chemotherapy, as colorectal liver metastases are usually resected after chemotherapy (30 % minimum remnant)' };
}

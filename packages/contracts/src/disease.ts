/**
 * The diseases the planner knows. The disease picks the treatment policy and the default risk model;
 * a plan never assumes one silently.
 * - `hcc`: hepatocellular carcinoma (BCLC 2022 staging and candidates, the HCC risk models).
 * - `crlm`: colorectal liver metastases (colorectal-metastasis guidance, the CRLM risk model).
 */
export const DISEASES = ['hcc', 'crlm'] as const;
export type Disease = (typeof DISEASES)[number];

export const DISEASE_NAMES: Readonly<Record<Disease, string>> = {
  hcc: 'hepatocellular carcinoma',
  crlm: 'colorectal liver metastases',
};

export function isDisease(value: unknown): value is Disease {
  return typeof value === 'string' && (DISEASES as readonly string[]).includes(value);
}

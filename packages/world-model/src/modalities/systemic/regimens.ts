/**
 * First-line systemic regimens with a phase 3 trial behind them, the disease each is for, and their
 * names for people. HCC: the BCLC 2022 first-line options. CRLM: fluoropyrimidine-based
 * chemotherapy ± a targeted agent (ESMO 2023 metastatic colorectal cancer guideline). A policy
 * proposes a regimen only for its own disease (SYSTEMIC_REGIMEN_DISEASE).
 */
import type { Disease } from '@mewm/contracts';

export const HCC_SYSTEMIC_REGIMENS = ['sorafenib', 'lenvatinib', 'atezolizumab-bevacizumab', 'durvalumab-tremelimumab'] as const;
export const CRLM_SYSTEMIC_REGIMENS = ['folfox', 'folfiri', 'folfox-bevacizumab', 'folfoxiri-bevacizumab', 'folfiri-cetuximab'] as const;

export const SYSTEMIC_REGIMENS = [...HCC_SYSTEMIC_REGIMENS, ...CRLM_SYSTEMIC_REGIMENS] as const;
export type SystemicRegimen = (typeof SYSTEMIC_REGIMENS)[number];
export type CrlmSystemicRegimen = (typeof CRLM_SYSTEMIC_REGIMENS)[number];

export const SYSTEMIC_REGIMEN_LABELS: Record<SystemicRegimen, string> = {
  sorafenib: 'sorafenib',
  lenvatinib: 'lenvatinib',
  'atezolizumab-bevacizumab': 'atezolizumab + bevacizumab',
  'durvalumab-tremelimumab': 'durvalumab + tremelimumab (STRIDE)',
  folfox: 'FOLFOX (5-FU, leucovorin, oxaliplatin)',
  folfiri: 'FOLFIRI (5-FU, leucovorin, irinotecan)',
  'folfox-bevacizumab': 'FOLFOX + bevacizumab',
  'folfoxiri-bevacizumab': 'FOLFOXIRI + bevacizumab',
  'folfiri-cetuximab': 'FOLFIRI + cetuximab (RAS wild-type, left-sided primary)',
};

/** The disease a regimen is given for (checked complete by the compiler). */
export const SYSTEMIC_REGIMEN_DISEASE: Readonly<Record<SystemicRegimen, Disease>> = {
  sorafenib: 'hcc',
  lenvatinib: 'hcc',
  'atezolizumab-bevacizumab': 'hcc',
  'durvalumab-tremelimumab': 'hcc',
  folfox: 'crlm',
  folfiri: 'crlm',
  'folfox-bevacizumab': 'crlm',
  'folfoxiri-bevacizumab': 'crlm',
  'folfiri-cetuximab': 'crlm',
};

/** First-line systemic regimens for unresectable HCC with a phase 3 trial behind them, and their names for people. */
export const SYSTEMIC_REGIMENS = [
  'sorafenib', 'lenvatinib', 'atezolizumab-bevacizumab', 'durvalumab-tremelimumab',
] as const;
export type SystemicRegimen = (typeof SYSTEMIC_REGIMENS)[number];

export const SYSTEMIC_REGIMEN_LABELS: Record<SystemicRegimen, string> = {
  sorafenib: 'sorafenib',
  lenvatinib: 'lenvatinib',
  'atezolizumab-bevacizumab': 'atezolizumab + bevacizumab',
  'durvalumab-tremelimumab': 'durvalumab + tremelimumab (STRIDE)',
};

/**
 * The treatment vocabulary: TACE drugs and embolic agents (MeWM's action base, arXiv 2506.02327),
 * systemic regimens, and the agent exclusions of the MeWM action base. Names are lower-case,
 * hyphenated identifiers; `AGENT_LABELS` gives the names people read.
 */

/** Chemotherapeutic agents of the MeWM TACE action base. */
export const TACE_DRUGS = [
  'raltitrexed', 'epirubicin', 'oxaliplatin', 'lobaplatin', 'mitomycin', 'idarubicin',
  'nedaplatin', 'pirarubicin', 'cisplatin', 'doxorubicin', 'hydroxycamptothecin',
] as const;
export type TaceDrug = (typeof TACE_DRUGS)[number];

/** Embolic agents of the MeWM TACE action base. */
export const EMBOLIC_AGENTS = [
  'lipiodol', 'gelatin-sponge', 'pva', 'absolute-alcohol', 'nbca', 'drug-eluting-beads',
] as const;
export type EmbolicAgent = (typeof EMBOLIC_AGENTS)[number];

/** First-line systemic regimens for unresectable HCC with a phase 3 trial behind them. */
export const SYSTEMIC_REGIMENS = [
  'sorafenib', 'lenvatinib', 'atezolizumab-bevacizumab', 'durvalumab-tremelimumab',
] as const;
export type SystemicRegimen = (typeof SYSTEMIC_REGIMENS)[number];

/**
 * Groups of agents of which at most one may be used in one TACE (MeWM action-base exclusions):
 * one platinum agent of oxaliplatin/lobaplatin/cisplatin, one anthracycline.
 */
export const TACE_DRUG_EXCLUSIVE_GROUPS: ReadonlyArray<{ name: string; members: readonly TaceDrug[] }> = [
  { name: 'platinum agents', members: ['oxaliplatin', 'lobaplatin', 'cisplatin'] },
  { name: 'anthracyclines', members: ['epirubicin', 'idarubicin', 'pirarubicin', 'doxorubicin'] },
];

/** Embolic pairs that exclude each other (MeWM action base: PVA excludes absolute alcohol and gelatin sponge). */
export const EMBOLIC_EXCLUSIONS: ReadonlyArray<readonly [EmbolicAgent, EmbolicAgent]> = [
  ['pva', 'absolute-alcohol'],
  ['pva', 'gelatin-sponge'],
];

/** Names for people. */
export const AGENT_LABELS: Record<TaceDrug | EmbolicAgent | SystemicRegimen, string> = {
  raltitrexed: 'raltitrexed',
  epirubicin: 'epirubicin',
  oxaliplatin: 'oxaliplatin',
  lobaplatin: 'lobaplatin',
  mitomycin: 'mitomycin',
  idarubicin: 'idarubicin',
  nedaplatin: 'nedaplatin',
  pirarubicin: 'pirarubicin (THP)',
  cisplatin: 'cisplatin',
  doxorubicin: 'doxorubicin',
  hydroxycamptothecin: 'hydroxycamptothecin',
  lipiodol: 'Lipiodol',
  'gelatin-sponge': 'gelatin sponge',
  pva: 'PVA particles',
  'absolute-alcohol': 'absolute alcohol',
  nbca: 'NBCA',
  'drug-eluting-beads': 'drug-eluting beads',
  sorafenib: 'sorafenib',
  lenvatinib: 'lenvatinib',
  'atezolizumab-bevacizumab': 'atezolizumab + bevacizumab',
  'durvalumab-tremelimumab': 'durvalumab + tremelimumab (STRIDE)',
};

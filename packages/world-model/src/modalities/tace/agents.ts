/**
 * The TACE vocabulary: drugs and embolic agents of the MeWM action base (arXiv 2506.02327) and the
 * agent exclusions of that action base. Names are lower-case, hyphenated identifiers;
 * `TACE_AGENT_LABELS` gives the names people read.
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
export const TACE_AGENT_LABELS: Record<TaceDrug | EmbolicAgent, string> = {
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
};

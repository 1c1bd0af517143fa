/**
 * Named applicator settings for thermal ablation, each with the ablation-zone size a published
 * animal study measured at gross pathology for that power and time: the short-axis diameter
 * (perpendicular to the applicator) and the long-axis diameter (along it). Plain data: the protocol
 * schema (and the web's form) read the ids; `anatomy/` builds the zone from the sizes.
 *
 * Only settings whose two diameters were found in the source are listed. In vivo porcine liver is
 * perfused, so its zones are smaller than ex vivo ones; the one ex vivo setting says so. Manufacturer
 * zone charts are not used (they come from ex vivo tests of one device and are not peer reviewed).
 */
export const ABLATION_APPLICATOR_IDS = [
  'rfa-ic-2cm-12min',
  'rfa-icw-2cm-12min',
  'rfa-cooltip-12min',
  'mwa-perfusion-80w-5min',
  'mwa-120w-15min-ex-vivo',
] as const;

export type AblationApplicatorId = (typeof ABLATION_APPLICATOR_IDS)[number];

export interface AblationApplicator {
  id: AblationApplicatorId;
  technique: 'rfa' | 'mwa';
  label: string;
  /** Generator power, W; null where the source's setting is generator-controlled (impedance) and not stated as one number. */
  powerW: number | null;
  durationMin: number;
  /** Zone diameter perpendicular to the applicator, mm. */
  shortAxisMm: number;
  /** Zone length along the applicator, mm. */
  longAxisMm: number;
  model: 'in vivo porcine liver' | 'ex vivo bovine liver';
  citation: string;
  /** Where the numbers come from in the source. */
  detail: string;
  /** Set when the long axis is derived rather than read (see detail). */
  longAxisAssumed?: string;
}

const CVIR_2009 = 'Radiofrequency ablation zones in ex vivo bovine and in vivo porcine livers: comparison of the use of internally cooled electrodes and internally cooled wet electrodes. Cardiovasc Intervent Radiol 2009;32(6):1235–1240 (doi:10.1007/s00270-009-9600-0)';
const ETM_2012 = 'Microwave coagulation using a perfusion microwave electrode: preliminary experimental study using ex vivo and in vivo liver. Exp Ther Med 2012;3(2):214–220 (doi:10.3892/etm.2011.380, PMID 22969871)';
const ERE_2019 = 'Artefact and ablation performance of an MR-conditional high-power microwave system in bovine livers: an ex vivo study. Eur Radiol Exp 2019 (doi:10.1186/s41747-019-0115-4)';

export const ABLATION_APPLICATORS: Readonly<Record<AblationApplicatorId, AblationApplicator>> = {
  'rfa-ic-2cm-12min': {
    id: 'rfa-ic-2cm-12min', technique: 'rfa', label: 'RFA, internally cooled electrode, 2 cm tip, 12 min',
    powerW: null, durationMin: 12, shortAxisMm: 20.0, longAxisMm: 26.2, model: 'in vivo porcine liver', citation: CVIR_2009,
    detail: 'In vivo porcine livers, internally cooled (IC) electrode with a 2 cm active tip, 12 min: mean long-axis 2.62 cm, short-axis 2.00 cm (abstract).',
  },
  'rfa-icw-2cm-12min': {
    id: 'rfa-icw-2cm-12min', technique: 'rfa', label: 'RFA, internally cooled wet electrode, 2 cm tip, 12 min',
    powerW: null, durationMin: 12, shortAxisMm: 28.9, longAxisMm: 38.4, model: 'in vivo porcine liver', citation: CVIR_2009,
    detail: 'In vivo porcine livers, internally cooled wet (ICW, saline-infusing) electrode with a 2 cm active tip, 12 min: mean long-axis 3.84 cm, short-axis 2.89 cm (abstract).',
  },
  'rfa-cooltip-12min': {
    id: 'rfa-cooltip-12min', technique: 'rfa', label: 'RFA, cool-tip needle, 12 min',
    powerW: null, durationMin: 12, shortAxisMm: 30.2, longAxisMm: 46.0, model: 'in vivo porcine liver', citation: ETM_2012,
    detail: 'In vivo porcine liver, RFA with a cool-tip needle for 12 min (the comparison arm): maximum vertical diameter 46.0 ± 2.0 mm × maximum transverse diameter 30.2 ± 2.0 mm (abstract).',
  },
  'mwa-perfusion-80w-5min': {
    id: 'mwa-perfusion-80w-5min', technique: 'mwa', label: 'MWA, perfusion microwave electrode, 80 W, 5 min',
    powerW: 80, durationMin: 5, shortAxisMm: 31.2, longAxisMm: 44.8, model: 'in vivo porcine liver', citation: ETM_2012,
    detail: 'In vivo porcine liver, perfusion microwave electrode (saline 3 mL/min), 80 W for 5 min: maximum vertical diameter 44.8 ± 2.8 mm × maximum transverse diameter 31.2 ± 2.4 mm (abstract).',
  },
  'mwa-120w-15min-ex-vivo': {
    id: 'mwa-120w-15min-ex-vivo', technique: 'mwa', label: 'MWA, high-power system, 120 W, 15 min (ex vivo size)',
    powerW: 120, durationMin: 15, shortAxisMm: 42.0, longAxisMm: 61.8, model: 'ex vivo bovine liver', citation: ERE_2019,
    detail: 'Ex vivo bovine liver (no perfusion: larger than in a patient), 120 W for 15 min: short-axis diameter 42.0 ± 1.41 mm, sphericity index 0.68 ± 0.05 (abstract).',
    longAxisAssumed: 'Long axis derived as 42.0 / 0.68 = 61.8 mm, taking the sphericity index as short-axis / long-axis diameter (the usual definition; not checked in the full text).',
  },
};

/** The applicator of an id. Ids are validated by the protocol schema; an unknown one is a coding error. */
export function ablationApplicator(id: AblationApplicatorId): AblationApplicator {
  return ABLATION_APPLICATORS[id];
}

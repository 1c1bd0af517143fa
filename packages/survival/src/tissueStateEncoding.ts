/**
 * How the label values of a post-treatment tissue-state map translate into what the survival
 * features count. The caller may pass its own mapping; the default, MEWM_TISSUE_STATE_ENCODING, maps
 * the shared labels of @mewm/contracts (TISSUE_STATE, which the world model writes) by name.
 *
 * Categories (what a reader of a contrast-enhanced follow-up CT would call the voxel):
 * - `viable`: viable (arterially enhancing) tumour, inside or outside the baseline lesions.
 * - `unchanged`: the follow-up shows what the baseline showed: viable tumour inside a baseline
 *   lesion, no tumour elsewhere.
 * - `necrosis`: non-enhancing (necrotic) tumour.
 * - `lipiodol`: necrotic tumour with dense Lipiodol deposits (counts as necrosis too).
 * - `treatmentEffect`: coagulation / radiation change: necrotic tumour inside a baseline lesion,
 *   treated liver (no tumour) outside it.
 * - `noTumour`: no tumour (resection cavity, regressed tumour now drawn as parenchyma).
 */
import { TISSUE_STATE, type TissueStateName } from '@mewm/contracts';
import { z } from 'zod';
import { SurvivalInputError } from './errors.ts';

export const TISSUE_CATEGORIES = ['unchanged', 'viable', 'necrosis', 'lipiodol', 'treatmentEffect', 'noTumour'] as const;
export type TissueCategory = (typeof TISSUE_CATEGORIES)[number];

export const tissueStateEncodingSchema = z
  .object({
    /** Who defines the labels, e.g. '@mewm/contracts TISSUE_STATE'. */
    source: z.string().min(1),
    /** Label value (0..255, as a decimal string key) → category. Every value present in a state map must be listed. */
    labels: z.record(z.string().regex(/^(?:\d|[1-9]\d|1\d\d|2[0-4]\d|25[0-5])$/, 'label keys must be integers 0..255'), z.enum(TISSUE_CATEGORIES)),
  })
  .strict();
export type TissueStateEncoding = z.infer<typeof tissueStateEncodingSchema>;

/** The category of each shared tissue state (growth is viable tumour beyond the baseline lesion). */
const CATEGORY_OF_STATE: Readonly<Record<TissueStateName, TissueCategory>> = {
  unchanged: 'unchanged',
  viable: 'viable',
  necrosis: 'necrosis',
  lipiodol: 'lipiodol',
  ablationZone: 'treatmentEffect',
  resectionCavity: 'noTumour',
  radiationChange: 'treatmentEffect',
  growth: 'viable',
  regressed: 'noTumour',
};

/** The encoding of the shared tissue-state labels (@mewm/contracts TISSUE_STATE). */
export const MEWM_TISSUE_STATE_ENCODING: TissueStateEncoding = Object.freeze({
  source: '@mewm/contracts TISSUE_STATE',
  labels: Object.freeze(Object.fromEntries(
    (Object.keys(TISSUE_STATE) as TissueStateName[]).map((name) => [String(TISSUE_STATE[name]), CATEGORY_OF_STATE[name]]),
  )),
});

/** Category codes in a 256-entry lookup table; 255 marks a label the encoding does not list. */
export const CATEGORY_CODE: Readonly<Record<TissueCategory, number>> = {
  unchanged: 0,
  viable: 1,
  necrosis: 2,
  lipiodol: 3,
  treatmentEffect: 4,
  noTumour: 5,
};
export const UNLISTED_LABEL = 255;

/**
 * Validates an encoding and turns it into a lookup table label value → category code.
 * @throws SurvivalInputError naming `encoding` and the zod issue.
 */
export function categoryLookup(encoding: TissueStateEncoding, argument = 'encoding'): Uint8Array {
  const parsed = tissueStateEncodingSchema.safeParse(encoding);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new SurvivalInputError([argument, ...issue.path.map(String)].join('.'), issue.message);
  }
  const table = new Uint8Array(256).fill(UNLISTED_LABEL);
  for (const [key, category] of Object.entries(parsed.data.labels)) table[Number(key)] = CATEGORY_CODE[category];
  return table;
}

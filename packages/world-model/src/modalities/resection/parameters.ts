/**
 * Surgical resection: the default margin, the minimum future liver remnant (FLR) by liver condition,
 * and the geometry constants of the resected region (resected-region.ts, plan-resection.ts).
 */
import type { ModelParameter } from '../../model-parameter.ts';
import { CITE } from '../../outcome/parameters/citations.ts';
import { assumed, published } from '../../outcome/parameters/define-parameter.ts';

const FLR_TABLE = 'Table 1 of the J Surg Oncol 2019 review lists the study thresholds: normal liver Kishi et al. (Ann Surg 2009) 20 %, Vauthey et al. (Surgery 2000) and Shoup et al. 25 %; injured liver Shindoh et al. 30 % after chemotherapy > 3 months, Kubota et al. and Azoulay et al. 40 % with fibrosis or cirrhosis.';

export const RESECTION_PARAMETERS: ModelParameter[] = [
  assumed('resection.defaultMarginMm', 10, 'mm',
    'Default resection margin of a protocol.',
    'A 1 cm margin is a common surgical target for HCC and colorectal liver metastases; not fitted.'),
  published('resection.minimumRemnant.normal', 0.2, 'fraction of functional liver',
    'Smallest future liver remnant, as a fraction of the functional (non-tumorous) liver volume, for a resection in a normal liver; below it the resection is flagged infeasible (high risk of post-hepatectomy liver failure).',
    CITE.entezari2022, `"For patients with normal baseline liver function and without risk factors, an FLR of 20% is needed" (abstract). ${FLR_TABLE} Kishi et al. (${CITE.kishi2009}) found more liver insufficiency and liver-failure deaths at a standardized FLR ≤ 20 %.`),
  published('resection.minimumRemnant.chemotherapy', 0.3, 'fraction of functional liver',
    'Smallest future liver remnant after extensive preoperative chemotherapy (chemotherapy-associated liver injury, steatosis).',
    CITE.entezari2022, `"The FLR requirement is higher for patients who are exposed to systemic chemotherapy (FLR, >30%)" (abstract). ${FLR_TABLE}`),
  published('resection.minimumRemnant.cirrhosis', 0.4, 'fraction of functional liver',
    'Smallest future liver remnant in a cirrhotic (or fibrotic) liver.',
    CITE.entezari2022, `"... or have cirrhosis (FLR, >40%)" (abstract). ${FLR_TABLE}`),
  assumed('resection.remnantConnectivity', 6, 'neighbours',
    'Liver left after the resection counts as remnant only when it is face-connected (6-neighbourhood) to the largest remaining piece; other pieces are counted as resected (devascularised).',
    'Voxel connectivity stands in for the vascular and biliary supply, which is not segmented; face connectivity is the strict choice (a piece touching only at an edge or corner has no plausible pedicle).'),
];

/**
 * The parameters `planResection` reads (plan-resection.ts, resected-region.ts, liver-condition.ts), not the
 * outcome sampler: they are in the model card but never in a sampled outcome's `parameterIds`.
 */
export const RESECTION_PLANNING_PARAMETER_IDS = [
  'resection.minimumRemnant.normal', 'resection.minimumRemnant.chemotherapy', 'resection.minimumRemnant.cirrhosis', 'resection.remnantConnectivity',
] as const;

/** Value of a resection parameter. @throws Error for an unknown id (a coding error). */
export function resectionParameter(id: (typeof RESECTION_PLANNING_PARAMETER_IDS)[number]): number {
  const p = RESECTION_PARAMETERS.find((q) => q.id === id);
  if (!p) throw new Error(`resection parameters lack ${id}`);
  return p.value;
}

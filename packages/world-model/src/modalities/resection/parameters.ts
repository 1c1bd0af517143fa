/** Surgical resection: the default margin. */
import type { ModelParameter } from '../../model-parameter.ts';
import { assumed } from '../../outcome/parameters/define-parameter.ts';

export const RESECTION_PARAMETERS: ModelParameter[] = [
  assumed('resection.defaultMarginMm', 10, 'mm',
    'Default resection margin of a protocol.',
    'A 1 cm margin is a common surgical target for HCC and colorectal liver metastases; not fitted.'),
];

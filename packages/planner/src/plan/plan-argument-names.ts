/** The planner's default names of a plan request's fields in error messages (see PlanArgumentNames). */
import type { PlanArgumentNames } from '@mewm/contracts';

export type { PlanArgumentNames };

export const REQUEST_ARGUMENT_NAMES: PlanArgumentNames = {
  outDir: 'outDir',
  clinical: 'options.clinical',
  lesionMask: 'inputs.lesion.path',
  lesionPoint: 'inputs.lesion.pointRas',
  liverMask: 'inputs.liverMask',
  policy: 'options.policy',
  disease: 'options.disease',
};

export function argumentNames(names: Partial<PlanArgumentNames> | undefined): PlanArgumentNames {
  return { ...REQUEST_ARGUMENT_NAMES, ...names };
}

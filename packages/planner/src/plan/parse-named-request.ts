/**
 * A plan (or preview) request parsed with the disease named as the caller names it (`--disease` in
 * the CLI, `disease` in the web app): a request without a disease is refused (PlanRequestError, code
 * PLAN_REQUEST) before anything is read or written. A plan never assumes a disease.
 */
import { PlanRequestError } from '@mewm/contracts';
import type { PlanArgumentNames } from './plan-argument-names.ts';

export function parseNamedRequest<T>(parse: (value: unknown) => T, request: unknown, names: Pick<PlanArgumentNames, 'disease'>): T {
  try {
    return parse(request);
  } catch (e) {
    const { code, field } = e as { code?: unknown; field?: unknown };
    if (code === 'PLAN_REQUEST' && field === 'options.disease') {
      throw new PlanRequestError(names.disease, (e as Error).message.slice(field.length + 2));
    }
    throw e;
  }
}

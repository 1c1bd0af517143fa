/** Small constructors so that parameter tables read as tables. */
import type { ModelParameter } from '../../model-parameter.ts';
import { CITE } from './citations.ts';
import { TACE_FIT_SUMMARY } from './tace-calibration.ts';

export function published(id: string, value: number, unit: string, description: string, citation: string, detail: string): ModelParameter {
  return { id, value, unit, description, source: { kind: 'published', citation, detail } };
}

export function assumed(id: string, value: number, unit: string, description: string, rationale: string): ModelParameter {
  return { id, value, unit, description, source: { kind: 'assumed', rationale } };
}


/** A value fitted on a real cohort table: cited as the data set, `how` says the fit and its n. */
export function fitted(id: string, value: number, unit: string, description: string, how: string): ModelParameter {
  return { id, value, unit, description, source: { kind: 'published', citation: CITE.hccTaceSeg, detail: `Fitted on the cohort table: ${how} ${TACE_FIT_SUMMARY}` } };
}

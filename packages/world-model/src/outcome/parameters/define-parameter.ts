/** Small constructors so that parameter tables read as tables. */
import type { ModelParameter } from '../../model-parameter.ts';

export function published(id: string, value: number, unit: string, description: string, citation: string, detail: string): ModelParameter {
  return { id, value, unit, description, source: { kind: 'published', citation, detail } };
}

export function assumed(id: string, value: number, unit: string, description: string, rationale: string): ModelParameter {
  return { id, value, unit, description, source: { kind: 'assumed', rationale } };
}

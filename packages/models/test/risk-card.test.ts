/**
 * The survival-risk part of the card family: the committed default card passes with its covariate
 * declaration; every disagreement between the part and the card's tensors names its field.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../../test/support/shared-data.ts';
import { ModelCardError, parseModelCard, requireRendererCard, requireRiskCard } from '../src/index.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const raw: any = JSON.parse(readFileSync(resolve(repoRoot, 'models', 'risk-cox-hcc.json'), 'utf8'));

function fieldOf(mutate: (c: typeof raw) => void): string | undefined {
  const c = structuredClone(raw);
  mutate(c);
  try {
    parseModelCard(c, 'test card');
  } catch (e) {
    expect(e).toBeInstanceOf(ModelCardError);
    return (e as ModelCardError).field;
  }
  throw new Error('expected a ModelCardError');
}

describe('survival-risk cards', () => {
  it('reads the default card: signature, covariates and their declaration, fields the base does not know kept', () => {
    const { card, signature } = requireRiskCard(parseModelCard(raw));
    expect(signature).toEqual({ features: raw.inputs[0].order, times: [6, 12, 24, 36, 60], rmstHorizon: 60, timeUnit: 'months' });
    expect(card.covariates).toHaveLength(13);
    expect(card.covariateSources?.afpHigh).toEqual({ plan: { from: 'clinical.afpNgPerMl', gt: 20 }, cohort: { column: 'AFP', eq: 2 }, note: 'ng/mL, assumed cut-off: the cohort documents none' });
    expect((card as unknown as { provenance: unknown }).provenance).toEqual(raw.provenance);
    expect(() => requireRendererCard(card)).toThrow(/kind must be 'diffusion-renderer'/);
  });

  it('reads a card as mewm survival fit wrote it before covariateSources (version "1", data by sha256, no licence)', () => {
    const c = structuredClone(raw);
    delete c.covariateSources;
    c.version = '1';
    c.training = { data: { sha256: 'a'.repeat(64), note: 'hash only' }, n: 10 };
    expect(requireRiskCard(parseModelCard(c)).card.covariateSources).toBeUndefined();
  });
});

describe('survival-risk cards: bad input names the field', () => {
  it('order, outputs, times, horizon, declarations, comparisons, kind', () => {
    expect(fieldOf((c) => c.inputs[0].order.reverse())).toBe('inputs.0.order');
    expect(fieldOf((c) => (c.outputs = c.outputs.filter((o: { name: string }) => o.name !== 'rmst')))).toBe('outputs');
    expect(fieldOf((c) => (c.outputs[1].times = [12, 6]))).toBe('outputs.survival.times');
    expect(fieldOf((c) => (c.outputs[2].horizon = 0))).toBe('outputs.rmst.horizon');
    expect(fieldOf((c) => delete c.covariateSources.age)).toBe('covariateSources.age');
    expect(fieldOf((c) => (c.covariateSources.age = { plan: { from: 'ageYears' } }))).toBe('covariateSources.age.plan.from');
    expect(fieldOf((c) => (c.covariateSources.afpHigh.plan.lt = 3))).toBe('covariateSources.afpHigh.plan');
    expect(fieldOf((c) => (c.covariateSources.age = { note: 'neither side' }))).toBe('covariateSources.age');
    expect(fieldOf((c) => (c.label = 'for everyone'))).toBe('label');
    expect(fieldOf((c) => (c.onnx.path = '../elsewhere.onnx'))).toBe('onnx.path');
    expect(() => requireRiskCard(parseModelCard({ ...raw, kind: 'other' }))).toThrow(/kind must be 'survival-risk'/);
  });
});

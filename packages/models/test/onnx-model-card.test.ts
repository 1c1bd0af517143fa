import { describe, expect, it } from 'vitest';
import { ModelCardError } from '../src/errors.ts';
import { RESEARCH_USE_LABEL } from '@mewm/contracts';
import { loadModelCard, parseModelCard, requireRendererCard } from '../src/card/model-card.ts';
import { tinyCardJson, tinyCardPath, tinyOnnxPath, writeCardCopy, type RawCard } from './renderer-tiny-fixture.ts';

async function parseMutated(mutate: (c: RawCard) => void): Promise<unknown> {
  const card = await tinyCardJson();
  mutate(card);
  return card;
}

async function cardError(mutate: (c: RawCard) => void): Promise<ModelCardError> {
  const raw = await parseMutated(mutate);
  try {
    parseModelCard(raw, 'test card');
  } catch (e) {
    expect(e).toBeInstanceOf(ModelCardError);
    return e as ModelCardError;
  }
  throw new Error('expected a ModelCardError');
}

describe('loadModelCard', () => {
  it('loads the tiny renderer card with its contract', async () => {
    const { card, modelPath } = await loadModelCard(tinyCardPath);
    expect(modelPath).toBe(tinyOnnxPath);
    expect(card.name).toBe('renderer-tiny');
    expect(card.label).toBe(RESEARCH_USE_LABEL);
    expect(card.onnx.opset).toBe(17);
    expect(card.onnx.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(card.inputs.map((i) => i.name)).toEqual(['sample', 'condition', 'timestep']);
    expect(card.evaluation).toEqual({ kind: 'none', reason: 'none: random weights, for tests only' });
    const r = requireRendererCard(card).renderer;
    expect(r.grid).toEqual({ shape: [32, 32, 32], spacingMm: [2, 2, 2] });
    expect(r.huWindow).toEqual([-200, 300]);
    expect(r.conditionChannels.map((c) => c.name)).toEqual(['expectedHu', 'regionMask', 'contextHu']);
    expect(r.parameterisation).toBe('epsilon');
    expect(r.noiseSchedule).toEqual({ kind: 'cosine', trainSteps: 1000, cosineOffset: 0.008, maxBeta: 0.999 });
    expect(card.onnx.sizeBytes).toBeLessThan(200_000);
  });

  it('fills schedule defaults (cosine offset 0.008, maxBeta 0.999) when the card omits them', async () => {
    const card = parseModelCard(await parseMutated((c) => (c.renderer.noiseSchedule = { kind: 'cosine', trainSteps: 500 })));
    expect(requireRendererCard(card).renderer.noiseSchedule).toEqual({ kind: 'cosine', trainSteps: 500, cosineOffset: 0.008, maxBeta: 0.999 });
  });

  it('accepts a linear schedule and measured evaluation rows', async () => {
    const card = parseModelCard(await parseMutated((c) => {
      c.renderer.noiseSchedule = { kind: 'linear', trainSteps: 1000, betaStart: 0.0001, betaEnd: 0.02 };
      c.evaluation = { kind: 'measured', dataset: 'held-out series X', results: [{ method: 'renderer', metrics: { histW1: 3.2 } }] };
    }));
    expect(card.evaluation.kind).toBe('measured');
  });
});

describe('model card: bad input', () => {
  it('names a missing field', async () => {
    const e = await cardError((c) => delete c.onnx.sha256);
    expect(e.message).toContain('onnx.sha256');
  });

  it('names a malformed hash', async () => {
    expect((await cardError((c) => (c.onnx.sha256 = 'abc'))).message).toMatch(/onnx\.sha256: .*64/);
  });

  it('requires the research-use label', async () => {
    expect((await cardError((c) => (c.label = 'clinical'))).message).toContain('label');
  });

  it('rejects an inverted HU window', async () => {
    expect((await cardError((c) => (c.renderer.huWindow = [300, -200]))).message).toContain('renderer.huWindow');
  });

  it('rejects renderer io names that are not declared inputs/outputs', async () => {
    const e = await cardError((c) => (c.renderer.io.timestep = 't'));
    expect(e.message).toContain('renderer.io.timestep');
    expect(e.message).toContain("'t' is not one of inputs[].name");
  });

  it('rejects a condition input whose channel count differs from conditionChannels', async () => {
    const e = await cardError((c) => c.renderer.conditionChannels.pop());
    expect(e.message).toMatch(/renderer\.io\.condition: 'condition' must be float32 \[1, 2, 32, 32, 32\]/);
  });

  it('rejects a sample input that does not match the grid', async () => {
    expect((await cardError((c) => (c.renderer.grid.shape = [16, 32, 32]))).message).toContain('renderer.io.sample');
  });

  it('rejects duplicate condition channels and duplicate input names', async () => {
    expect((await cardError((c) => (c.renderer.conditionChannels[2].name = 'expectedHu'))).message).toContain('duplicate channel');
    expect((await cardError((c) => (c.inputs[1].name = 'sample'))).message).toContain("duplicate name 'sample'");
  });

  it('rejects a latent-space renderer until the decoder contract exists', async () => {
    expect((await cardError((c) => (c.renderer.space = 'latent'))).message).toContain('renderer.space');
  });

  it('requires the renderer block for kind diffusion-renderer, and requireRendererCard refuses other kinds', async () => {
    expect((await cardError((c) => delete c.renderer)).message).toContain('renderer: required');
    const other = parseModelCard(await parseMutated((c) => { c.kind = 'risk-model'; delete c.renderer; }));
    expect(() => requireRendererCard(other)).toThrow(ModelCardError);
  });

  it('rejects linear betas out of order and defaultSteps above trainSteps', async () => {
    expect((await cardError((c) => (c.renderer.noiseSchedule = { kind: 'linear', trainSteps: 100, betaStart: 0.02, betaEnd: 0.01 }))).message)
      .toContain('renderer.noiseSchedule.betaEnd');
    expect((await cardError((c) => (c.renderer.defaultSteps = 2000))).message).toContain('renderer.defaultSteps');
  });

  it('rejects an absolute ONNX path', async () => {
    expect((await cardError((c) => (c.onnx.path = '/etc/model.onnx'))).message).toContain('onnx.path');
  });

  it('reports a missing file and invalid JSON as ModelCardError', async () => {
    await expect(loadModelCard('/nonexistent/card.json')).rejects.toThrow(/not readable.*ENOENT/);
    const broken = await writeCardCopy(() => undefined);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(broken, '{ "name": ');
    await expect(loadModelCard(broken)).rejects.toThrow(ModelCardError);
    await expect(loadModelCard(broken)).rejects.toThrow(/not valid JSON/);
  });
});

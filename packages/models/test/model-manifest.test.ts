import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../../test/support/shared-data.ts';
import {
  DEFAULT_MANIFEST_PATH, ModelCardError, UnknownModelError, defaultModelId, loadModelCard, openModel, readModelManifest, resolveModelCard,
} from '../src/index.ts';

describe('models/manifest.json', () => {
  it('lists every card of models/ with the kind and name its card states', async () => {
    const { manifest, cardPathOf } = await readModelManifest();
    expect(DEFAULT_MANIFEST_PATH).toBe(resolve(repoRoot, 'models', 'manifest.json'));
    expect(manifest.models.map((e) => e.id).sort()).toEqual(['mewm-dynamics', 'renderer-ct', 'renderer-tiny', 'risk-cox-hcc', 'risk-crlm', 'risk-hcc-tace']);
    for (const entry of manifest.models) {
      if (entry.format === 'typescript') {
        // A TypeScript model: no ONNX file; its card is read by @mewm/world-model against the code.
        const card = JSON.parse(readFileSync(cardPathOf(entry), 'utf8')) as { name: string };
        expect(card.name).toBe(entry.id);
        continue;
      }
      const { card } = await loadModelCard(cardPathOf(entry));
      expect(card.name).toBe(entry.id);
      expect(card.kind).toBe(entry.kind);
    }
    expect(manifest.defaults).toEqual({ 'survival-risk': 'risk-cox-hcc', 'diffusion-renderer': 'renderer-ct', dynamics: 'mewm-dynamics' });
  });

  it('resolves an id, a listed card path and an unlisted card path', async () => {
    expect(await resolveModelCard('risk-cox-hcc')).toEqual({ id: 'risk-cox-hcc', kind: 'survival-risk', cardPath: resolve(repoRoot, 'models', 'risk-cox-hcc.json'), format: 'onnx' });
    expect(await resolveModelCard(resolve(repoRoot, 'models', 'renderer-tiny.json'))).toMatchObject({ id: 'renderer-tiny', kind: 'diffusion-renderer' });
    const dir = await mkdtemp(join(tmpdir(), 'mewm-manifest-'));
    const path = join(dir, 'model.json');
    await writeFile(path, '{}');
    expect(await resolveModelCard(path)).toEqual({ id: null, kind: null, cardPath: path, format: 'onnx' });
    expect(await defaultModelId('survival-risk')).toBe('risk-cox-hcc');
  });

  it('openModel opens any ONNX model by id, checked against its card, on the CPU by default', async () => {
    const session = await openModel('renderer-tiny');
    try {
      expect(session.card.name).toBe('renderer-tiny');
      expect(session.executionProvider).toEqual({ requested: 'cpu', provider: 'cpu' });
      expect(session.modelPath).toBe(resolve(repoRoot, 'models', 'renderer-tiny.onnx'));
    } finally {
      await session.dispose();
    }
  });
});

describe('manifest: bad input', () => {
  it('an unknown id is an UnknownModelError naming it and the known ids', async () => {
    const e = await resolveModelCard('risk-cox-crlm').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UnknownModelError);
    expect((e as UnknownModelError).code).toBe('MODEL_UNKNOWN');
    expect((e as UnknownModelError).id).toBe('risk-cox-crlm');
    expect((e as Error).message).toMatch(/unknown model 'risk-cox-crlm': the manifest lists 'risk-cox-hcc', 'renderer-ct'/);
    await expect(openModel('nope')).rejects.toThrow(/unknown model 'nope'/);
    await expect(openModel('mewm-dynamics')).rejects.toThrow(/model mewm-dynamics is written in typescript, not an ONNX file/);
  });

  it('an id of another kind is refused, naming both kinds', async () => {
    await expect(resolveModelCard('renderer-ct', { kind: 'survival-risk' })).rejects.toThrow(
      /'renderer-ct' is a diffusion-renderer model, not a survival-risk model; survival-risk models: 'risk-cox-hcc'/,
    );
    await expect(defaultModelId('segmenter')).rejects.toBeInstanceOf(UnknownModelError);
  });

  it('a missing card path and a malformed manifest are ModelCardErrors naming the field', async () => {
    await expect(resolveModelCard('/nonexistent/card.json')).rejects.toBeInstanceOf(ModelCardError);
    const dir = await mkdtemp(join(tmpdir(), 'mewm-manifest-'));
    const bad = join(dir, 'manifest.json');
    await writeFile(bad, JSON.stringify({ schemaVersion: 1, defaults: { 'survival-risk': 'missing' }, models: [{ id: 'a', kind: 'survival-risk', card: 'a.json', description: 'a' }] }));
    const e = await readModelManifest(bad).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ModelCardError);
    expect((e as ModelCardError).field).toBe('(manifest).defaults.survival-risk');
    await writeFile(bad, JSON.stringify({ schemaVersion: 1, defaults: {}, models: [{ id: 'a', kind: 'x', card: '../a.json', description: 'a' }] }));
    await expect(readModelManifest(bad)).rejects.toThrow(/models\.0\.card: must be relative to the manifest/);
  });
});

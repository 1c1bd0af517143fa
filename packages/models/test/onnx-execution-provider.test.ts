import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { chooseExecutionProvider, createInferenceSession, probeProviders, sessionOptionsFor } from '../src/onnx/execution-provider.ts';
import { createOnnxSession } from '../src/onnx/session.ts';
import { tinyCardPath, tinyOnnxPath } from './renderer-tiny-fixture.ts';

const noCuda = { listed: ['cpu', 'webgpu'], cudaLibraryPresent: false };
const cudaListedNotInstalled = { listed: ['cpu', 'cuda'], cudaLibraryPresent: false };
const cuda = { listed: ['cpu', 'cuda'], cudaLibraryPresent: true };

describe('chooseExecutionProvider', () => {
  it('uses CPU for cpu on any machine', () => {
    expect(chooseExecutionProvider('cpu', cuda)).toEqual({ requested: 'cpu', provider: 'cpu' });
  });

  it('uses CUDA for cuda and auto when listed and installed', () => {
    expect(chooseExecutionProvider('cuda', cuda)).toEqual({ requested: 'cuda', provider: 'cuda' });
    expect(chooseExecutionProvider('auto', cuda).provider).toBe('cuda');
  });

  it('falls back to CPU with a note that says why (policy: no error)', () => {
    expect(chooseExecutionProvider('cuda', noCuda)).toEqual({
      requested: 'cuda', provider: 'cpu',
      note: 'CUDA requested: this onnxruntime-node build does not list the CUDA execution provider; using CPU',
    });
    expect(chooseExecutionProvider('cuda', cudaListedNotInstalled).note).toContain('library is not installed');
    expect(chooseExecutionProvider('auto', cudaListedNotInstalled)).toMatchObject({ provider: 'cpu', note: expect.stringMatching(/^auto: /) });
  });

  it('asks onnxruntime for exactly one provider, so it never falls back silently', () => {
    expect(sessionOptionsFor({ requested: 'cuda', provider: 'cuda' }, 2)).toMatchObject({ executionProviders: ['cuda'], intraOpNumThreads: 2 });
  });
});

describe('sessions on this machine', () => {
  const probe = probeProviders();

  it('probes the installed onnxruntime-node', () => {
    expect(probe.listed).toContain('cpu');
  });

  it('a cuda or auto request opens a working session, on CUDA only where it is installed', async () => {
    for (const device of ['cuda', 'auto'] as const) {
      const s = await createOnnxSession(tinyCardPath, { device });
      try {
        expect(s.executionProvider.requested).toBe(device);
        if (probe.listed.includes('cuda') && probe.cudaLibraryPresent) {
          expect(['cuda', 'cpu']).toContain(s.executionProvider.provider);
        } else {
          expect(s.executionProvider.provider).toBe('cpu');
          expect(s.executionProvider.note).toMatch(/using CPU$/);
        }
      } finally {
        await s.dispose();
      }
    }
  });
});

describe('createInferenceSession: the CUDA fallback', () => {
  it('falls back to CPU, with the reason, when a CUDA session cannot be created here', async () => {
    const probe = probeProviders();
    if (probe.listed.includes('cuda') && probe.cudaLibraryPresent) return; // a CUDA machine: nothing to fall back from
    const bytes = await readFile(tinyOnnxPath);
    const { session, choice } = await createInferenceSession(bytes, { requested: 'cuda', provider: 'cuda' });
    try {
      expect(choice.provider).toBe('cpu');
      expect(choice.requested).toBe('cuda');
      expect(choice.note).toMatch(/^CUDA session failed \(.+\); using CPU$/);
      expect(session.inputNames).toEqual(['sample', 'condition', 'timestep']);
    } finally {
      await session.release();
    }
  });
});

/**
 * The one place that maps a requested device to onnxruntime-node execution providers.
 *
 * - 'cpu' (default): the CPU provider.
 * - 'cuda': the CUDA provider when this onnxruntime-node build lists it AND its provider library is
 *   installed beside the binding (onnxruntime-node ships it separately); otherwise CPU, with a note.
 * - 'auto': CUDA under the same conditions, else CPU (with a note saying why).
 *
 * Policy: requesting 'cuda' on a machine without it does NOT throw; it falls back to CPU and says so
 * in `ExecutionProviderChoice.note` (every session exposes its choice, so callers and reports can
 * show it). When CUDA looks available but session creation with it fails (driver, CUDA/cuDNN
 * version), the session is created on CPU and the note carries the first line of ORT's error.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';

/** The devices a caller may ask for. */
export const DEVICES = ['cpu', 'cuda', 'auto'] as const;
export type Device = (typeof DEVICES)[number];
export type ProviderName = 'cpu' | 'cuda';

/** What this machine's onnxruntime-node offers. */
export interface ProviderProbe {
  /** Backends the binding lists (e.g. cpu, webgpu, cuda, tensorrt). */
  listed: readonly string[];
  /** Whether the CUDA provider's shared library is present beside the binding. */
  cudaLibraryPresent: boolean;
}

export interface ExecutionProviderChoice {
  requested: Device;
  /** Provider used by the session. */
  provider: ProviderName;
  /** Why the provider differs from the request, or how 'auto' decided; absent when plain. */
  note?: string;
}

const CUDA_LIBRARY: Record<string, string> = {
  linux: 'libonnxruntime_providers_cuda.so',
  win32: 'onnxruntime_providers_cuda.dll',
};

/** Ask the installed onnxruntime-node what it can run (no session is created). */
export function probeProviders(): ProviderProbe {
  const listed = ort.listSupportedBackends().map((b) => b.name);
  const lib = CUDA_LIBRARY[process.platform];
  let cudaLibraryPresent = false;
  if (lib) {
    const entry = createRequire(import.meta.url).resolve('onnxruntime-node');
    const binDir = join(dirname(entry), '..', 'bin', 'napi-v6', process.platform, process.arch);
    cudaLibraryPresent = existsSync(join(binDir, lib));
  }
  return { listed, cudaLibraryPresent };
}

/** Pure decision: which provider to try for `device` given what the machine offers. */
export function chooseExecutionProvider(device: Device, probe: ProviderProbe): ExecutionProviderChoice {
  if (device === 'cpu') return { requested: device, provider: 'cpu' };
  const listed = probe.listed.includes('cuda');
  if (listed && probe.cudaLibraryPresent) {
    return device === 'auto'
      ? { requested: device, provider: 'cuda', note: 'auto: CUDA execution provider available' }
      : { requested: device, provider: 'cuda' };
  }
  const why = !listed
    ? 'this onnxruntime-node build does not list the CUDA execution provider'
    : 'the CUDA execution provider library is not installed beside onnxruntime-node';
  return { requested: device, provider: 'cpu', note: `${device === 'auto' ? 'auto' : 'CUDA requested'}: ${why}; using CPU` };
}

/**
 * Session options for a choice (the providers list holds exactly one entry, so ORT never falls back silently).
 * allowSpinning false: the intra-op threads sleep instead of spinning while they wait for work
 * (onnxruntime's session config `session.intra_op.allow_spinning`); the numbers are the same.
 */
export function sessionOptionsFor(choice: ExecutionProviderChoice, intraOpThreads?: number, allowSpinning?: boolean): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: [choice.provider],
    graphOptimizationLevel: 'all',
    ...(intraOpThreads !== undefined ? { intraOpNumThreads: intraOpThreads } : {}),
    ...(allowSpinning === false ? { extra: { session: { intra_op: { allow_spinning: '0' } } } } : {}),
  };
}

/**
 * Create an inference session from model bytes with the chosen provider; if CUDA was chosen and
 * creation fails, retry on CPU and record why in the returned choice.
 */
export async function createInferenceSession(
  model: Uint8Array, choice: ExecutionProviderChoice, intraOpThreads?: number, allowSpinning?: boolean,
): Promise<{ session: ort.InferenceSession; choice: ExecutionProviderChoice }> {
  if (choice.provider === 'cpu') {
    return { session: await ort.InferenceSession.create(model, sessionOptionsFor(choice, intraOpThreads, allowSpinning)), choice };
  }
  try {
    return { session: await ort.InferenceSession.create(model, sessionOptionsFor(choice, intraOpThreads, allowSpinning)), choice };
  } catch (e) {
    const firstLine = String((e as { message?: unknown }).message ?? e).split('\n')[0]?.slice(0, 200) ?? 'unknown error';
    const cpu: ExecutionProviderChoice = { requested: choice.requested, provider: 'cpu', note: `CUDA session failed (${firstLine}); using CPU` };
    return { session: await ort.InferenceSession.create(model, sessionOptionsFor(cpu, intraOpThreads, allowSpinning)), choice: cpu };
  }
}

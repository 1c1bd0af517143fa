/**
 * An ONNX model behind its card: `createOnnxSession(cardPath)` reads and validates the card, reads
 * the ONNX file once, checks its sha256 against the card, creates the onnxruntime-node session on the
 * provider chosen by execution-provider.ts, and checks the session's I/O signature against the card.
 * `run` validates feeds against the card before onnxruntime sees them; `dispose` releases the native
 * session, after which `run` throws.
 */
import { readFile } from 'node:fs/promises';
import type * as ort from 'onnxruntime-node';
import { ModelCardError, ModelInputError, SessionStateError } from '../errors.ts';
import { chooseExecutionProvider, createInferenceSession, DEVICES, probeProviders, type Device, type ExecutionProviderChoice } from './execution-provider.ts';
import { feedProblems, validateFeeds } from './feed-validation.ts';
import { sha256Hex } from './file-hash.ts';
import { loadModelCard, type ModelCard } from '../card/model-card.ts';
import { signatureProblems } from './signature-check.ts';

export interface OnnxSessionOptions {
  /** 'cpu' (default), 'cuda' or 'auto'; see execution-provider.ts for the fallback policy. */
  device?: Device;
  /** onnxruntime intra-op thread count (default: onnxruntime's own choice). */
  intraOpThreads?: number;
  /**
   * Whether idle intra-op threads spin waiting for work (default: onnxruntime's, true). false lets
   * them sleep, leaving the cores to the caller's other work; outputs are the same either way.
   */
  allowSpinning?: boolean;
}

export interface OnnxSession {
  readonly card: ModelCard;
  /** Absolute paths of the card and the ONNX file it names ('' when the session was opened from bytes). */
  readonly cardPath: string;
  readonly modelPath: string;
  /** Provider in use, and a note when it differs from the request. */
  readonly executionProvider: ExecutionProviderChoice;
  readonly disposed: boolean;
  /** Run the model. Feeds are checked against card.inputs first (ModelInputError: dtypes and shapes). */
  run(feeds: Record<string, ort.Tensor>): Promise<Record<string, ort.Tensor>>;
  /** Release the native session. Idempotent; `run` afterwards throws SessionStateError. */
  dispose(): Promise<void>;
}

/** Open the model described by the card at `cardPath`. Card, hash or signature problems → ModelCardError. */
export async function createOnnxSession(cardPath: string, opts: OnnxSessionOptions = {}): Promise<OnnxSession> {
  checkOptions(opts);
  const { card, cardPath: absCard, modelPath } = await loadModelCard(cardPath);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(modelPath);
  } catch (e) {
    throw new ModelCardError(`model ${card.name}: ONNX file not readable: ${modelPath} (${(e as NodeJS.ErrnoException).code ?? 'error'})`, 'onnx.path');
  }
  return createOnnxSessionFromBytes(card, bytes, { ...opts, cardPath: absCard, modelPath });
}

export interface OnnxBytesSessionOptions extends OnnxSessionOptions {
  /** Where the card and the model were read from, when they were (reported by the session). */
  cardPath?: string;
  modelPath?: string;
}

/**
 * Open a model from a validated card and the ONNX bytes it names: the sha256 of the bytes must equal
 * the card's (ModelCardError, field 'onnx.sha256', naming both), onnxruntime must load them (field
 * 'onnx'), and the session's I/O signature must match the card's (field 'inputs' / 'outputs').
 */
export async function createOnnxSessionFromBytes(card: ModelCard, bytes: Uint8Array, opts: OnnxBytesSessionOptions = {}): Promise<OnnxSession> {
  checkOptions(opts);
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) throw new ModelCardError(`model ${card.name}: expected the ONNX file bytes`, 'onnx');
  const actual = sha256Hex(bytes);
  if (actual !== card.onnx.sha256) {
    throw new ModelCardError(`model ${card.name}: sha256 of ${card.onnx.path} is ${actual}, the card says ${card.onnx.sha256}`, 'onnx.sha256');
  }
  let created: Awaited<ReturnType<typeof createInferenceSession>>;
  try {
    created = await createInferenceSession(bytes, chooseExecutionProvider(opts.device ?? 'cpu', probeProviders()), opts.intraOpThreads, opts.allowSpinning);
  } catch (e) {
    const firstLine = String((e as { message?: unknown }).message ?? e).split('\n')[0]?.slice(0, 200);
    throw new ModelCardError(`model ${card.name}: onnxruntime cannot load ${card.onnx.path}: ${firstLine}`, 'onnx');
  }
  const { session, choice } = created;
  const inputProblems = signatureProblems('input', card.inputs, session.inputMetadata);
  const problems = [...inputProblems, ...signatureProblems('output', card.outputs, session.outputMetadata)];
  if (problems.length > 0) {
    await session.release();
    throw new ModelCardError(`model ${card.name}: card and ONNX signature differ: ${problems.join('; ')}`, inputProblems.length > 0 ? 'inputs' : 'outputs');
  }
  return wrapSession(card, opts.cardPath ?? '', opts.modelPath ?? '', choice, session);
}

function checkOptions(opts: OnnxSessionOptions): void {
  const device: unknown = opts.device ?? 'cpu'; // JavaScript callers may pass anything
  if (!(DEVICES as readonly unknown[]).includes(device)) {
    throw new ModelInputError(`device must be ${DEVICES.map((d) => `'${d}'`).join(', ')}, got '${String(device)}'`);
  }
  if (opts.intraOpThreads !== undefined && !(Number.isInteger(opts.intraOpThreads) && opts.intraOpThreads >= 1)) {
    throw new ModelInputError(`intraOpThreads must be an integer ≥ 1, got ${opts.intraOpThreads}`);
  }
}

function wrapSession(
  card: ModelCard, cardPath: string, modelPath: string, executionProvider: ExecutionProviderChoice, session: ort.InferenceSession,
): OnnxSession {
  let disposed = false;
  const live = (): void => {
    if (disposed) throw new SessionStateError(`model ${card.name}: session used after dispose()`);
  };
  return {
    card, cardPath, modelPath, executionProvider,
    get disposed() {
      return disposed;
    },
    async run(feeds) {
      live();
      validateFeeds(card.name, card.inputs, feeds);
      const out = await session.run(feeds);
      const problems = feedProblems(card.outputs, out);
      if (problems.length > 0) throw new ModelCardError(`model ${card.name}: outputs differ from the card: ${problems.join('; ')}`);
      return out;
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      await session.release();
    },
  };
}

/**
 * `openModel(idOrPath)`: any ONNX model of the manifest (or a card by path) as a checked session —
 * resolve the card, read it, check the file's sha256 and the I/O signature (onnx/session.ts).
 */
import { ModelCardError } from '../errors.ts';
import { createOnnxSession, type OnnxSession, type OnnxSessionOptions } from '../onnx/session.ts';
import { resolveModelCard, type ResolveOptions } from './resolve-model-card.ts';

export type OpenModelOptions = OnnxSessionOptions & ResolveOptions;

/** The caller disposes the session. */
export async function openModel(idOrPath: string, opts: OpenModelOptions = {}): Promise<OnnxSession> {
  const { cardPath, format, id } = await resolveModelCard(idOrPath, opts);
  if (format !== 'onnx') throw new ModelCardError(`model ${id ?? idOrPath} is written in ${format}, not an ONNX file: read its card, there is no session to open`, '(manifest).format');
  const { kind: _kind, manifestPath: _manifest, ...sessionOpts } = opts;
  return createOnnxSession(cardPath, sessionOpts);
}

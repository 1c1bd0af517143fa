/**
 * `resolveModelCard(idOrPath)`: a manifest id or a card path → the card's absolute path, id and
 * kind. A value that names a file (ends in .json or holds a path separator) is a card path; anything
 * else is an id of the manifest. `kind` restricts what is acceptable (a renderer id given where a
 * risk model is expected is refused, naming both).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ModelCardError, UnknownModelError } from '../errors.ts';
import { readModelManifest } from './model-manifest.ts';

export interface ResolvedModelCard {
  /** The manifest id, or null for a card given by path that the manifest does not list. */
  readonly id: string | null;
  /** The manifest's kind for an id; null for a card given by path (its card says). */
  readonly kind: string | null;
  /** Absolute path of the card. */
  readonly cardPath: string;
  /** 'onnx' (a model file openModel can open) or 'typescript' (a card only); 'onnx' for an unlisted path. */
  readonly format: 'onnx' | 'typescript';
}

export interface ResolveOptions {
  /** Only models of this kind are acceptable (manifest ids). */
  kind?: string;
  /** Default: the repository's models/manifest.json. */
  manifestPath?: string;
}

/** True when `value` names a card file rather than a manifest id. */
export function looksLikeCardPath(value: string): boolean {
  return value.endsWith('.json') || value.includes('/') || value.includes('\\');
}

/**
 * @throws UnknownModelError (code MODEL_UNKNOWN) for an id the manifest does not list, or one of
 *   another kind; ModelCardError for a card path that does not exist or an unreadable manifest.
 */
export async function resolveModelCard(idOrPath: string, opts: ResolveOptions = {}): Promise<ResolvedModelCard> {
  const given: unknown = idOrPath; // JavaScript callers may pass anything
  if (typeof given !== 'string' || given.trim() === '') throw new UnknownModelError(String(given), 'model: expected a manifest id or a card path, got an empty value');
  const { manifest, cardPathOf } = await readModelManifest(opts.manifestPath);
  if (looksLikeCardPath(idOrPath)) {
    const cardPath = resolve(idOrPath);
    if (!existsSync(cardPath)) throw new ModelCardError(`model card not found: ${cardPath}`, '(file)');
    const listed = manifest.models.find((e) => cardPathOf(e) === cardPath);
    return { id: listed?.id ?? null, kind: listed?.kind ?? null, cardPath, format: listed?.format ?? 'onnx' };
  }
  const entry = manifest.models.find((e) => e.id === idOrPath);
  const candidates = manifest.models.filter((e) => opts.kind === undefined || e.kind === opts.kind).map((e) => e.id);
  const what = opts.kind === undefined ? 'model' : `${opts.kind} model`;
  if (!entry) {
    throw new UnknownModelError(idOrPath, `unknown ${what} '${idOrPath}': the manifest lists ${candidates.map((c) => `'${c}'`).join(', ') || 'none'} (or give a card path ending in .json)`);
  }
  if (opts.kind !== undefined && entry.kind !== opts.kind) {
    throw new UnknownModelError(idOrPath, `'${idOrPath}' is a ${entry.kind} model, not a ${what}; ${what}s: ${candidates.map((c) => `'${c}'`).join(', ') || 'none'}`);
  }
  return { id: entry.id, kind: entry.kind, cardPath: cardPathOf(entry), format: entry.format };
}

/** The manifest's default model of `kind` (e.g. the default risk model). */
export async function defaultModelId(kind: string, manifestPath?: string): Promise<string> {
  const { manifest } = await readModelManifest(manifestPath);
  const id = manifest.defaults[kind];
  if (id === undefined) throw new UnknownModelError(kind, `the manifest names no default ${kind} model (defaults: ${Object.keys(manifest.defaults).join(', ')})`);
  return id;
}

/**
 * The manifest `models/manifest.json`: every model of the repository by id (its card path relative
 * to the manifest, its kind) and the default id per kind. It is the registry behind
 * `resolveModelCard(idOrPath)` and `openModel(id)`; adding a model is a card plus one entry here.
 */
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ModelCardError } from '../errors.ts';

/** The repository's manifest (packages/models/src/manifest/ → <repo>/models/manifest.json). */
export const DEFAULT_MANIFEST_PATH = fileURLToPath(new URL('../../../../models/manifest.json', import.meta.url));

const idSchema = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'kebab-case');

export const manifestEntrySchema = z.strictObject({
  id: idSchema,
  /** The card's `kind` ('survival-risk', 'diffusion-renderer', 'dynamics', ...). */
  kind: z.string().min(1),
  /** Card path relative to the manifest's folder. */
  card: z.string().min(1).refine((p) => !isAbsolute(p) && !p.split(/[\\/]/).includes('..'), 'must be relative to the manifest, inside its folder'),
  /** One line for people. */
  description: z.string().min(1),
  /** What the card describes: an ONNX file (default), or a model written in TypeScript (no file to open). */
  format: z.enum(['onnx', 'typescript']).default('onnx'),
});
export type ManifestEntry = z.infer<typeof manifestEntrySchema>;

export const modelManifestSchema = z
  .strictObject({
    schemaVersion: z.literal(1),
    /** Kind → the id used when a caller names no model of that kind. */
    defaults: z.record(z.string(), idSchema),
    models: z.array(manifestEntrySchema).min(1),
  })
  .superRefine((m, ctx) => {
    const ids = m.models.map((e) => e.id);
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: ['models', i, 'id'], message: `duplicate id '${id}'` });
    });
    for (const [kind, id] of Object.entries(m.defaults)) {
      const entry = m.models.find((e) => e.id === id);
      if (!entry) ctx.addIssue({ code: 'custom', path: ['defaults', kind], message: `'${id}' is not a listed model` });
      else if (entry.kind !== kind) ctx.addIssue({ code: 'custom', path: ['defaults', kind], message: `'${id}' is a ${entry.kind} model, not ${kind}` });
    }
  });
export type ModelManifest = z.infer<typeof modelManifestSchema>;

/** A manifest with the folder its card paths are relative to. */
export interface LoadedManifest {
  readonly manifest: ModelManifest;
  readonly path: string;
  /** Absolute card path of an entry. */
  readonly cardPathOf: (entry: ManifestEntry) => string;
}

/** Read and validate the manifest. Missing file, bad JSON or a schema failure → ModelCardError naming the field. */
export async function readModelManifest(path: string = DEFAULT_MANIFEST_PATH): Promise<LoadedManifest> {
  const abs = resolve(path);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(abs, 'utf8'));
  } catch (e) {
    throw new ModelCardError(`model manifest ${abs} is not readable JSON (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, '(manifest)');
  }
  const parsed = modelManifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map(String).join('.');
    throw new ModelCardError(`model manifest ${abs}: ${field}: ${issue.message}`, `(manifest).${field}`);
  }
  const dir = dirname(abs);
  return { manifest: parsed.data, path: abs, cardPathOf: (entry) => resolve(dir, entry.card) };
}

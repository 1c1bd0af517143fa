/**
 * The spatial dynamics' appearance parameters for the model card, loaded lazily: the module
 * `dynamics/appearance-parameters.ts` (exporting APPEARANCE_PARAMETERS) may not exist yet, in which
 * case the card holds the outcome parameters only.
 */
import type { ModelParameter } from '../model-parameter.ts';
import { ModelCardError } from '../errors.ts';

const MODULE = '../dynamics/appearance-parameters.ts';

export async function loadAppearanceParameters(): Promise<ModelParameter[]> {
  let mod: { APPEARANCE_PARAMETERS?: unknown };
  try {
    mod = (await import(/* @vite-ignore */ new URL(MODULE, import.meta.url).href)) as { APPEARANCE_PARAMETERS?: unknown };
  } catch (e) {
    const code = (e as { code?: string }).code;
    const msg = (e as Error).message ?? '';
    if (code === 'ERR_MODULE_NOT_FOUND' || /Cannot find module|Failed to load url|does not exist/i.test(msg)) return [];
    throw e;
  }
  if (!Array.isArray(mod.APPEARANCE_PARAMETERS)) {
    throw new ModelCardError('dynamics/appearance-parameters.ts must export APPEARANCE_PARAMETERS: ModelParameter[]');
  }
  return mod.APPEARANCE_PARAMETERS as ModelParameter[];
}

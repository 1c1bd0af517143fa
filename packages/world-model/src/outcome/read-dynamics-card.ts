/**
 * Read the committed dynamics model card (`models/dynamics.json`) so that outputs can name the model
 * version they came from. Checks name, version and the parameter table; never returns a partial card.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ModelCardError } from '../errors.ts';
import { DYNAMICS_MODEL_VERSION, type DynamicsModelCard } from './dynamics-card.ts';
import { DYNAMICS_PARAMETERS, validateParameterTable } from './dynamics-parameters.ts';

/** Default location: `<repo>/models/dynamics.json`. */
export const DYNAMICS_CARD_PATH = fileURLToPath(new URL('../../../../models/dynamics.json', import.meta.url));

/**
 * @param path card file (default: the repository's `models/dynamics.json`).
 * @throws ModelCardError when the file is missing, not JSON, or does not match this code's model.
 */
export function readDynamicsCard(path: string = DYNAMICS_CARD_PATH): DynamicsModelCard {
  let card: DynamicsModelCard;
  try {
    card = JSON.parse(readFileSync(path, 'utf8')) as DynamicsModelCard;
  } catch (e) {
    throw new ModelCardError(`cannot read the dynamics model card: ${(e as Error).message}`);
  }
  if (card?.name !== 'mewm-dynamics' || card.version !== DYNAMICS_MODEL_VERSION || !Array.isArray(card.parameters)) {
    throw new ModelCardError(`the dynamics model card is not mewm-dynamics ${DYNAMICS_MODEL_VERSION} (got ${card?.name} ${card?.version}); regenerate it with scripts/write-dynamics-card.ts`);
  }
  validateParameterTable(card.parameters);
  const inCard = new Map(card.parameters.map((p) => [p.id, p.value]));
  for (const p of DYNAMICS_PARAMETERS) {
    if (inCard.get(p.id) !== p.value) {
      throw new ModelCardError(`the dynamics model card disagrees with the code on ${p.id}; regenerate it with scripts/write-dynamics-card.ts`);
    }
  }
  return card;
}

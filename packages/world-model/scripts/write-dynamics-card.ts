/**
 * Writes models/dynamics.json from the code's parameter tables (outcome model + spatial-dynamics
 * appearance parameters when that module exists). Run after changing any parameter:
 *   npx tsx packages/world-model/scripts/write-dynamics-card.ts
 * A test fails while the committed card and the code disagree.
 */
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDynamicsCard, dynamicsCardJson, loadAppearanceParameters } from '../src/outcome/index.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const target = resolve(repoRoot, 'models', 'dynamics.json');
const card = buildDynamicsCard(await loadAppearanceParameters());
writeFileSync(target, dynamicsCardJson(card));
process.stdout.write(`wrote ${target}: ${card.parameterCounts.total} parameters (${card.parameterCounts.published} published, ${card.parameterCounts.assumed} assumed)\n`);

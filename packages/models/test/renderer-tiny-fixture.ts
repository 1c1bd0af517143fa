/**
 * Test fixture: the tiny random-weight renderer (models/renderer-tiny.*) and modified copies of its
 * card in a temporary folder, for the card, session and renderer tests.
 */
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { repoRoot } from '../../../test/support/shared-data.ts';

export const tinyCardPath = resolve(repoRoot, 'models', 'renderer-tiny.json');
export const tinyOnnxPath = resolve(repoRoot, 'models', 'renderer-tiny.onnx');
export const GRID = 32;
export const VOXELS = GRID ** 3;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RawCard = any;

export async function tinyCardJson(): Promise<RawCard> {
  return JSON.parse(await readFile(tinyCardPath, 'utf8'));
}

/** Write a copy of the tiny card (changed by `mutate`) beside a copy of its ONNX file; returns the card path. */
export async function writeCardCopy(mutate: (card: RawCard) => void, onnxBytes?: Uint8Array): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mewm-card-'));
  const card = await tinyCardJson();
  mutate(card);
  if (onnxBytes) await writeFile(join(dir, 'renderer-tiny.onnx'), onnxBytes);
  else await copyFile(tinyOnnxPath, join(dir, 'renderer-tiny.onnx'));
  const path = join(dir, 'card.json');
  await writeFile(path, typeof card === 'string' ? card : JSON.stringify(card));
  return path;
}

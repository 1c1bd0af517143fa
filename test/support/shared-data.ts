/**
 * Where the real CT lives: `MEWM_SHARED_DATA`, defaulting to `../shared/data` beside the checkout.
 * Tests that need it call `sharedData(...)`; a missing folder is a loud failure, not a skip,
 * because CI always has it.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function sharedDataRoot(): string {
  return resolve(process.env.MEWM_SHARED_DATA ?? resolve(repoRoot, '..', 'shared', 'data'));
}

export function sharedData(...parts: string[]): string {
  const p = resolve(sharedDataRoot(), ...parts);
  if (!existsSync(p)) {
    throw new Error(`shared data not found: ${p} (set MEWM_SHARED_DATA to the folder holding the real CT)`);
  }
  return p;
}

/** pydicom's test corpus (from Debian's python3-pydicom 2.3.1, with its licence), kept in the repository so that the tests reading these files need no pydicom. */
export const PYDICOM_TEST_FILES = resolve(repoRoot, 'test', 'fixtures', 'pydicom', 'test_files');

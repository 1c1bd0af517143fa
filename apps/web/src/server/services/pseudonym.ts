/**
 * Pseudonymous case labels: "CASE-" + 4 random upper-case letters/digits + "-" + 2 more, e.g.
 * CASE-7KQ2-XD. Random, never derived from patient data, and free of look-alike characters.
 */
import 'server-only';
import { randomInt } from 'node:crypto';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function generateCaseLabel(): string {
  const pick = (n: number) => Array.from({ length: n }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return `CASE-${pick(4)}-${pick(2)}`;
}

export const CASE_LABEL_PATTERN = /^CASE-[A-Z2-9]{4}-[A-Z2-9]{2}$/;

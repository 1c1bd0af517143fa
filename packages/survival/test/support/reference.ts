/**
 * Test helpers: R golden values (reference/reference.json, from make-reference.R), the veteran data
 * it carries, the hepatoCellular CSV from the shared data, and a tolerance comparison.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { sharedData } from '../../../../test/support/shared-data.ts';

const here = dirname(fileURLToPath(import.meta.url));

/** R's JSON: null = NA, "NaN" / "Inf" / "-Inf" strings for the other non-finite values. */
function revive(_key: string, value: unknown): unknown {
  if (value === null) return Number.NaN;
  if (value === 'NaN') return Number.NaN;
  if (value === 'Inf') return Number.POSITIVE_INFINITY;
  if (value === '-Inf') return Number.NEGATIVE_INFINITY;
  return value;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the reference file is read untyped and checked field by field by the tests
export type Json = any;

export const reference: Json = JSON.parse(readFileSync(resolve(here, '..', '..', 'reference', 'reference.json'), 'utf8'), revive);

/**
 * |actual - expected| <= tol * max(1, |expected|) elementwise: relative for large values, absolute
 * near zero. NaN must meet NaN, infinities must be equal.
 */
export function expectClose(actual: ArrayLike<number> | number, expected: ArrayLike<number> | number, tol = 1e-4, what = ''): void {
  const a = typeof actual === 'number' ? [actual] : Array.from(actual);
  const e = typeof expected === 'number' ? [expected] : Array.from(expected);
  expect(a.length, `${what} length`).toBe(e.length);
  for (let k = 0; k < e.length; k++) {
    const ek = e[k]!;
    const ak = a[k]!;
    if (Number.isNaN(ek)) expect(ak, `${what}[${k}] should be NaN`).toBeNaN();
    else if (!Number.isFinite(ek)) expect(ak, `${what}[${k}]`).toBe(ek);
    else {
      const err = Math.abs(ak - ek);
      if (!(err <= tol * Math.max(1, Math.abs(ek)))) {
        expect.fail(`${what}[${k}]: got ${ak}, R ${ek} (|diff| ${err.toExponential(2)} > ${tol} scaled)`);
      }
    }
  }
}

/** veteran outcome and the covariate coding of make-reference.R (celltype indicators, squamous reference). */
export function veteran(): { outcome: { time: number[]; event: number[] }; covariates: Record<string, number[]>; celltype: string[]; trt: number[] } {
  const d = reference.veteran.data;
  const cell = d.celltype as string[];
  return {
    outcome: { time: d.time, event: d.status },
    celltype: cell,
    trt: d.trt,
    covariates: {
      trt: d.trt,
      karno: d.karno,
      diagtime: d.diagtime,
      age: d.age,
      prior: d.prior,
      smallcell: cell.map((c) => Number(c === 'smallcell')),
      adeno: cell.map((c) => Number(c === 'adeno')),
      large: cell.map((c) => Number(c === 'large')),
    },
  };
}

/** Minimal CSV reader for the hepatoCellular file (quoted header, numeric cells, "NA"). */
function readCsv(path: string): Record<string, number[]> {
  const lines = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const header = lines[0]!.split(',').map((h) => h.replace(/"/g, ''));
  const cols: Record<string, number[]> = Object.fromEntries(header.map((h) => [h, [] as number[]]));
  for (const line of lines.slice(1)) {
    line.split(',').forEach((cell, k) => cols[header[k]!]!.push(cell === 'NA' ? Number.NaN : Number(cell.replace(/"/g, ''))));
  }
  return cols;
}

/** hepatoCellular outcomes and the covariate coding of make-reference.R. */
export function hepatoCellular(): {
  os: { time: number[]; event: number[] };
  rfs: { time: number[]; event: number[] };
  covariates: Record<string, number[]>;
  raw: Record<string, number[]>;
} {
  const raw = readCsv(sharedData('survival', 'hepatoCellular.csv'));
  const col = (name: string): number[] => raw[name]!;
  return {
    os: { time: col('OS'), event: col('Death') },
    rfs: { time: col('RFS'), event: col('Recurrence') },
    covariates: {
      age: col('Age'),
      afpHigh: col('AFP').map((v) => Number(v === 2)),
      tumorLarge: col('Tumorsize').map((v) => Number(v === 2)),
      vascularInvasion: col('Vascularinvasion'),
      multipleTumors: col('Tumormultiplicity').map((v) => Number(v === 2)),
      cirrhosis: col('Cirrhosis'),
    },
    raw,
  };
}

/** Deterministic permutation (mulberry32-driven Fisher-Yates). */
export function permutation(n: number, seed = 12345): number[] {
  let s = seed >>> 0;
  const rand = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx;
}

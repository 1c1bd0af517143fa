/**
 * Text for the PDF's built-in (standard 14) fonts, which encode WinAnsi only: characters outside it
 * are replaced by ASCII equivalents (− → -, ≤ → <=, σ → sigma, ...) so nothing is silently dropped.
 * Also the number formats used throughout the report.
 */
import { formatCovariateValue } from '@mewm/contracts';

const REPLACEMENTS: Record<string, string> = {
  '\u2212': '-', '\u2264': '<=', '\u2265': '>=', '\u2248': '~', '\u2192': '->', '\u2190': '<-', '\u2194': '<->',
  '\u03c3': 'sigma', '\u03bc': 'u', '\u0394': 'delta', '\u03b1': 'alpha', '\u03b2': 'beta', '\u03bb': 'lambda',
  '\u221a': 'sqrt', '\u2211': 'sum', '\u221e': 'inf', '\u2260': '!=', '\u2208': 'in', '\u2032': "'", '\u2033': '"',
  '\u2009': ' ', '\u202f': ' ', '\u2011': '-', '\u2010': '-', '\u2212\u2009': '-', '\u2715': 'x', '\u2713': 'v', '\u00a0': ' ',
};

/** Code points of Windows-1252 above 0x7F that the standard fonts can show. */
const WIN_ANSI_EXTRA = new Set([
  0x20ac, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x017d, 0x2018, 0x2019,
  0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x017e, 0x0178,
]);

/** Make `s` printable with a standard PDF font (WinAnsi); unknown characters become '?'. */
export function pdfSafeText(s: string): string {
  let out = '';
  for (const ch of s) {
    const r = REPLACEMENTS[ch];
    if (r !== undefined) { out += r; continue; }
    const cp = ch.codePointAt(0)!;
    if ((cp >= 0x20 && cp <= 0x7e) || cp === 0x0a || (cp >= 0xa0 && cp <= 0xff) || WIN_ANSI_EXTRA.has(cp)) out += ch;
    else out += '?';
  }
  return out;
}

/** A number with `digits` decimals, '-' for a non-finite value. */
export function fmt(x: number, digits = 1): string {
  if (!Number.isFinite(x)) return '-';
  const t = x.toFixed(digits);
  return /^-0\.?0*$/.test(t) ? t.slice(1) : t; // never "-0.00"
}

/** "mean [lo, hi]". */
export function fmtInterval(i: { mean: number; lo: number; hi: number }, digits = 1): string {
  return `${fmt(i.mean, digits)} [${fmt(i.lo, digits)}, ${fmt(i.hi, digits)}]`;
}

/** Compact rendering of an unknown value (for covariates and search summaries), at most `max` characters: the web app's rule. */
export const fmtValue = formatCovariateValue;

/** Milliseconds → "850 ms" / "12.3 s" / "2 min 05 s". */
export function fmtDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

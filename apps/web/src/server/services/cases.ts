/**
 * Cases: list, create (with a generated pseudonymous label and a fresh de-identification secret, and
 * optionally the disease), get, set the disease the case is planned for and its research note, delete (rows cascade; files
 * removed; the delete is audited). A case without a disease cannot be planned (plan-jobs.ts).
 */
import 'server-only';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { isDisease, type Disease } from '@mewm/contracts';
import { rm } from 'node:fs/promises';
import { InvalidInputError, NotFoundError } from '../errors.ts';
import { recordAudit } from './audit.ts';
import type { ServiceContext } from './context.ts';
import { generateCaseLabel } from './pseudonym.ts';

export interface CaseSummary {
  id: string;
  label: string;
  createdAt: string;
  seriesCount: number;
  /** The disease the case is planned for; null until chosen. */
  disease: Disease | null;
  /** The research note ('' when none). */
  note: string;
}

const caseSummarySelect = {
  id: true,
  label: true,
  createdAt: true,
  disease: true,
  note: true,
  _count: { select: { series: true } },
} as const;

function toSummary(r: { id: string; label: string; createdAt: Date; disease: string | null; note: string | null; _count: { series: number } }): CaseSummary {
  // A stored value that is not a known disease (edited by hand) counts as not chosen: never guessed.
  return {
    id: r.id, label: r.label, createdAt: r.createdAt.toISOString(), seriesCount: r._count.series,
    disease: isDisease(r.disease) ? r.disease : null, note: r.note ?? '',
  };
}

/** The longest research note kept. */
export const CASE_NOTE_MAX_CHARS = 2000;

/**
 * Why a research note may not be kept, or null. The note sits beside pseudonymous data, so what looks
 * like an identifier is refused: a run of 6 or more digits (a record, accession or phone number) and a
 * calendar date (a birth or study date). Names cannot be recognised reliably; the form asks for none.
 */
export function caseNoteProblem(note: string): string | null {
  if (note.length > CASE_NOTE_MAX_CHARS) return `the note is ${note.length} characters; at most ${CASE_NOTE_MAX_CHARS}`;
  if (DATE_PATTERNS.some((re) => re.test(note))) return 'the note holds a date, which may identify the patient; write intervals ("3 months after TACE") instead';
  if (/\d(?:[\s-]?\d){5,}/.test(note)) return 'the note holds a run of 6 or more digits, which looks like a record, accession or phone number; leave identifiers out';
  return null;
}

const DATE_PATTERNS = [
  /\b\d{1,2}([./-])\d{1,2}\1(?:\d{4}|\d{2})\b/, // 3.4.2021, 03/04/21
  /\b(?:19|20)\d{2}([./-])\d{1,2}\1\d{1,2}\b/, // 2021-04-03
  /\b\d{1,2}\.?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:19|20)\d{2}\b/i, // 3 April 2021
];

/** Set the case's research note ('' clears it). InvalidInputError when it looks like it holds an identifier. */
export async function setCaseNote(ctx: ServiceContext, caseId: string, note: string): Promise<CaseSummary> {
  const text = note.trim();
  const problem = caseNoteProblem(text);
  if (problem !== null) throw new InvalidInputError(`note: ${problem}`);
  const exists = await ctx.db.case.findUnique({ where: { id: caseId }, select: { id: true } });
  if (!exists) throw new NotFoundError('case', caseId);
  return toSummary(await ctx.db.case.update({ where: { id: caseId }, data: { note: text === '' ? null : text }, select: caseSummarySelect }));
}

export async function listCases(ctx: ServiceContext): Promise<CaseSummary[]> {
  const rows = await ctx.db.case.findMany({ orderBy: { createdAt: 'desc' }, select: caseSummarySelect });
  return rows.map(toSummary);
}

export async function getCase(ctx: ServiceContext, caseId: string): Promise<CaseSummary> {
  const row = await ctx.db.case.findUnique({ where: { id: caseId }, select: caseSummarySelect });
  if (!row) throw new NotFoundError('case', caseId);
  return toSummary(row);
}

export async function createCase(ctx: ServiceContext, disease: Disease | null = null): Promise<CaseSummary> {
  for (let attempt = 0; ; attempt++) {
    const label = generateCaseLabel();
    const clash = await ctx.db.case.findUnique({ where: { label }, select: { id: true } });
    if (clash && attempt < 5) continue;
    const row = await ctx.db.case.create({
      data: {
        id: randomUUID(),
        label,
        deidSalt: randomBytes(32).toString('hex'),
        dateShiftDays: randomInt(-3650, -364),
        disease,
      },
      select: caseSummarySelect,
    });
    return toSummary(row);
  }
}

/** Set (or clear, with null) the disease the case is planned for. */
export async function setCaseDisease(ctx: ServiceContext, caseId: string, disease: Disease | null): Promise<CaseSummary> {
  const exists = await ctx.db.case.findUnique({ where: { id: caseId }, select: { id: true } });
  if (!exists) throw new NotFoundError('case', caseId);
  return toSummary(await ctx.db.case.update({ where: { id: caseId }, data: { disease }, select: caseSummarySelect }));
}

/** Delete the case, its rows (cascade) and its files. */
export async function deleteCase(ctx: ServiceContext, caseId: string): Promise<void> {
  const row = await ctx.db.case.findUnique({ where: { id: caseId }, select: { id: true, _count: { select: { series: true } } } });
  if (!row) throw new NotFoundError('case', caseId);
  await ctx.db.case.delete({ where: { id: caseId }, select: { id: true } });
  await rm(ctx.dataDir.caseDir(caseId), { recursive: true, force: true });
  await recordAudit(ctx, 'delete', caseId, { seriesDeleted: row._count.series });
}

/** The case's de-identification parameters (server-side only; never returned by a router). */
export async function caseDeidParams(ctx: ServiceContext, caseId: string): Promise<{ salt: string; dateShiftDays: number }> {
  const row = await ctx.db.case.findUnique({ where: { id: caseId }, select: { deidSalt: true, dateShiftDays: true } });
  if (!row) throw new NotFoundError('case', caseId);
  return { salt: row.deidSalt, dateShiftDays: row.dateShiftDays };
}

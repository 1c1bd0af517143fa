/**
 * The audit trail: uploads, plan runs, exports and deletes. `details` is JSON built by our code from
 * counts, hashes and pseudonymous ids only — never patient identifiers, file names or paths.
 */
import 'server-only';
import { auditDetailsColumn } from '../db/column-schemas.ts';
import { readJsonColumn } from '../db/json-column.ts';
import type { ServiceContext } from './context.ts';

export type AuditKind = 'upload' | 'plan-run' | 'export' | 'delete';

export type AuditDetails = Record<string, string | number | boolean | null | string[] | number[]>;

export interface AuditEventView {
  id: number;
  kind: AuditKind;
  caseId: string | null;
  at: string;
  details: AuditDetails;
}

export async function recordAudit(ctx: Pick<ServiceContext, 'db'>, kind: AuditKind, caseId: string | null, details: AuditDetails): Promise<void> {
  await ctx.db.auditEvent.create({ data: { kind, caseId, details: JSON.stringify(details) }, select: { id: true } });
}

export async function listAudit(ctx: Pick<ServiceContext, 'db'>, caseId?: string): Promise<AuditEventView[]> {
  const rows = await ctx.db.auditEvent.findMany({
    where: caseId === undefined ? {} : { caseId },
    orderBy: { id: 'asc' },
    select: { id: true, kind: true, caseId: true, at: true, details: true },
  });
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as AuditKind,
    caseId: r.caseId,
    at: r.at.toISOString(),
    details: readJsonColumn(auditDetailsColumn, r.details, 'AuditEvent.details'),
  }));
}

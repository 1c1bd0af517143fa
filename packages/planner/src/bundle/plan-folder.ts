/**
 * Reading a written plan folder (`mewm plan --out`, the web app's plan jobs): its report.json, parsed
 * with the PlanReport schema, and the files it lists, each checked against its sha256 before use. Used
 * by `mewm export-dicom` and by the PDF re-rendered with a reader's measurements.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { planReportSchema, type PlanReport } from '@mewm/contracts';
import { PlannerInputError } from '../errors.ts';

export interface PlanFolder {
  /** Absolute path of the folder. */
  readonly dir: string;
  readonly report: PlanReport;
  /** report.json as stored (its hash names the export's UIDs). */
  readonly reportBytes: Uint8Array;
  /** A file of the folder; one report.json lists must match its sha256. */
  readonly file: (rel: string) => Promise<Uint8Array>;
}

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Open a plan folder. `name` is how errors name it (the CLI argument or "planDir").
 * @throws PlannerInputError when there is no readable report.json, it is not a PlanReport, or a listed file is missing or changed
 */
export async function openPlanFolder(planDir: string, name = 'planDir'): Promise<PlanFolder> {
  const dir = resolve(planDir);
  const reportBytes = await readFile(join(dir, 'report.json')).catch(() => {
    throw new PlannerInputError(name, 'is not a plan folder (no readable report.json; `mewm plan --out` writes one)');
  });
  const report = parseReport(reportBytes, name);
  return {
    dir, report, reportBytes,
    file: async (rel) => {
      const entry = report.files.find((f) => f.path === rel);
      const bytes = await readFile(join(dir, rel)).catch(() => {
        throw new PlannerInputError(name, `lacks ${rel}, which report.json lists`);
      });
      if (entry && sha256Hex(bytes) !== entry.sha256) throw new PlannerInputError(name, `${rel} does not match its sha256 in report.json (changed after the plan was written)`);
      return bytes;
    },
  };
}

function parseReport(bytes: Uint8Array, name: string): PlanReport {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new PlannerInputError(name, 'report.json does not parse as JSON');
  }
  const parsed = planReportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new PlannerInputError(name, `report.json is not a plan report this version reads (${issue.path.join('.') || 'top level'}: ${issue.message})`);
  }
  return parsed.data;
}

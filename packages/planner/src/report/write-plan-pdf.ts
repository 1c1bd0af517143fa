/**
 * The plan report as a PDF for a tumour board (pdfkit: standard fonts, vector graphics, PNG images;
 * no network, no font files). Page 1: case, lesions, covariates, settings; then the ranked table
 * with survival curves of the top 3; per candidate half a page of key slices; the target-lesion table
 * (RECIST 1.1 / mRECIST, per candidate, sample and lesion); the anatomy (margins, vessels, liver remnant,
 * feasibility); how the candidates
 * were chosen; model cards; timings. Every page carries "research use only, not for clinical use"
 * and "page i of n" in its footer. Written atomically (temporary file, fsync, rename).
 */
import PDFDocument from 'pdfkit';
import { writeFileAtomic } from '@mewm/dicom';
import type { KeySliceImages } from '../plan/contracts.ts';
import { drawAnatomy } from './pdf-anatomy.ts';
import { drawKeySlicePages } from './pdf-key-slices.ts';
import { drawModelCards, drawSearchSummary, drawTimings } from './pdf-appendix.ts';
import { drawMeasurements } from './pdf-measurements.ts';
import { FOOTER_LABEL, PAGE, drawFooters, type Doc } from './pdf-layout.ts';
import { drawRanking } from './pdf-ranking.ts';
import { pdfSafeText } from './pdf-text.ts';
import { drawTargetLesions } from './pdf-target-lesions.ts';
import { drawTitlePage } from './pdf-title-page.ts';
import { planReportSchema, type Measurement, type PlanReport } from '@mewm/contracts';
import { ReportInputError, ReportWriteError } from './report-errors.ts';

export interface PlanPdfOptions {
  /** Deflate page content streams (default true); false keeps them readable for tests. */
  compress?: boolean;
  /** A reader's measurements on this plan's CT and samples (the web app's export): a section after the key slices. */
  measurements?: readonly Measurement[];
}

/**
 * Render the PDF in memory.
 * @throws ReportInputError when the report does not match the PlanReport schema
 * @throws ReportWriteError when PDF generation fails (e.g. a corrupt PNG)
 */
export async function renderPlanPdf(report: PlanReport, images: ReadonlyMap<string, KeySliceImages>, opts: PlanPdfOptions = {}): Promise<Uint8Array> {
  const checked = planReportSchema.safeParse(report);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new ReportInputError(`writePlanPdf: the report does not match the PlanReport schema at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const r = checked.data;
  const created = new Date(r.createdAt);
  const doc: Doc = new PDFDocument({
    size: PAGE.size,
    margins: { top: 45, bottom: PAGE.margin + 5, left: PAGE.margin, right: PAGE.margin },
    bufferPages: true,
    compress: opts.compress ?? true,
    info: {
      Title: pdfSafeText(`MeWM plan report, case ${r.case.pseudonym}`),
      Subject: FOOTER_LABEL,
      Keywords: 'MeWM; treatment planning; research use only',
      Creator: `${r.software.name} ${r.software.version}`,
      Producer: 'pdfkit',
      CreationDate: created,
      ModDate: created,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve());
    doc.on('error', (e: Error) => reject(e));
  });
  try {
    drawTitlePage(doc, r);
    drawRanking(doc, r);
    drawKeySlicePages(doc, r, images);
    drawTargetLesions(doc, r);
    drawAnatomy(doc, r);
    drawMeasurements(doc, r, opts.measurements ?? []);
    drawSearchSummary(doc, r);
    drawModelCards(doc, r);
    drawTimings(doc, r);
    drawFooters(doc, r.case.pseudonym);
    doc.end();
    await done;
  } catch (e) {
    if (e instanceof ReportInputError) throw e;
    throw new ReportWriteError(`writePlanPdf: could not generate the PDF: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  const out = Buffer.concat(chunks);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/**
 * Write the plan PDF to `outPath` atomically (readers see the old file or the complete new one).
 * @param images key slices per candidate name (renderKeySlices); a candidate without images gets a note
 */
export async function writePlanPdf(report: PlanReport, images: ReadonlyMap<string, KeySliceImages>, outPath: string, opts: PlanPdfOptions = {}): Promise<void> {
  const bytes = await renderPlanPdf(report, images, opts);
  try {
    await writeFileAtomic(outPath, bytes);
  } catch (e) {
    throw new ReportWriteError(`writePlanPdf: could not write the PDF: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

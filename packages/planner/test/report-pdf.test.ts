/**
 * writePlanPdf: a synthetic, schema-valid report with real key slices (CRLM-CT-1006) becomes a PDF
 * whose structure parses (page count), whose every page carries the research-use label and its page
 * number (pdftotext, Debian poppler-utils), with the sections a tumour board needs; atomic write;
 * bad input.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestCt, segmentLesion, type Volume } from '@mewm/dicom';
import { renderPlanPdf, renderKeySlices, ReportInputError, ReportWriteError, writePlanPdf, type KeySliceImages } from '../src/index.ts';
import { sharedData } from '../../../test/support/shared-data.ts';
import { hasTool } from '../../../test/support/external-tool.ts';
import { CANDIDATE_NAMES, syntheticReport, TIED_NAME } from './report-pdf-fixture.ts';

const work = mkdtempSync(join(tmpdir(), 'mewm-report-pdf-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** pdftotext (poppler-utils) is installed by .ci/run; locally without it the text checks are skipped with a note, under CI it is a failure. */
const havePdftotext = hasTool('pdftotext');

/** Page count from the PDF structure: the /Count of the page tree root and the number of /Type /Page objects. */
function pageCount(pdf: Buffer): { count: number; pageObjects: number } {
  const s = pdf.toString('latin1');
  const pageObjects = (s.match(/\/Type \/Page\b(?!s)/g) ?? []).length;
  const m = /\/Type \/Pages[\s\S]*?\/Count (\d+)/.exec(s);
  return { count: m ? Number(m[1]) : -1, pageObjects };
}

function pagesText(path: string): string[] {
  return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }).split('\f').slice(0, -1);
}

let images: Map<string, KeySliceImages>;

beforeAll(async () => {
  const ct: Volume = (await ingestCt([sharedData('crlm-ct', 'CRLM-CT-1006')])).volume;
  const mask = segmentLesion(ct, [92.8, -31.6, -304]).mask;
  images = new Map();
  // A different stand-in follow-up per candidate: the lesion made darker by a candidate-specific amount.
  CANDIDATE_NAMES.slice(0, 4).forEach((name, c) => {
    const data = Float32Array.from(ct.data);
    for (let v = 0; v < data.length; v++) if (mask.data[v]) data[v] = 10 + 25 * c;
    images.set(name, renderKeySlices(ct, { ...ct, data }, mask));
  });
});

describe('writePlanPdf', () => {
  it('writes a PDF whose page tree parses, with the expected number of pages', async () => {
    const out = join(work, 'report.pdf');
    await writePlanPdf(syntheticReport(), images, out, { compress: false });
    const pdf = readFileSync(out);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toMatch(/%%EOF/);
    const { count, pageObjects } = pageCount(pdf);
    // Title, ranking + curves, one page per candidate (5), search + models + timings (1–2).
    expect(count).toBe(pageObjects);
    expect(count).toBeGreaterThanOrEqual(8);
    expect(count).toBeLessThanOrEqual(9);
    // Atomic write: no temporary file left beside it.
    expect(readdirSync(work).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // The images are embedded: 4 per candidate with images.
    expect((pdf.toString('latin1').match(/\/Subtype \/Image/g) ?? []).length).toBeGreaterThanOrEqual(16);
  });

  it.skipIf(!havePdftotext)('every page says "research use only, not for clinical use" and "page i of n"; the sections are there', async () => {
    const out = join(work, 'report-text.pdf');
    await writePlanPdf(syntheticReport(), images, out);
    const pages = pagesText(out);
    expect(pages.length).toBe(pageCount(readFileSync(out)).count);
    pages.forEach((t, i) => {
      expect(t).toContain('research use only, not for clinical use');
      expect(t).toContain(`page ${i + 1} of ${pages.length}`);
    });
    const all = pages.join('\n');
    for (const s of ['CASE-TEST-0001', 'Plan for hepatocellular carcinoma (HCC)', 'BCLC B', 'vascularInvasion *', 'imputed', 'Ranked candidates', 'tace:doxorubicin+lipiodol',
      'Predicted survival of the top 3', 'months after treatment', 'Axial, pre-treatment', 'Coronal, simulated follow-up',
      'Key slices not available', 'How the candidates were chosen', 'Models used', 'NON-LEARNED BASELINE', 'Lencioni', 'Timings', '56.6 s']) {
      expect(all).toContain(s);
    }
    // The ranked table shows RMST with its interval and P(best) in rank order.
    expect(all.indexOf('tace:doxorubicin+lipiodol')).toBeLessThan(all.indexOf('mwa:5mm'));
  });
});

describe('writePlanPdf: bad input', () => {
  it('refuses a report that does not match the schema, naming the field, and writes nothing', async () => {
    const bad = { ...syntheticReport(), researchUse: 'clinical' } as unknown as ReturnType<typeof syntheticReport>;
    const out = join(work, 'bad.pdf');
    await expect(writePlanPdf(bad, images, out)).rejects.toThrow(ReportInputError);
    await expect(writePlanPdf(bad, images, out)).rejects.toThrow(/researchUse/);
    expect(existsSync(out)).toBe(false);
  });

  it('a corrupt key-slice image is a ReportWriteError, not a crash or a partial file', async () => {
    const broken = new Map(images);
    broken.set(CANDIDATE_NAMES[0]!, { ...images.get(CANDIDATE_NAMES[0]!)!, axialPre: new Uint8Array([1, 2, 3]) });
    const out = join(work, 'broken.pdf');
    await expect(writePlanPdf(syntheticReport(), broken, out)).rejects.toThrow(/PNG|PDF/);
    expect(existsSync(out)).toBe(false);
  });

  it('an unwritable path is a ReportWriteError', async () => {
    const blocker = join(work, 'report.pdf');
    await expect(writePlanPdf(syntheticReport(), images, join(blocker, 'inside.pdf'))).rejects.toThrow(ReportWriteError);
  });

  it('renders in memory too (for the web app)', async () => {
    const bytes = await renderPlanPdf(syntheticReport(), new Map());
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
  });
});

describe('writePlanPdf: intervals and ties', () => {
  /** The uncompressed content streams of the PDF (PDFKit writes the drawing operators as text). */
  const drawing = async (report: ReturnType<typeof syntheticReport>) => Buffer.from(await renderPlanPdf(report, new Map(), { compress: false })).toString('latin1');

  it('draws each survival curve with its own dash pattern and marker, the first widest underneath, so tied curves stay visible', async () => {
    const ops = await drawing(syntheticReport({ tie: true }));
    // top 3 curves: solid (width 2.8), [7 3] (2.0), [2 2] (1.2); the legend repeats the dashes
    for (const dash of ['[7 3] 0 d', '[2 2] 0 d']) expect(ops, dash).toContain(dash);
    for (const w of ['2.8 w', '2 w', '1.2 w']) expect(ops, w).toContain(w);
  });

  it.skipIf(!havePdftotext)('says what the intervals are, marks the tie group "not distinguishable by these models" and notes the overlapping curves', async () => {
    const out = join(work, 'report-tie.pdf');
    await writePlanPdf(syntheticReport({ tie: true }), new Map(), out);
    const all = pagesText(out).join('\n').replace(/\s+/g, ' ');
    expect(all).toContain('range of 4 samples');
    expect(all).toContain('tie group 1: not distinguishable by these models');
    expect(all).toContain(`Tie group 1, not distinguishable by these models: #1 ${CANDIDATE_NAMES[0]}, #2 ${TIED_NAME}`);
    expect(all).toContain(`curves overlap: #1 ${CANDIDATE_NAMES[0]} = #2 ${TIED_NAME}`);
    // without a tie: no tie text, no overlap note
    const plain = join(work, 'report-plain.pdf');
    await writePlanPdf(syntheticReport(), new Map(), plain);
    const text = pagesText(plain).join('\n');
    expect(text).not.toContain('not distinguishable');
    expect(text).not.toContain('curves overlap');
  });
});

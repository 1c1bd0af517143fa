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
import { targetLesionCells, targetLesionRows, type TargetLesionRow } from '@mewm/contracts';
import { renderPlanPdf, renderKeySlices, ReportInputError, ReportWriteError, writePlanPdf, type KeySliceImages } from '../src/index.ts';
import { MAX_PDF_TARGET_ROWS, PDF_TARGET_COLUMNS, selectTargetLesionRows } from '../src/report/pdf-target-lesions.ts';
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
    // Title, ranking + curves, one page per candidate (5), target lesions (1), search + models + timings (1–2).
    expect(count).toBe(pageObjects);
    expect(count).toBeGreaterThanOrEqual(9);
    expect(count).toBeLessThanOrEqual(10);
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

describe('writePlanPdf: the target-lesion table (RECIST 1.1 / mRECIST)', () => {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  /** The line index of each row's cells (non-empty, in PDF column order) in the pdftotext -layout text, in order; -1 where missing. */
  const rowLines = (lines: string[], rows: TargetLesionRow[]) => {
    let from = 0;
    return rows.map((row) => {
      const re = new RegExp(`^\\s*${targetLesionCells(row, PDF_TARGET_COLUMNS).filter((c) => c !== '').map(escape).join('\\s+')}\\s*$`);
      const at = lines.findIndex((l, i) => i >= from && re.test(l));
      if (at >= 0) from = at + 1;
      return at;
    });
  };
  const pdfLines = async (report: ReturnType<typeof syntheticReport>, name: string) => {
    const out = join(work, name);
    await writePlanPdf(report, new Map(), out);
    return pagesText(out).join('\n').split('\n');
  };

  it.skipIf(!havePdftotext)('shows every row with the display helper\'s strings, in order, per candidate, with the rules cited and the research-use label', async () => {
    const report = syntheticReport();
    const lines = await pdfLines(report, 'report-target-lesions.pdf');
    const text = lines.join('\n').replace(/\s+/g, ' ');
    for (const s of ['Target lesions (RECIST 1.1 / mRECIST)', 'Eisenhauer EA et al., Eur J Cancer 2009;45:228-47', 'Lencioni R, Llovet JM, Semin Liver Dis 2010;30:52-60',
      'research use only, not for clinical use: measurements on simulated follow-up CTs']) expect(text).toContain(s);
    const rows = targetLesionRows(report);
    expect(rows).toHaveLength(5 * 4 * 2); // 5 candidates × 4 samples × (1 lesion + the sum row)
    const at = rowLines(lines, rows);
    expect(at.filter((i) => i < 0), 'rows not found in the PDF text').toEqual([]);
    // each candidate's table comes under its own heading "#rank name"
    for (const c of report.candidates) {
      const head = lines.findIndex((l) => l.trim() === `#${c.rank} ${c.name}`);
      expect(head, c.name).toBeGreaterThanOrEqual(0);
      const own = rows.flatMap((r, k) => (r.candidateName === c.name ? [at[k]!] : []));
      expect(Math.min(...own)).toBeGreaterThan(head);
    }
    expect(text).not.toContain('Left out to keep the table readable');
  });

  it.skipIf(!havePdftotext)('a long table keeps the first samples of each candidate and says what it left out', async () => {
    const base = syntheticReport();
    const report = {
      ...base, settings: { ...base.settings, samples: 32 },
      candidates: base.candidates.map((c) => ({ ...c, samples: Array.from({ length: 32 }, (_, k) => ({ ...c.samples[k % 4]!, index: k, seed: 7 + k })) })),
    };
    const sel = selectTargetLesionRows(report);
    expect(sel).toMatchObject({ samplesShown: 12, samples: 32, lesionsShown: 1, lesions: 1 });
    expect(sel.rows).toHaveLength(MAX_PDF_TARGET_ROWS);
    const lines = await pdfLines(report, 'report-target-lesions-long.pdf');
    expect(lines.join(' ').replace(/\s+/g, ' ')).toContain('Left out to keep the table readable: samples 13-32 of each candidate. Every row is in report.json and on the web app\'s results page.');
    expect(rowLines(lines, sel.rows).filter((i) => i < 0)).toEqual([]);
  });

  it('many lesions: all targets and then the largest lesions, up to the limit per sample', () => {
    const base = syntheticReport();
    const lesion = base.candidates[0]!.samples[0]!.measured!.lesions![0]!;
    const lesions = Array.from({ length: 14 }, (_, k) => ({ ...lesion, lesion: k + 1, target: k === 0 || k === 12 }));
    const report = {
      ...base, lesions: lesions.map((l) => ({ ...base.lesions[0]!, label: l.lesion })),
      candidates: base.candidates.map((c) => ({ ...c, samples: c.samples.map((s) => ({ ...s, measured: { ...s.measured!, lesions } })) })),
    };
    const sel = selectTargetLesionRows(report, 1000, 4);
    expect(sel).toMatchObject({ lesionsShown: 4, lesions: 14, samplesShown: 4 });
    expect(sel.rows.slice(0, 5).map((r) => r.lesion)).toEqual([1, 2, 3, 13, null]);
  });

  it.skipIf(!havePdftotext)('a report written before the table says it has none', async () => {
    const base = syntheticReport();
    const old = { ...base, candidates: base.candidates.map((c) => ({ ...c, samples: c.samples.map(({ measured: _m, ...s }) => s) })) };
    const text = (await pdfLines(old, 'report-target-lesions-old.pdf')).join(' ').replace(/\s+/g, ' ');
    expect(text).toContain('Target lesions (RECIST 1.1 / mRECIST) Not in this report: it was written before per-lesion measurements were recorded.');
  });
});

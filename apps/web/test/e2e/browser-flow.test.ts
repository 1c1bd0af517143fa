/**
 * Browser end-to-end test of the web app (issue 7, item 10), on the production build with Debian's
 * Chromium driven by playwright-core: create a case, upload the real CRLM-CT-1006 DICOM series as a
 * zip, wait for the viewer to render, reopen the page (the same CT again, downloaded once), go to the
 * liver metastasis and segment it with a real click on the canvas, and check what a clinician reads
 * (lesion mL equals the API's) and what they see (the canvas is not blank, the red overlay is drawn,
 * "research use only" is shown); then the clinical data form; then a small plan (2 candidates ×
 * 1 sample): ranks shown = the API's, the PDF downloads, and the compare grid renders, starting at the
 * lesion centre, and its difference view (simulated − pre-treatment CT) renders. Screenshots of each
 * screen go to out/e2e/ (git-ignored); a failed step also saves one and prints what the page showed
 * and the server's output.
 *
 * Skips with a message when /usr/bin/chromium (MEWM_CHROMIUM) is missing, except in CI (CI=true), where it fails.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  TARGET_LESION_COLUMNS, covariateRows, formatMeasurementValues, formatVolumeMl, sampleNumber as targetSampleNumber, targetLesionCells, targetLesionRows,
  type MeasurementValues, type PlanReport,
} from '@mewm/contracts';
import { applyAffine, invertAffine, readNifti } from '@mewm/dicom';
import { repoRoot, sharedData } from '../../../../test/support/shared-data.ts';
import { countPixels, launchBrowser, requireChromium } from './support/browser.ts';
import { hasTool } from '../../../../test/support/external-tool.ts';
import { startServer, type RunningServer } from './support/server.ts';

const METASTASIS_RAS: [number, number, number] = [92.8, -31.6, -304];
const SHOTS = join(repoRoot, 'out', 'e2e');
const haveChromium = requireChromium();
const havePdftotext = hasTool('pdftotext');

describe.skipIf(!haveChromium)('browser end-to-end: upload, view, click-to-segment, clinical data (CRLM-CT-1006)', () => {
  let server: RunningServer;
  let browser: { context: BrowserContext; close: () => Promise<void> };
  let page: Page;
  let caseId = '';
  const consoleErrors: string[] = [];
  /** The browser console's error lines: printed when a step fails (e.g. a failed request, a hydration error). */
  const consoleLog: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startServer({ timeoutMs: 400_000 });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    // generous default waits: CI shares 2 cores between this browser, the server and other test files
    page.setDefaultTimeout(60_000);
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    page.on('crash', () => consoleErrors.push('the page crashed (renderer process)'));
    page.on('console', (m) => { if (m.type() === 'error') consoleLog.push(m.text().slice(0, 500)); });
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 60_000);

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, name), fullPage: true });

  // A failed step says what the user saw (error messages on the page, a screenshot) and what the server
  // printed (it logs error class names only, never identifiers), so a CI failure explains itself.
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail' || !page) return;
    const name = `failed-${ctx.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}.png`;
    await shot(name).catch(() => undefined);
    const errors = await page.locator('.error:visible').allTextContents().catch(() => [] as string[]);
    console.error(`[e2e] "${ctx.task.name}" failed at ${page.url()}; errors shown: ${JSON.stringify(errors)}; `
      + `page errors: ${JSON.stringify(consoleErrors)}; console errors: ${JSON.stringify(consoleLog.slice(-20))}; screenshot out/e2e/${name}\nserver output ends:\n${server?.log() ?? '(no server)'}`);
  });

  /** The case the first step created; the later steps need it. */
  function theCase(): string {
    if (!caseId) throw new Error('no case: the first step (create a case) failed');
    return caseId;
  }

  async function apiQuery<T>(path: string, input: unknown): Promise<T> {
    const res = await fetch(`${server.url}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`);
    const body = (await res.json()) as { result?: { data: T }; error?: unknown };
    if (!body.result) throw new Error(`API ${path} failed: ${JSON.stringify(body.error)}`);
    return body.result.data;
  }

  it('shows the cases page with the research-use label, and creates a case', async () => {
    await page.goto(server.url);
    await expect.poll(() => page.getByTestId('research-use').first().isVisible()).toBe(true);
    expect(await page.getByTestId('research-use').first().textContent()).toMatch(/research use only, not for clinical use/i);
    // a fresh database: the list loads and says so (this needs the page hydrated and cases.list answering)
    await page.getByText('No cases yet').waitFor();
    await page.getByTestId('create-case').click(); // waits until enabled: it stays disabled until hydration
    const link = page.locator('table.cases a').first();
    await link.waitFor();
    await shot('01-cases.png');
    await link.click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    caseId = page.url().split('/').at(-1)!;
    await page.getByTestId('upload-area').waitFor();
  }, 180_000);

  it('uploads the DICOM folder as a zip and renders it in the viewer (canvas not blank)', async () => {
    theCase();
    const dir = sharedData('crlm-ct', 'CRLM-CT-1006');
    const entries: Record<string, Uint8Array> = {};
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.dcm'))) entries[`CRLM-CT-1006/${name}`] = new Uint8Array(readFileSync(join(dir, name)));
    const zip = zipSync(entries, { level: 0 });
    // record the server-side ingest progress the upload area shows (stage names only)
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { ingestStages: string[] }).ingestStages = seen;
      new MutationObserver(() => {
        const stage = document.querySelector('[data-testid="ingest-progress"]')?.getAttribute('data-stage');
        if (stage && seen.at(-1) !== stage) seen.push(stage);
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-stage'] });
    });
    await page.getByTestId('upload-files').setInputFiles({ name: 'CRLM-CT-1006.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
    const viewer = page.getByTestId('viewer');
    await page.locator('[data-testid="viewer"][data-render-state="ready"]').waitFor({ timeout: 180_000 });
    expect(await page.getByTestId('viewer-dims').textContent()).toBe('512×512×51');
    const stages = await page.evaluate(() => (window as unknown as { ingestStages: string[] }).ingestStages);
    expect(stages[0]).toBe('starting'); // shown as soon as the bytes are sent, then polled from the server
    expect(stages.filter((st) => !['starting', 'parse', 'assemble', 'store', 'done'].includes(st))).toEqual([]);
    await expect.poll(async () => {
      const px = await countPixels(page.getByTestId('viewer-canvas'));
      return px.nonBlack / px.total;
    }, { timeout: 30_000 }).toBeGreaterThan(0.1);
    // the 2D slices come first; the multiplanar layout's 3D render follows, in the grid's bottom-right tile
    await page.locator('[data-testid="viewer"][data-render3d-state="ready"]').waitFor({ timeout: 60_000 });
    await expect.poll(async () => {
      const px = await countPixels(page.getByTestId('viewer-canvas'), [0.5, 0.5, 1, 1]);
      return px.nonBlack / px.total;
    }, { timeout: 30_000 }).toBeGreaterThan(0.1);
    expect(await viewer.getAttribute('data-overlay-state')).toBe('none');
    expect(await page.getByTestId('research-use').first().isVisible()).toBe(true);
    await shot('02-viewer.png');
  }, 240_000);

  it('reopening the case page shows the same CT again, downloaded once', async () => {
    theCase();
    await page.reload();
    await page.locator('[data-testid="viewer"][data-render-state="ready"]').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('viewer-dims').textContent()).toBe('512×512×51');
    // the download that starts when the series is selected is the one the viewer uses (no second fetch)
    const downloads = await page.evaluate(() =>
      performance.getEntriesByType('resource').filter((e) => /\/api\/series\/[^/]+\/volume$/.test(new URL(e.name).pathname)).length);
    expect(downloads).toBe(1);
    await page.locator('[data-testid="viewer"][data-render3d-state="ready"]').waitFor({ timeout: 60_000 });
  }, 240_000);

  it('segments the metastasis with a real click at its position on the axial view; the mL shown equals the API\'s', async () => {
    theCase();
    const viewer = page.getByTestId('viewer');
    await page.getByLabel('Layout').selectOption('axial');
    await page.getByTestId('goto-ras').fill(METASTASIS_RAS.join(', '));
    await page.getByRole('button', { name: 'Go', exact: true }).click();
    // the crosshair is at the point (to within a voxel) and visible on the axial tile
    await expect.poll(async () => {
      const mm = (await viewer.getAttribute('data-crosshair-mm'))?.split(',').map(Number) ?? [];
      return mm.length === 3 && mm.every((v, i) => Math.abs(v - METASTASIS_RAS[i]!) < 1.5);
    }, { timeout: 20_000 }).toBe(true);
    await expect.poll(async () => (await viewer.getAttribute('data-crosshair-px')) ?? '', { timeout: 20_000 }).not.toBe('');
    // the HU probe reads the stored CT at the crosshair's voxel (the NIfTI the viewer loaded)
    const [series] = await apiQuery<Array<{ id: string }>>('uploads.listSeries', { caseId: theCase() });
    const nifti = readNifti(new Uint8Array(await (await fetch(`${server.url}/api/series/${series!.id}/volume`)).arrayBuffer())).volume;
    const crosshairMm = (await viewer.getAttribute('data-crosshair-mm'))!.split(',').map(Number) as [number, number, number];
    const ijk = applyAffine(invertAffine(nifti.affineRas), crosshairMm).map(Math.round) as [number, number, number];
    const expectedHu = nifti.data[ijk[0] + nifti.dims[0] * (ijk[1] + nifti.dims[1] * ijk[2])]!;
    await expect.poll(async () => Number(await page.getByTestId('hu-readout').getAttribute('data-hu')), { timeout: 10_000 }).toBe(expectedHu);
    expect(await page.getByTestId('hu-readout').textContent()).toBe(`${expectedHu} HU`);
    const [x, y] = (await viewer.getAttribute('data-crosshair-px'))!.split(',').map(Number) as [number, number];
    const box = (await page.getByTestId('viewer-canvas').boundingBox())!;
    expect(x).toBeGreaterThan(0);
    expect(x).toBeLessThan(box.width);
    expect(y).toBeGreaterThan(0);
    expect(y).toBeLessThan(box.height);

    await page.getByTestId('tool-segment').click();
    const redBefore = (await countPixels(page.getByTestId('viewer-canvas'))).red; // the red crosshair
    // where the canvas is now: an element screenshot scrolls the page when the canvas is not all in view
    const at = (await page.getByTestId('viewer-canvas').boundingBox())!;
    await page.mouse.click(at.x + x, at.y + y);
    await page.getByTestId('lesion-row').first().waitFor({ timeout: 120_000 });
    await page.locator('[data-testid="viewer"][data-overlay-state="shown"]').waitFor({ timeout: 60_000 });

    const api = await apiQuery<{ mask: { id: string; origin: string } | null; lesions: { volumeMl: number; longestAxialDiameterMm: number }[] }>('lesions.list', { caseId: theCase() });
    expect(api.mask?.origin).toBe('seeded');
    expect(api.lesions).toHaveLength(1);
    const shownMl = await page.getByTestId('lesion-volume-ml').first().textContent();
    expect(shownMl).toBe(formatVolumeMl(api.lesions[0]!.volumeMl)); // two significant figures, as in the PDF
    expect(api.lesions[0]!.volumeMl).toBeGreaterThan(7);
    expect(api.lesions[0]!.volumeMl).toBeLessThan(11);
    expect(await page.getByTestId('lesion-diameter-mm').first().textContent()).toBe(api.lesions[0]!.longestAxialDiameterMm.toFixed(1));
    expect(await viewer.getAttribute('data-overlay-mask')).toBe(api.mask!.id);
    // the mask is drawn: many more red pixels than the crosshair alone (a ~3 cm lesion at ~1 px/mm)
    await expect.poll(async () => (await countPixels(page.getByTestId('viewer-canvas'))).red - redBefore, { timeout: 30_000 }).toBeGreaterThan(300);
    await shot('03-lesion.png');
    await page.getByLabel('Layout').selectOption('multiplanar');
    await expect.poll(async () => {
      const px = await countPixels(page.getByTestId('viewer-canvas'));
      return px.nonBlack / px.total;
    }, { timeout: 30_000 }).toBeGreaterThan(0.1);
    await shot('04-lesion-multiplanar.png');
  }, 240_000);

  it('edits the mask with NiiVue\'s eraser and saves the drawing as the new mask (smaller, same place; mL shown equals the API\'s)', async () => {
    theCase();
    const viewer = page.getByTestId('viewer');
    type Lesions = { mask: { id: string; origin: string } | null; lesions: { volumeMl: number; centroidRas: number[] }[] };
    const before = await apiQuery<Lesions>('lesions.list', { caseId: theCase() });
    await page.getByLabel('Layout').selectOption('axial');
    await page.getByTestId('goto-ras').fill(before.lesions[0]!.centroidRas.map((v) => v.toFixed(1)).join(', '));
    await page.getByRole('button', { name: 'Go', exact: true }).click();
    await page.getByTestId('tool-erase').click();
    await page.locator('[data-testid="viewer"][data-drawing="erase"]').waitFor({ timeout: 30_000 });
    await expect.poll(async () => (await viewer.getAttribute('data-crosshair-px')) ?? '', { timeout: 20_000 }).not.toBe('');
    const [x, y] = (await viewer.getAttribute('data-crosshair-px'))!.split(',').map(Number) as [number, number];
    const box = (await page.getByTestId('viewer-canvas').boundingBox())!;
    // erase a band through the lesion's centre on this slice
    for (const dy of [-2, 0, 2]) {
      await page.mouse.move(box.x + x - 40, box.y + y + dy);
      await page.mouse.down();
      await page.mouse.move(box.x + x + 40, box.y + y + dy, { steps: 20 });
      await page.mouse.up();
    }
    await page.getByTestId('save-drawing').click();
    await expect.poll(async () => (await apiQuery<Lesions>('lesions.list', { caseId: theCase() })).mask?.origin, { timeout: 60_000 }).toBe('drawn');
    const after = await apiQuery<Lesions>('lesions.list', { caseId: theCase() });
    await page.locator(`[data-testid="viewer"][data-overlay-mask="${after.mask!.id}"][data-overlay-state="shown"][data-drawing="off"]`).waitFor({ timeout: 60_000 });
    const total = (l: Lesions) => l.lesions.reduce((s, v) => s + v.volumeMl, 0);
    expect(total(after)).toBeLessThan(total(before) - 0.05);
    expect(total(after)).toBeGreaterThan(total(before) * 0.6);
    // the saved drawing is on the CT grid in the same place (no flip or shift on the way back)
    const c0 = before.lesions[0]!.centroidRas, c1 = after.lesions[0]!.centroidRas;
    expect(Math.hypot(c1[0]! - c0[0]!, c1[1]! - c0[1]!, c1[2]! - c0[2]!)).toBeLessThan(5);
    expect(await page.getByTestId('lesion-volume-ml').first().textContent()).toBe(formatVolumeMl(after.lesions[0]!.volumeMl));
    await shot('05-edited-mask.png');
  }, 120_000);

  /** Move the crosshair to a RAS point with "Go to" on the axial layout; returns its CSS px on the canvas and the mm it reached. */
  async function crosshairAt(ras: [number, number, number]): Promise<{ px: [number, number]; mm: [number, number, number] }> {
    const viewer = page.getByTestId('viewer');
    await page.getByTestId('goto-ras').fill(ras.map((v) => v.toFixed(2)).join(', '));
    await page.getByRole('button', { name: 'Go', exact: true }).click();
    await expect.poll(async () => {
      const mm = (await viewer.getAttribute('data-crosshair-mm'))?.split(',').map(Number) ?? [];
      return mm.length === 3 && mm.every((v, i) => Math.abs(v - ras[i]!) < 0.01);
    }, { timeout: 20_000 }).toBe(true);
    const px = (await viewer.getAttribute('data-crosshair-px'))!.split(',').map(Number) as [number, number];
    const mm = (await viewer.getAttribute('data-crosshair-mm'))!.split(',').map(Number) as [number, number, number];
    return { px, mm };
  }

  it('measures a length, an ROI and a bidimensional on the axial view: lengths are the known distances within a voxel, the ROI the NIfTI\'s voxels; listed, drawn, kept after a reload', async () => {
    theCase();
    const viewer = page.getByTestId('viewer');
    await page.getByTestId('tool-navigate').click();
    await page.getByLabel('Layout').selectOption('axial');
    const [series] = await apiQuery<Array<{ id: string }>>('uploads.listSeries', { caseId: theCase() });
    const nifti = readNifti(new Uint8Array(await (await fetch(`${server.url}/api/series/${series!.id}/volume`)).arrayBuffer())).volume;
    const inPlaneMm = Math.max(nifti.spacingMm[0], nifti.spacingMm[1]);
    const [r, a, sup] = METASTASIS_RAS;
    const p1 = await crosshairAt([r - 20, a - 5, sup]);
    const p2 = await crosshairAt([r + 18, a + 12, sup]);
    const known = Math.hypot(p2.mm[0] - p1.mm[0], p2.mm[1] - p1.mm[1], p2.mm[2] - p1.mm[2]);
    const drag = async (from: [number, number], to: [number, number]) => {
      // read where the canvas is at each drag: a screenshot or a click may have scrolled the page
      const box = (await page.getByTestId('viewer-canvas').boundingBox())!;
      await page.mouse.move(box.x + from[0], box.y + from[1]);
      await page.mouse.down();
      await page.mouse.move(box.x + to[0], box.y + to[1], { steps: 12 });
      await page.mouse.up();
    };
    type Listed = Array<{ label: string; target: { kind: string }; geometry: { kind: string; plane: string; points?: number[][]; centre?: number[]; edge?: number[] }; values: Record<string, number | string | null> }>;
    const amberBefore = (await countPixels(page.getByTestId('viewer-canvas'))).amber;
    await page.getByTestId('tool-length').click();
    await page.locator('[data-testid="viewer"][data-measure-state="ready"]').waitFor({ timeout: 10_000 });
    await drag(p1.px, p2.px);
    await expect.poll(async () => (await apiQuery<Listed>('measurements.list', { caseId: theCase() })).length, { timeout: 30_000 }).toBe(1);
    const [length] = await apiQuery<Listed>('measurements.list', { caseId: theCase() });
    expect(length!.label).toBe('L1');
    expect(length!.geometry.plane).toBe('axial');
    expect(Math.abs((length!.values.lengthMm as number) - known), `measured ${length!.values.lengthMm} mm, known ${known.toFixed(2)} mm`).toBeLessThan(inPlaneMm);
    // the line lies on the slice shown (the crosshair's S), and the list shows the server's value as the PDF prints it
    for (const pt of length!.geometry.points!) expect(Math.abs(pt[2]! - p1.mm[2])).toBeLessThan(0.01);
    await expect.poll(() => page.locator('[data-testid="measurement-row"][data-label="L1"] [data-testid="measurement-values"]').textContent(), { timeout: 10_000 })
      .toBe(formatMeasurementValues(length!.values as unknown as MeasurementValues));
    await expect.poll(() => viewer.getAttribute('data-measurements')).toBe('1');
    // NiiVue draws the line and its length (amber, apart from the red lesion) on the slice
    await expect.poll(async () => (await countPixels(page.getByTestId('viewer-canvas'))).amber - amberBefore, { timeout: 10_000 }).toBeGreaterThan(20);

    // ROI: a sphere from the lesion centre, 10 mm radius; its statistics equal the NIfTI's voxels in that sphere
    const c = await crosshairAt(METASTASIS_RAS);
    const edge = await crosshairAt([r + 10, a, sup]);
    await page.getByTestId('tool-roi').click();
    await drag(c.px, edge.px);
    await expect.poll(async () => (await apiQuery<Listed>('measurements.list', { caseId: theCase() })).length, { timeout: 30_000 }).toBe(2);
    const roi = (await apiQuery<Listed>('measurements.list', { caseId: theCase() }))[1]!;
    expect(roi.label).toBe('R1');
    const centre = roi.geometry.centre!;
    const radius = Math.hypot(...[0, 1, 2].map((k) => roi.geometry.edge![k]! - centre[k]!));
    expect(Math.abs(radius - 10)).toBeLessThan(inPlaneMm);
    const [nx, ny, nz] = nifti.dims;
    let n = 0;
    let sum = 0;
    for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
      const q = applyAffine(nifti.affineRas, [i, j, k]);
      if (Math.hypot(q[0] - centre[0]!, q[1] - centre[1]!, q[2] - centre[2]!) <= radius) { n++; sum += nifti.data[i + nx * (j + ny * k)]!; }
    }
    expect(roi.values.voxels).toBe(n);
    expect(roi.values.meanHu as number).toBeCloseTo(sum / n, 3);
    await expect.poll(() => page.locator('[data-testid="measurement-row"][data-label="R1"] [data-testid="measurement-values"]').textContent(), { timeout: 10_000 })
      .toBe(formatMeasurementValues(roi.values as unknown as MeasurementValues));
    // bidimensional: the long axis, then the short axis across it (perpendicular), each the known distance within a voxel
    const l1 = await crosshairAt([r - 12, a + 3, sup]);
    const l2 = await crosshairAt([r + 12, a + 3, sup]);
    const s1 = await crosshairAt([r, a - 5, sup]);
    const s2 = await crosshairAt([r, a + 11, sup]);
    await page.getByTestId('tool-bidimensional').click();
    await drag(l1.px, l2.px);
    await expect.poll(() => viewer.getAttribute('data-measure-state'), { timeout: 10_000 }).toBe('short-axis');
    expect(await page.getByTestId('measure-hint').textContent()).toMatch(/short axis/);
    await drag(s1.px, s2.px);
    await expect.poll(async () => (await apiQuery<Listed>('measurements.list', { caseId: theCase() })).length, { timeout: 30_000 }).toBe(3);
    const bi = (await apiQuery<Listed>('measurements.list', { caseId: theCase() }))[2]!;
    expect(bi.label).toBe('B1');
    expect(Math.abs((bi.values.longMm as number) - 24)).toBeLessThan(inPlaneMm);
    expect(Math.abs((bi.values.shortMm as number) - 16)).toBeLessThan(inPlaneMm);
    expect(Math.abs((bi.values.angleDeg as number) - 90)).toBeLessThan(5);
    await expect.poll(() => page.locator('[data-testid="measurement-row"][data-label="B1"] [data-testid="measurement-values"]').textContent(), { timeout: 10_000 })
      .toBe(formatMeasurementValues(bi.values as unknown as MeasurementValues));
    await page.getByTestId('tool-bidimensional').click(); // off again: a click moves the crosshair
    await shot('05b-measurements.png');

    // kept with the case: a reload shows both again on this series
    await page.reload();
    await page.locator('[data-testid="viewer"][data-render-state="ready"]').waitFor({ timeout: 120_000 });
    await expect.poll(() => page.getByTestId('viewer').getAttribute('data-measurements'), { timeout: 30_000 }).toBe('3');
    expect(await page.getByTestId('measurement-row').count()).toBe(3);
  }, 240_000);

  it('stores the clinical data entered in the form (unknowns allowed) and refuses a unit mistake', async () => {
    theCase();
    // The disease the case is planned for: CRLM-CT-1006 is a colorectal liver metastasis (required to plan).
    const disease = page.getByTestId('case-disease');
    await disease.scrollIntoViewIfNeeded();
    expect(await disease.inputValue()).toBe('');
    await disease.selectOption('crlm');
    await expect.poll(async () => (await apiQuery<{ disease: string | null }>('cases.get', { caseId: theCase() })).disease).toBe('crlm');
    const form = page.getByTestId('clinical-form');
    await form.scrollIntoViewIfNeeded();
    await form.locator('input[name="albuminGPerL"]').fill('3.5');
    expect(await form.getByRole('button', { name: 'Save clinical data' }).isDisabled()).toBe(true);
    // said in words, with the unit and the likely mix-up (not zod's "Too small: expected number to be >=5")
    expect(await form.getByTestId('clinical-error-albuminGPerL').textContent()).toBe('Albumin must be at least 5 g/L (it looks like g/dL: 3.5 g/dL is 35 g/L)');
    await form.locator('input[name="albuminGPerL"]').fill('45');
    await form.locator('input[name="ageYears"]').fill('67');
    await form.locator('input[name="bilirubinUmolPerL"]').fill('14');
    await form.locator('select[name="childPughClass"]').selectOption('A');
    await form.locator('select[name="ecog"]').selectOption('1');
    await form.getByRole('button', { name: 'Save clinical data' }).click();
    await expect.poll(() => page.getByTestId('clinical-message').textContent()).toBe('Saved.');
    const api = await apiQuery<{ covariates: Record<string, unknown> }>('clinical.get', { caseId: theCase() });
    expect(api.covariates).toMatchObject({ ageYears: 67, albuminGPerL: 45, bilirubinUmolPerL: 14, albiGrade: 1, childPughClass: 'A', ecog: 1, bclcStage: null });
    expect(await form.locator('select[name="albiGrade"]').inputValue()).toBe('1');
    await shot('06-clinical.png');

    // a research note: kept with the case; a date in it is refused, saying why
    const note = page.getByTestId('case-note');
    await note.fill('Segment 7 metastasis, 3 months after FOLFOX; seen 03.04.2021');
    await page.getByTestId('case-note-save').click();
    await expect.poll(() => page.getByTestId('case-note-error').textContent()).toMatch(/holds a date/);
    await note.fill('Segment 7 metastasis, 3 months after FOLFOX');
    await page.getByTestId('case-note-save').click();
    await page.getByTestId('case-note-saved').waitFor();
    expect((await apiQuery<{ note: string }>('cases.get', { caseId: theCase() })).note).toBe('Segment 7 metastasis, 3 months after FOLFOX');
    expect(consoleErrors).toEqual([]);
  }, 180_000);

  it('runs a small plan (2 candidates × 1 sample): the ranks shown equal the API\'s, the PDF downloads, and the compare grid renders at the lesion, with a difference view', async () => {
    theCase();
    const panel = page.getByTestId('plan-panel');
    await panel.scrollIntoViewIfNeeded();
    await page.getByTestId('plan-policy').selectOption('user');
    await page.getByTestId('plan-candidates').fill('rfa, folfox');
    await expect.poll(() => page.getByTestId('plan-disease').textContent()).toMatch(/colorectal liver metastases/);
    await page.getByTestId('plan-samples').fill('1');
    await expect.poll(() => page.getByTestId('plan-run').isEnabled(), { timeout: 120_000, message: 'the plan panel never became ready' }).toBe(true);
    await page.getByTestId('plan-run').click();
    await page.locator('[data-testid="plan-progress"], [data-testid="plan-start-error"]').first().waitFor({ timeout: 60_000 });
    if (await page.getByTestId('plan-start-error').count()) {
      await shot('07-plan.png');
      throw new Error(`the plan did not start: ${await page.getByTestId('plan-start-error').textContent()}\nserver output:\n${server.log()}`);
    }
    const progress = page.locator('[data-testid="plan-progress"]:is([data-status="succeeded"], [data-status="failed"], [data-status="cancelled"])');
    try {
      await progress.waitFor({ timeout: 600_000 });
    } finally {
      await shot('07-plan.png');
    }
    const status = await progress.getAttribute('data-status');
    expect(status, status === 'failed' ? await page.getByTestId('plan-error').textContent() ?? '' : '').toBe('succeeded');
    await page.getByTestId('results-table').waitFor({ timeout: 60_000 });
    await shot('08-results.png');

    const jobs = await apiQuery<{ id: string; status: string }[]>('plans.list', { caseId: theCase() });
    const job = jobs.find((j) => j.status === 'succeeded')!;
    const report = await apiQuery<{ candidates: { name: string; rank: number }[] }>('plans.report', { jobId: job.id });
    expect(report.candidates).toHaveLength(2);
    const shown = await page.locator('[data-testid="results-table"] tr[data-candidate]').evaluateAll((rows) =>
      rows.map((r) => ({ name: r.getAttribute('data-candidate'), rank: Number(r.querySelector('[data-testid="results-rank"]')?.textContent) })));
    expect(shown.sort((a, b) => a.rank - b.rank)).toEqual(report.candidates.map((c) => ({ name: c.name, rank: c.rank })).sort((a, b) => a.rank - b.rank));

    // the covariates the risk model used, imputed ones included, as the PDF lists them
    const fullReport = await apiQuery<PlanReport>('plans.report', { jobId: job.id });
    const covariates = await page.locator('[data-testid="results-covariates"] tbody tr').evaluateAll((rows) =>
      rows.map((r) => ({ name: r.getAttribute('data-covariate'), origin: r.getAttribute('data-origin'), value: r.querySelector('[data-testid="results-covariate-value"]')?.textContent })));
    expect(covariates).toEqual(covariateRows(fullReport.clinical).map((c) => ({ name: c.name, origin: c.origin, value: c.value })));
    expect(covariates.some((c) => c.origin === 'imputed')).toBe(fullReport.clinical.imputed.length > 0);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-pdf').click()]);
    const pdf = readFileSync(await download.path());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(10_000);
    // the PDF says what the page says: the same covariate values, lesion volume and sample numbering
    if (havePdftotext) {
      const text = execFileSync('pdftotext', ['-layout', await download.path(), '-'], { encoding: 'utf8' });
      for (const c of covariates) expect(text, `covariate ${c.name}`).toMatch(new RegExp(`${c.name}${c.origin === 'imputed' ? ' \\*' : ''}\\s+${c.value!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`));
      const lesionRow = new RegExp(`^\\s*1\\s+${formatVolumeMl(fullReport.lesions[0]!.volumeMl).replace('.', '\\.')}\\s`, 'm');
      expect(text).toMatch(lesionRow);
      expect(text).toContain('(sample 1,');
    }

    // ── target-lesion table (RECIST 1.1 / mRECIST) ──────────────────────────────────────────────
    // The page's cells are report.json's numbers through the display helper (targetLesionRows), and the
    // PDF shows the same strings; every sample is shown by default.
    {
      const lesionTable = page.getByTestId('target-lesions');
      await lesionTable.waitFor({ timeout: 30_000 });
      const shownLesionRows = await lesionTable.locator('tbody tr').evaluateAll((rows) => rows.map((r) => ({
        candidate: r.getAttribute('data-candidate'), sample: r.getAttribute('data-sample'), lesion: r.getAttribute('data-lesion'),
        cells: [...r.querySelectorAll('td')].map((td) => td.textContent),
      })));
      const expectedLesionRows = targetLesionRows(fullReport);
      expect(expectedLesionRows).toHaveLength(2 * (fullReport.lesions.length + 1)); // 2 candidates × 1 sample × (lesions + the sum row)
      expect(shownLesionRows).toEqual(expectedLesionRows.map((e) => ({
        candidate: e.candidateName, sample: String(targetSampleNumber(e.sampleIndex)), lesion: e.lesion === null ? 'sum' : String(e.lesion), cells: targetLesionCells(e),
      })));
      expect(await page.getByTestId('target-lesions-sample').inputValue()).toBe('all');
      if (havePdftotext) {
        const pdfLines = execFileSync('pdftotext', ['-layout', await download.path(), '-'], { encoding: 'utf8' }).split('\n');
        const pdfColumns = TARGET_LESION_COLUMNS.filter((c) => c.key !== 'candidate'); // the PDF has one table per candidate
        let from = 0;
        for (const e of expectedLesionRows) {
          const cells = targetLesionCells(e, pdfColumns).filter((c) => c !== '').map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
          const at = pdfLines.findIndex((l, i) => i >= from && new RegExp(`^\\s*${cells.join('\\s+')}\\s*$`).test(l));
          expect(at, `PDF row ${e.candidateName} sample ${targetSampleNumber(e.sampleIndex)} lesion ${e.lesion ?? 'sum'}`).toBeGreaterThanOrEqual(0);
          from = at + 1;
        }
      }
      await shot('08b-target-lesions.png');
    }
    // ── end of the target-lesion table block ─────────────────────────────────────────────────────

    // compare: the pre-treatment CT and both candidates' simulated CT, linked, each rendered
    const compare = page.getByTestId('compare-panel');
    await compare.waitFor({ timeout: 30_000 });
    await compare.scrollIntoViewIfNeeded();
    await expect.poll(() => page.locator('[data-testid="compare-view"][data-render-state="ready"]').count(), { timeout: 120_000 }).toBe(3);
    for (const canvas of await page.getByTestId('compare-canvas').all()) {
      const px = await countPixels(canvas);
      expect(px.nonBlack / px.total).toBeGreaterThan(0.1);
    }
    await shot('09-compare.png');
    // samples are numbered from 1 here as in the PDF (report.json's index 0 is "sample 1")
    expect(await page.getByTestId('compare-sample').locator('option').allTextContents()).toEqual(['1']);
    const captions = await compare.locator('figcaption > span:first-child').allTextContents(); // the tile's title (the window and a button follow)
    expect(captions.slice(1).every((c) => c.endsWith('· sample 1'))).toBe(true);

    // every view started at the lesion centre the API gives (the plan mask's centroid, RAS mm)
    const set = await apiQuery<{ lesionCentreRas: [number, number, number] | null }>('compare.get', { caseId: theCase(), jobId: job.id });
    const centre = set.lesionCentreRas!;
    expect(centre).not.toBeNull();
    const startsNearCentre = async (selector: string) => {
      for (const view of await page.locator(selector).all()) {
        const start = (await view.getAttribute('data-start-mm'))?.split(',').map(Number) ?? [];
        expect(start).toHaveLength(3);
        start.forEach((x, a) => expect(Math.abs(x - centre[a]!)).toBeLessThan(0.5));
      }
    };
    await startsNearCentre('[data-testid="compare-view"]');

    // difference view: simulated − pre-treatment CT (HU) for both candidates, still at the lesion, not blank
    await page.getByTestId('compare-difference').check();
    const differences = '[data-testid="compare-view"][data-volume-kind="difference"]';
    await expect.poll(() => page.locator(`${differences}[data-render-state="ready"]`).count(), { timeout: 120_000 }).toBe(2);
    expect(await page.getByTestId('compare-difference-caption').textContent()).toMatch(/simulated − pre-treatment CT, in HU[\s\S]*research use only/);
    for (const canvas of await page.locator(`${differences} canvas`).all()) {
      const px = await countPixels(canvas);
      expect(px.nonBlack / px.total).toBeGreaterThan(0.1);
    }
    await startsNearCentre(differences);
    await shot('10-compare-difference.png');
    expect(consoleErrors).toEqual([]);
  }, 900_000);

  it('measures a length on a simulated CT tile of the compare grid; the series\' measurements show on the pre-treatment tile; the plan PDF lists them all', async () => {
    theCase();
    const compare = page.getByTestId('compare-panel');
    await page.getByTestId('compare-difference').uncheck();
    await expect.poll(() => page.locator('[data-testid="compare-view"][data-volume-kind="ct"][data-render-state="ready"]').count(), { timeout: 120_000 }).toBe(3);
    const tiles = compare.getByTestId('compare-view');
    // the plan's CT is the series: the length, the ROI and the bidimensional made on the series show on the pre-treatment tile
    await expect.poll(() => tiles.first().getAttribute('data-measurements'), { timeout: 30_000 }).toBe('3');
    await page.getByTestId('compare-tool-length').click();
    const tile = tiles.nth(1);
    await expect.poll(() => tile.getAttribute('data-measure-state')).toBe('ready');
    await tile.scrollIntoViewIfNeeded();
    const box = (await tile.locator('canvas').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.5);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5, { steps: 10 });
    await page.mouse.up();
    type Listed = Array<{ label: string; target: { kind: string; candidate?: string; sample?: number; jobId?: string }; values: MeasurementValues }>;
    await expect.poll(async () => (await apiQuery<Listed>('measurements.list', { caseId: theCase() })).length, { timeout: 30_000 }).toBe(4);
    const all = await apiQuery<Listed>('measurements.list', { caseId: theCase() });
    const onSample = all[3]!;
    const jobs = await apiQuery<{ id: string; status: string }[]>('plans.list', { caseId: theCase() });
    const job = jobs.find((j) => j.status === 'succeeded')!;
    const report = await apiQuery<{ candidates: { name: string; rank: number }[] }>('plans.report', { jobId: job.id });
    const first = report.candidates.find((x) => x.rank === 1)!;
    expect(onSample.target).toEqual({ kind: 'sample', jobId: job.id, candidate: first.name, sample: 0 });
    expect(onSample.label).toBe('L2');
    expect(onSample.values.kind === 'length' && onSample.values.lengthMm > 5).toBe(true);
    await expect.poll(() => tile.getAttribute('data-measurements')).toBe('1');
    expect(await tiles.nth(2).getAttribute('data-measurements')).toBe('0');
    await page.getByTestId('compare-tool-length').click();
    await shot('11-compare-measurement.png');
    await compare.screenshot({ path: join(SHOTS, 'compare-measurements.png') }); // the web README's picture
    // the PDF exported now lists the three measurements as the list shows them
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-pdf').click()]);
    if (havePdftotext) {
      const text = execFileSync('pdftotext', ['-raw', await download.path(), '-'], { encoding: 'utf8' });
      expect(text).toContain("Reader's measurements");
      const squeezed = text.replace(/\s+/g, '');
      for (const v of await page.getByTestId('measurement-values').allTextContents()) expect(squeezed).toContain(v.replace(/\s+/g, ''));
    }
    expect(consoleErrors).toEqual([]);
  }, 240_000);
});

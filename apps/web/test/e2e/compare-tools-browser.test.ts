/**
 * The reading tools in Chromium (production build, software WebGL), on the real CRLM-CT-1006 with a
 * lesion seeded at the metastasis and a small plan (2 candidates × 1 sample): a right-drag on one tile
 * sets the window of every CT view (data-window) and the captions; the layouts show the right number of
 * tiles; full screen enlarges a tile and Escape restores it; the legend lists the tissue states; the
 * difference tiles draw colour only near the lesion over grey anatomy; the main viewer's 3D preset and
 * clip plane change the render, and the body mask leaves the table out; the liver and vessel overlays
 * toggle and show the server's segmentation. Screenshots go to out/e2e/.
 */
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { PNG } from 'pngjs';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readNifti } from '@mewm/dicom';
import { repoRoot, sharedData } from '../../../../test/support/shared-data.ts';
import { launchBrowser, requireChromium } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { trpcAt } from './support/trpc.ts';

const METASTASIS_RAS: [number, number, number] = [92.8, -31.6, -304];
const SHOTS = join(repoRoot, 'out', 'e2e');
const haveChromium = requireChromium();

/** Pixel classes of an element's screenshot: grey anatomy, and clearly coloured (red or blue) pixels. */
async function pixelClasses(el: Locator): Promise<{ total: number; grey: number; coloured: number; box: [number, number, number, number] | null; png: PNG }> {
  const png = PNG.sync.read(await el.screenshot());
  let grey = 0, coloured = 0;
  let x0 = Infinity, y0 = Infinity, x1 = -1, y1 = -1;
  // the bottom 15 % holds NiiVue's colour bar: not counted
  const yMax = Math.floor(png.height * 0.85);
  for (let y = 0; y < yMax; y++) {
    for (let x = 0; x < png.width; x++) {
      const p = 4 * (y * png.width + x);
      const r = png.data[p]!, g = png.data[p + 1]!, b = png.data[p + 2]!;
      if (r + g + b > 60 && Math.abs(r - g) < 12 && Math.abs(g - b) < 12) grey++;
      const green = g > r + 60 && g > b + 60; // the crosshair
      if (!green && Math.abs(r - b) > 80) {
        coloured++;
        x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
      }
    }
  }
  return { total: png.width * yMax, grey, coloured, box: coloured > 0 ? [x0, y0, x1, y1] : null, png };
}

function differs(a: PNG, b: PNG): number {
  let n = 0;
  for (let p = 0; p < Math.min(a.data.length, b.data.length); p += 4) if (Math.abs(a.data[p]! - b.data[p]!) + Math.abs(a.data[p + 1]! - b.data[p + 1]!) > 30) n++;
  return n / (a.data.length / 4);
}

describe.skipIf(!haveChromium)('compare and viewer reading tools in the browser (CRLM-CT-1006)', () => {
  let server: RunningServer;
  let browser: { context: BrowserContext; close: () => Promise<void> };
  let page: Page;
  let caseId = '';
  let seriesId = '';
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];

  const trpc = trpcAt(() => server.url);
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, name), fullPage: true });
  const ctViews = () => page.locator('[data-testid="compare-view"][data-volume-kind="ct"][data-render-state="ready"]');

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startServer({ timeoutMs: 400_000 });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.setDefaultTimeout(60_000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text().slice(0, 300)); });
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 60_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail' || !page) return;
    const name = `failed-compare-tools-${ctx.task.name.slice(0, 30).replace(/[^a-z0-9]+/gi, '-')}.png`;
    await shot(name).catch(() => undefined);
    console.error(`[e2e] "${ctx.task.name}" failed; page errors: ${JSON.stringify(pageErrors.slice(-10))}; console errors: ${JSON.stringify(consoleErrors.slice(-10))}; screenshot out/e2e/${name}\nserver output ends:\n${server?.log() ?? ''}`);
  });

  it('uploads the CT, seeds the lesion, runs a 2 × 1 plan and shows the compare grid', async () => {
    caseId = (await trpc<{ id: string }>('cases.create', { disease: 'crlm' })).id;
    await page.goto(`${server.url}/cases/${caseId}`);
    const dir = sharedData('crlm-ct', 'CRLM-CT-1006');
    const entries: Record<string, Uint8Array> = {};
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.dcm'))) entries[`CRLM-CT-1006/${name}`] = new Uint8Array(readFileSync(join(dir, name)));
    await page.getByTestId('upload-files').setInputFiles({ name: 'ct.zip', mimeType: 'application/zip', buffer: Buffer.from(zipSync(entries, { level: 0 })) });
    await page.locator('[data-testid="viewer"][data-render-state="ready"]').waitFor({ timeout: 180_000 });
    seriesId = (await trpc<Array<{ id: string }>>('uploads.listSeries', { caseId }, 'GET'))[0]!.id;
    await trpc('lesions.segment', { caseId, seriesId, pointRas: METASTASIS_RAS });
    await page.reload();
    await page.getByTestId('plan-panel').scrollIntoViewIfNeeded();
    await page.getByTestId('plan-policy').selectOption('user');
    await page.getByTestId('plan-candidates').fill('rfa, folfox');
    await page.getByTestId('plan-samples').fill('1');
    await expect.poll(() => page.getByTestId('plan-run').isEnabled(), { timeout: 120_000 }).toBe(true);
    await page.getByTestId('plan-run').click();
    const finished = page.locator('[data-testid="plan-progress"]:is([data-status="succeeded"], [data-status="failed"], [data-status="cancelled"])');
    await finished.waitFor({ timeout: 600_000 });
    expect(await finished.getAttribute('data-status')).toBe('succeeded');
    await page.getByTestId('compare-panel').scrollIntoViewIfNeeded();
    await expect.poll(() => ctViews().count(), { timeout: 120_000 }).toBe(3);
  }, 900_000);

  it('every CT tile draws both reference lines through its crosshair (a green column and a green row at data-reference-px)', async () => {
    for (const view of await page.locator('[data-testid="compare-view"][data-volume-kind="ct"]').all()) {
      const [x, y] = ((await view.getAttribute('data-reference-px')) ?? '').split(',').map(Number) as [number, number];
      expect(Number.isFinite(x) && Number.isFinite(y), 'data-reference-px').toBe(true);
      const png = PNG.sync.read(await view.locator('canvas').screenshot());
      const green = (px: number, py: number) => {
        const q = 4 * (py * png.width + px);
        return png.data[q + 1]! > 150 && png.data[q]! < 140 && png.data[q + 2]! < 140;
      };
      const near = (c: number, n: number) => [-1, 0, 1].map((d) => Math.min(n - 1, Math.max(0, Math.round(c) + d)));
      const column = Math.max(...near(x, png.width).map((cx) => Array.from({ length: png.height }, (_, py) => green(cx, py)).filter(Boolean).length));
      const row = Math.max(...near(y, png.height).map((cy) => Array.from({ length: png.width }, (_, px) => green(px, cy)).filter(Boolean).length));
      const side = Math.min(png.width, png.height);
      expect(column, 'vertical line').toBeGreaterThan(side * 0.5);
      expect(row, 'horizontal line').toBeGreaterThan(side * 0.5);
    }
  }, 60_000);

  it('a right-drag on one tile sets the window of every CT view, the main viewer and the captions', async () => {
    const before = await ctViews().first().getAttribute('data-window');
    expect(before).toBe('-15,135'); // the liver preset W150/L60
    await page.getByTestId('compare-canvas').nth(1).scrollIntoViewIfNeeded();
    const box = (await page.getByTestId('compare-canvas').nth(1).boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.3);
    await page.mouse.down({ button: 'right' });
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.6, { steps: 8 });
    await page.mouse.up({ button: 'right' });
    // the tile's window changes (NiiVue's windowing drag; reported on release), then every CT view follows it
    await expect.poll(() => page.getByTestId('compare-view').nth(1).getAttribute('data-window'), { timeout: 30_000 }).not.toBe(before);
    await expect.poll(async () => new Set(await ctViews().evaluateAll((vs) => vs.map((v) => v.getAttribute('data-window')))).size, { timeout: 30_000 }).toBe(1);
    const after = await ctViews().first().getAttribute('data-window');
    expect(after).not.toBe(before);
    const [lo, hi] = after!.split(',').map(Number) as [number, number];
    const label = `W ${hi - lo} / L ${(lo + hi) / 2}`;
    expect(await page.getByTestId('compare-window-label').textContent()).toBe(label);
    expect(await page.getByTestId('compare-tile-window').first().textContent()).toContain(label);
    await expect.poll(() => page.getByTestId('viewer').getAttribute('data-window')).toBe(after);
  }, 120_000);

  it('the legend lists the tissue states beside the grid', async () => {
    const states = await page.locator('[data-testid="tissue-state-legend"] li').evaluateAll((li) => li.map((l) => l.getAttribute('data-state')));
    expect(states).toEqual(['viable', 'necrosis', 'lipiodol', 'ablationZone', 'resectionCavity', 'radiationChange', 'growth', 'regressed']);
    await page.getByTestId('compare-panel').screenshot({ path: join(SHOTS, 'compare-tools-grid.png') });
  }, 60_000);

  it('layouts show the right number of tiles, paged; full screen enlarges a tile and Escape restores it', async () => {
    const grid = page.getByTestId('compare-grid');
    const tiles = () => page.getByTestId('compare-tile').count();
    await page.getByTestId('compare-layout').selectOption('1x1');
    expect(await grid.getAttribute('data-layout')).toBe('1x1');
    await expect.poll(tiles).toBe(1);
    expect(await page.getByTestId('compare-page').textContent()).toBe('1/3');
    await page.getByTestId('compare-next').click();
    await expect.poll(() => page.getByTestId('compare-tile').getAttribute('data-tile')).not.toBe('pre');
    await page.getByTestId('compare-layout').selectOption('1x2');
    await expect.poll(tiles).toBe(2);
    await page.getByTestId('compare-layout').selectOption('2x2');
    await expect.poll(tiles).toBe(3);
    await page.getByTestId('compare-layout').selectOption('baseline');
    await expect.poll(tiles).toBe(2);
    expect(await page.getByTestId('compare-tile').first().getAttribute('data-tile')).toBe('pre');
    await page.getByTestId('compare-layout').selectOption('all');
    await expect.poll(tiles).toBe(3);
    await expect.poll(() => ctViews().count(), { timeout: 120_000 }).toBe(3);

    const tile = page.getByTestId('compare-tile').first();
    const small = (await tile.boundingBox())!;
    await tile.getByTestId('compare-fullscreen').click();
    await expect.poll(async () => (await tile.boundingBox())!.width).toBeGreaterThan(small.width * 2);
    await shot('compare-tools-fullscreen.png');
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await tile.boundingBox())!.width).toBeLessThan(small.width * 1.1);
    expect(await tile.getAttribute('data-maximised')).toBe('false');
  }, 300_000);

  it('difference tiles draw the difference over the grey CT: colour near the lesion only, grey anatomy elsewhere', async () => {
    await page.getByTestId('compare-states').uncheck();
    await page.getByTestId('compare-difference').check();
    const diffs = page.locator('[data-testid="compare-view"][data-volume-kind="difference"][data-render-state="ready"]');
    await expect.poll(() => diffs.count(), { timeout: 120_000 }).toBe(2);
    expect(await page.getByTestId('compare-difference-caption').textContent()).toMatch(/transparent where \|difference\| < 20 HU/);
    let anyColour = false;
    for (const view of await diffs.all()) {
      await expect.poll(async () => { const p = await pixelClasses(view.locator('canvas')); return p.grey / p.total; }, { timeout: 30_000 }).toBeGreaterThan(0.15);
      const px = await pixelClasses(view.locator('canvas'));
      expect(px.grey / px.total).toBeGreaterThan(0.15); // the CT underneath
      expect(px.coloured / px.total).toBeLessThan(0.05); // colour only where the simulated CT changed
      if (px.box) {
        anyColour = true;
        expect(px.box[2] - px.box[0]).toBeLessThan(px.png.width * 0.5); // near the lesion, not all over
      }
    }
    expect(anyColour).toBe(true);
    await shot('compare-tools-difference.png');
  }, 300_000);

  it('the 3D render: presets and the clip plane change it, and the body mask leaves the table out', async () => {
    const viewer = page.getByTestId('viewer');
    await viewer.scrollIntoViewIfNeeded();
    await page.getByLabel('Layout').selectOption('render');
    await page.locator('[data-testid="viewer"][data-body-mask="applied"]').waitFor({ timeout: 120_000 });
    const canvas = page.getByTestId('viewer-canvas');
    const soft = PNG.sync.read(await canvas.screenshot());
    await page.getByTestId('render-preset').selectOption('bone');
    await expect.poll(async () => differs(soft, PNG.sync.read(await canvas.screenshot())), { timeout: 30_000 }).toBeGreaterThan(0.02);
    const bone = PNG.sync.read(await canvas.screenshot());
    await page.getByTestId('clip-orientation').selectOption('coronal');
    await expect.poll(() => viewer.getAttribute('data-clip-plane')).toBe('0,180,0');
    await expect.poll(async () => differs(bone, PNG.sync.read(await canvas.screenshot())), { timeout: 30_000 }).toBeGreaterThan(0.02);
    await shot('compare-tools-render.png');
    // the mask the render uses: no body voxel in the table's rows (posterior, j ≥ 416), the abdomen kept
    const mask = readNifti(new Uint8Array(await (await fetch(`${server.url}/api/series/${seriesId}/body-mask`)).arrayBuffer())).volume;
    const [nx, ny, nz] = mask.dims;
    const k = Math.floor(nz / 2);
    let table = 0, body = 0;
    for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
      const v = mask.data[i + nx * (j + ny * k)]!;
      if (j >= 416) table += v; else body += v;
    }
    expect(table).toBe(0);
    expect(body).toBeGreaterThan(50_000);
    expect(pageErrors).toEqual([]);
  }, 300_000);
  it('anatomy overlays: the liver and its vessels ≥ 3 mm, segmented on the server, toggle on the viewer', async () => {
    const viewer = page.getByTestId('viewer');
    await viewer.scrollIntoViewIfNeeded();
    await page.getByLabel('Layout').selectOption('axial');
    await page.locator('[data-testid="viewer"][data-render-state="ready"]').waitFor();
    const canvas = page.getByTestId('viewer-canvas');
    const before = PNG.sync.read(await canvas.screenshot());
    await page.getByTestId('overlay-liver').check();
    await page.locator('[data-testid="viewer"][data-liver-overlay="shown"]').waitFor({ timeout: 120_000 });
    await expect.poll(async () => differs(before, PNG.sync.read(await canvas.screenshot())), { timeout: 30_000 }).toBeGreaterThan(0.01);
    await page.getByTestId('overlay-vessels').check();
    await page.locator('[data-testid="viewer"][data-vessel-overlay="shown"]').waitFor({ timeout: 120_000 });
    await shot('compare-tools-anatomy.png');
    // what the overlays show: CRLM-CT-1006's liver (about 1.6 L) and vessels inside it
    const read = async (organ: string) => readNifti(new Uint8Array(await (await fetch(`${server.url}/api/series/${seriesId}/anatomy/${organ}`)).arrayBuffer())).volume;
    const liver = await read('liver');
    const vessels = await read('vessels');
    const voxelMl = liver.spacingMm[0] * liver.spacingMm[1] * liver.spacingMm[2] / 1000;
    let liverVoxels = 0, vesselVoxels = 0, vesselsOutside = 0;
    for (let v = 0; v < liver.data.length; v++) {
      if (liver.data[v]) liverVoxels++;
      if (vessels.data[v]) { vesselVoxels++; if (!liver.data[v]) vesselsOutside++; }
    }
    expect(liverVoxels * voxelMl).toBeGreaterThan(1000);
    expect(liverVoxels * voxelMl).toBeLessThan(2500);
    expect(vesselVoxels * voxelMl).toBeGreaterThan(5);
    expect(vesselsOutside).toBe(0);
    expect((await fetch(`${server.url}/api/series/${seriesId}/anatomy/spleen`)).status).toBe(400);
    await page.getByTestId('overlay-liver').uncheck();
    await page.locator('[data-testid="viewer"][data-liver-overlay="off"]').waitFor();
    expect(pageErrors).toEqual([]);
  }, 300_000);

  it('an upload holding two patients\' CT warns, and the series picker says which patient each series is', async () => {
    const id = (await trpc<{ id: string }>('cases.create', { disease: 'crlm' })).id;
    await page.goto(`${server.url}/cases/${id}`);
    const entries: Record<string, Uint8Array> = {};
    for (const patient of ['CRLM-CT-1004', 'CRLM-CT-1006']) {
      const dir = sharedData('crlm-ct', patient);
      for (const name of readdirSync(dir).filter((f) => f.endsWith('.dcm'))) entries[`${patient}/${name}`] = new Uint8Array(readFileSync(join(dir, name)));
    }
    await page.getByTestId('upload-files').setInputFiles({ name: 'two.zip', mimeType: 'application/zip', buffer: Buffer.from(zipSync(entries, { level: 0 })) });
    const warning = page.getByTestId('series-patients-warning');
    await warning.waitFor({ timeout: 180_000 });
    expect(await warning.textContent()).toMatch(/images of 2 different patients/);
    // one series was stored, the other waits in the picker, each named by its patient in the upload
    await page.getByTestId('series-picker').waitFor({ timeout: 60_000 });
    const picker = (await page.getByTestId('series-picker').textContent()) ?? '';
    const stored = (await page.getByTestId('series-list').textContent()) ?? '';
    expect(picker).toMatch(/patient [12] of the upload/);
    expect(`${stored} ${picker}`.match(/patient [12] of the upload/g)?.length ?? 0).toBeGreaterThanOrEqual(1);
    await page.screenshot({ path: join(SHOTS, 'compare-tools-two-patients.png'), fullPage: true });
  }, 300_000);
});

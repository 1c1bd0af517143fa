/**
 * A planner imports a CT from a PACS in the browser (issue 18, item 1): Debian's Orthanc with its
 * DICOMweb plugin holds the real CRLM-CT-1006 series on loopback (HTTP Basic credentials, given to the
 * server through the environment); the production server names it in MEWM_DICOMWEB_ENDPOINTS. In
 * Debian's Chromium: search by patient ID, open the study's series, import, and the viewer shows the
 * de-identified volume; then (issue 18, items 2–3) a small plan of it, sent back to the PACS as DICOM
 * with one click, and found again in Orthanc in the series' de-identified study. No file is touched.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import dicomParser from 'dicom-parser';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requireTool } from '../../../../test/support/external-tool.ts';
import { ORTHANC_DICOMWEB_PLUGIN, orthancAvailable, startOrthanc, type RunningOrthanc } from '../../../../test/support/orthanc.ts';
import { sharedData } from '../../../../test/support/shared-data.ts';
import { launchBrowser, requireChromium } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { trpcAt } from './support/trpc.ts';

const haveChromium = requireChromium();
const haveOrthanc = requireTool({ name: 'Orthanc', debian: 'orthanc', check: orthancAvailable });
const havePlugin = requireTool({ name: 'Orthanc DICOMweb plugin', debian: 'orthanc-dicomweb', check: () => existsSync(ORTHANC_DICOMWEB_PLUGIN) });
const USER = { name: 'mewm', password: 'loopback-only-test-secret' };

describe.skipIf(!haveChromium || !haveOrthanc || !havePlugin)('PACS import in the browser', () => {
  const dir = sharedData('crlm-ct', 'CRLM-CT-1006');
  const files = readdirSync(dir).filter((f) => f.endsWith('.dcm')).sort();
  const patientId = dicomParser.parseDicom(new Uint8Array(readFileSync(join(dir, files[0]!)))).string('x00100020')!;
  let orthanc: RunningOrthanc;
  let server: RunningServer;
  let browser: { context: BrowserContext; close: () => Promise<void> };
  let page: Page;

  beforeAll(async () => {
    orthanc = await startOrthanc({ plugins: [ORTHANC_DICOMWEB_PLUGIN], user: USER });
    for (const f of files) await orthanc.store(new Uint8Array(readFileSync(join(dir, f))));
    server = await startServer({
      timeoutMs: 600_000,
      env: { MEWM_DICOMWEB_ENDPOINTS: `research=${orthanc.url}/dicom-web`, MEWM_DICOMWEB_USER: USER.name, MEWM_DICOMWEB_PASSWORD: USER.password },
    });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.setDefaultTimeout(60_000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text().slice(0, 300)); });
  }, 900_000);
  // a failed step says what the page showed and what the server printed (error class names only)
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail' || !page) return;
    const errors = await page.locator('.error:visible').allTextContents().catch(() => [] as string[]);
    const progress = await page.getByTestId('ingest-progress').getAttribute('data-stage').catch(() => null);
    console.error(`[e2e] "${ctx.task.name}" failed; errors shown: ${JSON.stringify(errors)}; ingest stage: ${progress}; page errors: ${JSON.stringify(pageErrors)}\nserver output ends:\n${server?.log() ?? '(no server)'}`);
  });
  const pageErrors: string[] = [];

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await orthanc?.stop();
  }, 60_000);

  let caseId: string;
  const trpc = trpcAt(() => server.url);

  it('searches the PACS, imports the series and shows it in the viewer', async () => {
    const created = await fetch(`${server.url}/api/trpc/cases.create`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ disease: 'crlm' }) });
    caseId = ((await created.json()) as { result: { data: { id: string } } }).result.data.id;
    await page.goto(`${server.url}/cases/${caseId}`);
    await page.getByTestId('pacs-import').waitFor();
    await page.getByTestId('pacs-patient-id').fill(patientId);
    await page.getByTestId('pacs-search').click();
    const studies = page.getByTestId('pacs-studies');
    await studies.waitFor();
    expect(await studies.locator('tbody tr').count()).toBe(1);
    await studies.getByRole('button', { name: 'Series…' }).click();
    await page.getByTestId('pacs-series').waitFor();
    await page.getByTestId('pacs-import-series').click();
    await page.getByTestId('pacs-imported').waitFor({ timeout: 180_000 });
    await page.locator('[data-testid="viewer"][data-render-state="ready"]').waitFor({ timeout: 180_000 });
    expect(await page.getByTestId('viewer-dims').textContent()).toBe(`512×512×${files.length}`);
    expect(server.log()).not.toContain(patientId);
  }, 600_000);

  it('plans the imported series and sends the plan to the PACS as DICOM, into the series\' de-identified study', async () => {
    const [series] = await trpc<Array<{ id: string }>>('uploads.listSeries', { caseId }, 'GET');
    await trpc('lesions.segment', { caseId, seriesId: series!.id, pointRas: [92.8, -31.6, -304] });
    await page.reload();
    await page.getByTestId('plan-panel').scrollIntoViewIfNeeded();
    await page.getByTestId('plan-policy').selectOption('user');
    await page.getByTestId('plan-candidates').fill('mwa, best-supportive-care');
    await page.getByTestId('plan-samples').fill('1');
    await page.locator('[data-testid="plan-renderer"] input[value="white-noise-baseline"]').check();
    // the request survives a reload of the page (the tab's sessionStorage)
    await page.reload();
    await expect.poll(() => page.getByTestId('plan-candidates').inputValue(), { timeout: 30_000 }).toBe('mwa, best-supportive-care');
    expect(await page.getByTestId('plan-policy').inputValue()).toBe('user');
    expect(await page.getByTestId('plan-samples').inputValue()).toBe('1');
    await expect.poll(() => page.locator('[data-testid="plan-renderer"] input[value="white-noise-baseline"]').isChecked(), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => page.getByTestId('plan-run').isEnabled(), { timeout: 120_000, message: 'the plan panel never became ready' }).toBe(true);
    await page.getByTestId('plan-run').click();
    // and so does the job shown: after a reload mid-plan its progress (or its end) is on the page again
    await page.getByTestId('plan-progress').waitFor({ timeout: 60_000 });
    await page.reload();
    await page.getByTestId('plan-progress').waitFor({ timeout: 60_000 });
    const finished = page.locator('[data-testid="plan-progress"]:is([data-status="succeeded"], [data-status="failed"], [data-status="cancelled"])');
    await finished.waitFor({ timeout: 600_000 });
    expect(await finished.getAttribute('data-status')).toBe('succeeded');

    await page.getByTestId('pacs-push').waitFor({ timeout: 60_000 });
    await page.getByTestId('pacs-push-button').click();
    const result = page.getByTestId('pacs-push-result');
    await result.waitFor({ timeout: 300_000 });
    expect(await result.textContent()).toMatch(/^Stored \d+ object\(s\) in \d+ series on research, in the CT's de-identified study\.$/);

    // Orthanc now holds the pseudonymous study: the imported CT, the simulated CT series, SEGs, the SR and the PDF
    const jobs = await trpc<Array<{ id: string; status: string }>>('plans.list', { caseId }, 'GET');
    const report = await trpc<{ inputs: { dicom: { studyInstanceUid: string } } }>('plans.report', { jobId: jobs.find((j) => j.status === 'succeeded')!.id }, 'GET');
    const inPacs = await trpc<Array<{ modality: string; seriesDescription: string }>>('pacs.searchSeries', { pacs: 'research', studyInstanceUid: report.inputs.dicom.studyInstanceUid }, 'GET');
    expect(new Set(inPacs.map((s) => s.modality))).toEqual(new Set(['CT', 'SEG', 'SR', 'DOC']));
    expect(inPacs.filter((s) => s.seriesDescription.startsWith('RESEARCH USE ONLY')).length).toBe(inPacs.length - 1);
    expect(server.log()).not.toContain(patientId);
  }, 900_000);
});

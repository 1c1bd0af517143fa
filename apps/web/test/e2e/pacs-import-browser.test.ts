/**
 * A planner imports a CT from a PACS in the browser (issue 18, item 1): Debian's Orthanc with its
 * DICOMweb plugin holds the real CRLM-CT-1006 series on loopback (HTTP Basic credentials, given to the
 * server through the environment); the production server names it in MEWM_DICOMWEB_ENDPOINTS. In
 * Debian's Chromium: search by patient ID, open the study's series, import, and the viewer shows the
 * de-identified volume.
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

  it('searches the PACS, imports the series and shows it in the viewer', async () => {
    const created = await fetch(`${server.url}/api/trpc/cases.create`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ disease: 'crlm' }) });
    const caseId = ((await created.json()) as { result: { data: { id: string } } }).result.data.id;
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
});

/**
 * Debian's Chromium through playwright-core (never `playwright install`): headless, software WebGL
 * (SwiftShader), a fresh user-data-dir, no network beyond localhost. Helpers read pixels back.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { chromium, type BrowserContext, type Locator } from 'playwright-core';
import { requireTool } from '../../../../../test/support/external-tool.ts';

export const CHROMIUM = process.env.MEWM_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--enable-unsafe-swiftshader', '--use-angle=swiftshader',
  // shared memory through /tmp: a container's /dev/shm is often 64 MB, too small for WebGL pages
  '--disable-dev-shm-usage',
];

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

/**
 * True when Debian's Chromium is there; when it is not, the browser tests are skipped with a note
 * naming the package, and under CI (CI=true) the suite fails instead (see requireTool).
 */
export function requireChromium(): boolean {
  return requireTool({ name: `chromium at ${CHROMIUM}`, debian: 'chromium', check: chromiumAvailable });
}

export async function launchBrowser(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'mewm-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1440, height: 1100 },
    acceptDownloads: true,
  });
  return {
    context,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export interface PixelCounts {
  total: number;
  /** Pixels that are not (near) black. */
  nonBlack: number;
  /** Clearly red pixels (the lesion overlay). */
  red: number;
  /** Amber pixels (the measurement lines and their labels). */
  amber: number;
}

/** A part of an element as fractions of its width and height: [left, top, right, bottom]. */
export type Region = [number, number, number, number];

/**
 * Count pixels of an element's screenshot (the composited WebGL canvas, as the user sees it), or of a
 * region of it (e.g. [0.5, 0.5, 1, 1], the bottom-right quadrant).
 */
export async function countPixels(el: Locator, region: Region = [0, 0, 1, 1]): Promise<PixelCounts> {
  const png = PNG.sync.read(await el.screenshot());
  const [x0, y0, x1, y1] = [
    Math.round(region[0] * png.width), Math.round(region[1] * png.height), Math.round(region[2] * png.width), Math.round(region[3] * png.height),
  ];
  let nonBlack = 0;
  let red = 0;
  let amber = 0;
  const d = png.data;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const p = 4 * (y * png.width + x);
      const r = d[p]!, g = d[p + 1]!, b = d[p + 2]!;
      if (r + g + b > 30) nonBlack++;
      if (r > 120 && r > g + 60 && r > b + 60) red++;
      if (r > 200 && g > 140 && g < 235 && b < 90) amber++;
    }
  }
  return { total: (x1 - x0) * (y1 - y0), nonBlack, red, amber };
}

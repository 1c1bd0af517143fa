/**
 * The viewer's two NiiVue shortcuts for software WebGL (src/client/niivue-gradient-passes.ts and
 * niivue-orient-pass.ts) must not change a pixel: in Debian's Chromium (SwiftShader), NiiVue as it is
 * and NiiVue with both shortcuts load the real CRLM-CT-1006 CT (int16), a float32 volume derived from it
 * (as the compare grid's difference view), and the CT with a binary mask overlay; the colour volume
 * texture that NiiVue's slices and 3D render sample, and the drawn canvas (2D slices and the 3D render),
 * hash the same, before and after a window change. The orient shortcut must be active (it switches
 * itself off when NiiVue's shaders are not the ones it was derived from: then this test fails, on
 * purpose, until the shortcut is checked against the new NiiVue).
 *
 * Skips with a message when /usr/bin/chromium (MEWM_CHROMIUM) is missing, except in CI (CI=true), where it fails.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingestCt, writeNifti, type Volume } from '@mewm/dicom';
import type { Page } from 'playwright-core';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, sharedData } from '../../../../test/support/shared-data.ts';
import { launchBrowser, requireChromium } from './support/browser.ts';

const haveChromium = requireChromium();
const clientDir = join(repoRoot, 'apps', 'web', 'src', 'client');

/** A client module as the browser runs it (its imports are type-only). */
function transpiled(file: string): string {
  return ts.transpileModule(readFileSync(join(clientDir, file), 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
  }).outputText;
}

const PAGE = `<!doctype html><html><body style="margin:0;background:#000"><script type="module">
import * as NV from '/niivue.js';
import { skipUnusedGradientPasses } from '/gradient-passes.js';
import { specializeOrientPass } from '/orient-pass.js';
const fnv = (h, bytes) => { for (let i = 0; i < bytes.length; i++) { h ^= bytes[i]; h = Math.imul(h, 0x01000193) >>> 0; } return h; };
function volumeTextureHash(nv) {
  const gl = nv.gl, d = nv.back.dims, fb = gl.createFramebuffer(), px = new Uint8Array(d[1] * d[2] * 4);
  gl.bindFramebuffer(gl.FRAMEBUFFER, fb);
  let h = 0x811c9dc5, opaque = 0;
  for (let z = 0; z < d[3]; z++) {
    gl.framebufferTextureLayer(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, nv.volumeTexture, 0, z);
    gl.readPixels(0, 0, d[1], d[2], gl.RGBA, gl.UNSIGNED_BYTE, px);
    h = fnv(h, px);
    for (let i = 3; i < px.length; i += 4) if (px[i] > 0) opaque++;
  }
  gl.bindFramebuffer(gl.FRAMEBUFFER, null);
  gl.deleteFramebuffer(fb);
  return { hash: h, opaque };
}
function canvasHash(nv) {
  nv.drawScene();
  const gl = nv.gl, px = new Uint8Array(gl.drawingBufferWidth * gl.drawingBufferHeight * 4);
  gl.readPixels(0, 0, gl.drawingBufferWidth, gl.drawingBufferHeight, gl.RGBA, gl.UNSIGNED_BYTE, px);
  let lit = 0;
  for (let i = 0; i < px.length; i += 4) if (px[i] + px[i + 1] + px[i + 2] > 30) lit++;
  return { hash: fnv(0x811c9dc5, px), lit };
}
window.render = async (c, shortcuts) => {
  const canvas = document.createElement('canvas');
  canvas.style.width = '900px';
  canvas.style.height = '640px';
  document.body.appendChild(canvas);
  const nv = new NV.Niivue({ backColor: [0, 0, 0, 1], show3Dcrosshair: true, multiplanarShowRender: NV.SHOW_RENDER.ALWAYS, isRadiologicalConvention: true });
  await nv.attachToCanvas(canvas);
  const active = shortcuts ? [skipUnusedGradientPasses(nv), specializeOrientPass(nv)] : [];
  const vol = await NV.NVImage.loadFromUrl({ url: c.url, name: c.url.slice(1), colormap: c.colormap, cal_min: c.window[0], cal_max: c.window[1] });
  nv.addVolume(vol);
  if (c.overlay) {
    const mask = await NV.NVImage.loadFromUrl({ url: c.overlay, name: c.overlay.slice(1), colormap: 'red', opacity: 0.4, cal_min: 0, cal_max: 1 });
    nv.addVolume(mask);
  }
  const out = { active, texture: volumeTextureHash(nv), canvas: canvasHash(nv) };
  vol.cal_min = c.window2[0];
  vol.cal_max = c.window2[1];
  nv.updateGLVolume();
  out.texture2 = volumeTextureHash(nv);
  out.canvas2 = canvasHash(nv);
  nv.cleanup();
  canvas.remove();
  return out;
};
window.ready = true;
</script></body></html>`;

describe.skipIf(!haveChromium)('NiiVue software-GL shortcuts draw what NiiVue draws (CRLM-CT-1006, SwiftShader)', () => {
  let server: Server | undefined;
  let url = '';
  let page: Page;
  let close: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    const ct = (await ingestCt([sharedData('crlm-ct', 'CRLM-CT-1006')], {})).volume;
    const float: Volume = { ...ct, data: Float32Array.from(ct.data as Int16Array, (hu) => (hu - 40) * 0.37) };
    // a binary mask as the viewer shows the lesion mask: uint8, no label intent, red at 0.4
    const mask = { ...ct, data: Uint8Array.from(ct.data as Int16Array, (hu) => (hu > 150 ? 1 : 0)) } as unknown as Volume;
    // the package's self-contained bundle (the app imports its build/, the same code and shader texts)
    const niivue = join(dirname(fileURLToPath(import.meta.resolve('@niivue/niivue'))), '..', '..', 'dist', 'index.js');
    const files: Record<string, [string, string | Uint8Array]> = {
      '/': ['text/html', PAGE],
      '/niivue.js': ['text/javascript', readFileSync(niivue)],
      '/gradient-passes.js': ['text/javascript', transpiled('niivue-gradient-passes.ts')],
      '/orient-pass.js': ['text/javascript', transpiled('niivue-orient-pass.ts')],
      '/ct.nii.gz': ['application/octet-stream', writeNifti(ct)],
      '/float.nii.gz': ['application/octet-stream', writeNifti(float)],
      '/mask.nii.gz': ['application/octet-stream', writeNifti(mask)],
    };
    server = createServer((req, res) => {
      const file = files[new URL(req.url ?? '/', 'http://localhost').pathname];
      if (!file) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': file[0] }).end(file[1]);
    });
    const listening = server;
    await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
    const addr = listening.address();
    url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/`;
    const browser = await launchBrowser();
    close = browser.close;
    page = await browser.context.newPage();
    await page.goto(url);
    await page.waitForFunction('window.ready === true');
  }, 300_000);

  afterAll(async () => {
    await close();
    const s = server;
    if (s) await new Promise((resolve) => s.close(resolve));
  }, 60_000);

  interface Rendered {
    active: boolean[];
    texture: { hash: number; opaque: number };
    canvas: { hash: number; lit: number };
    texture2: { hash: number; opaque: number };
    canvas2: { hash: number; lit: number };
  }
  const render = async (c: object, shortcuts: boolean) =>
    page.evaluate<Rendered>(`window.render(${JSON.stringify(c)}, ${shortcuts})`);

  it.each([
    { name: 'the CT, liver window then bone window', url: '/ct.nii.gz', colormap: 'gray', window: [-15, 135], window2: [-500, 1300] },
    { name: 'a float32 volume, diverging window then a shifted one', url: '/float.nii.gz', colormap: 'warm', window: [-80, 80], window2: [-5, 300] },
    { name: 'the CT with a red mask overlay', url: '/ct.nii.gz', colormap: 'gray', window: [-160, 240], window2: [-15, 135], overlay: '/mask.nii.gz' },
  ])('$name: the same colour texture and canvas, bit for bit', async (c) => {
    const niivue = await render(c, false);
    const shortcut = await render(c, true);
    expect(shortcut.active).toEqual([true, true]);
    expect(niivue.texture.opaque).toBeGreaterThan(100_000); // a real volume was drawn, not two empty ones
    expect(niivue.canvas.lit).toBeGreaterThan(10_000);
    expect(shortcut.texture).toEqual(niivue.texture);
    expect(shortcut.canvas).toEqual(niivue.canvas);
    expect(shortcut.texture2).toEqual(niivue.texture2);
    expect(shortcut.canvas2).toEqual(niivue.canvas2);
    expect(niivue.texture2.hash).not.toBe(niivue.texture.hash); // the window change did change the texture
  }, 180_000);
});

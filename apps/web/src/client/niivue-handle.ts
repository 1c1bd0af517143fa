'use client';
/**
 * The Niivue instance of the mounted viewer, for the components that act on it without owning it
 * (saving an edited drawing) and, outside production builds, for browser tests (window.__mewmViewer).
 */
import type { Niivue } from '@niivue/niivue';

let current: Niivue | null = null;

export function setViewerNiivue(nv: Niivue | null): void {
  current = nv;
}

export function viewerNiivue(): Niivue | null {
  return current;
}

/** The edited drawing as NIfTI bytes (on the CT's grid), or null when no drawing is open. */
export async function savedDrawing(): Promise<Uint8Array | null> {
  const nv = current;
  if (!nv || !nv.drawBitmap) return null;
  const out = await nv.saveImage({ filename: '', isSaveDrawing: true, volumeByIndex: 0 });
  return out instanceof Uint8Array ? out : null;
}

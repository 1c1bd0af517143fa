/**
 * Image formation moved to phantom-image.ts (shared with makeLesionPhantom): the demo phantom must
 * keep its exact bytes, since other tests and the demo depend on it.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeAbdominalPhantom } from '../src/phantom/make-abdominal-phantom.ts';

describe('makeAbdominalPhantom after the image-formation split', () => {
  it('gives the same bytes as before (sha256 of CT, lesion mask and liver mask)', () => {
    const p = makeAbdominalPhantom();
    const h = createHash('sha256');
    h.update(new Uint8Array(p.ct.data.buffer, p.ct.data.byteOffset, p.ct.data.byteLength));
    h.update(p.lesionMask.data);
    h.update(p.liverMask.data);
    // Computed from the code at f68f409, before the split.
    expect(h.digest('hex')).toBe('9249611f2ce9f915c02bffdf4565ab9370fda33340ff6ec1987b4beed0b8d546');
  });
});

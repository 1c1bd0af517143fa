import { describe, expect, it } from 'vitest';
import { connectedComponents } from '../src/ops/connected-components.ts';
import { VolumeShapeError } from '../src/errors.ts';
import type { Vec3 } from '../src/geometry.ts';

function make(dims: Vec3, on: [number, number, number][]): Uint8Array {
  const m = new Uint8Array(dims[0] * dims[1] * dims[2]);
  for (const [i, j, k] of on) m[i + dims[0] * (j + dims[1] * k)] = 1;
  return m;
}

describe('connectedComponents on synthetic shapes', () => {
  it('separates voxels touching by a face, an edge and a corner according to connectivity', () => {
    const dims: Vec3 = [5, 5, 5];
    // Pair A shares a face, pair B an edge (offset (1,1,0)), pair C a corner (offset (-1,1,1)).
    const m = make(dims, [
      [0, 0, 0], [1, 0, 0],
      [3, 1, 0], [4, 2, 0],
      [3, 3, 3], [2, 4, 4],
    ]);
    const c6 = connectedComponents(m, dims, 6);
    expect(c6.count).toBe(5);
    expect(c6.sizes).toEqual([2, 1, 1, 1, 1]);
    const c18 = connectedComponents(m, dims, 18);
    expect(c18.count).toBe(4);
    const c26 = connectedComponents(m, dims, 26);
    expect(c26.count).toBe(3);
    expect(c26.sizes).toEqual([2, 2, 2]);
    expect(connectedComponents(m, dims).count).toBe(3); // default 26
  });

  it('labels two separate cubes and a large snake without recursion limits', () => {
    const dims: Vec3 = [64, 64, 64];
    const m = new Uint8Array(64 ** 3);
    // cube 1: 10^3 at origin; cube 2: 5^3 far away
    for (let k = 0; k < 10; k++) for (let j = 0; j < 10; j++) for (let i = 0; i < 10; i++) m[i + 64 * (j + 64 * k)] = 1;
    for (let k = 50; k < 55; k++) for (let j = 50; j < 55; j++) for (let i = 50; i < 55; i++) m[i + 64 * (j + 64 * k)] = 1;
    // A serpentine path through slice k = 30: every even row fully on, odd rows joined at alternating ends.
    for (let j = 0; j < 64; j++) for (let i = 0; i < 64; i++) {
      const on = j % 2 === 0 || (Math.floor(j / 2) % 2 === 0 ? i === 63 : i === 0);
      if (on) m[i + 64 * (j + 64 * 30)] = 1;
    }
    const cc = connectedComponents(m, dims, 6);
    expect(cc.count).toBe(3);
    expect(cc.sizes[0]).toBe(1000);
    expect(cc.sizes[1]).toBe(32 * 64 + 32); // the snake appears before cube 2 in memory order
    expect(cc.sizes[2]).toBe(125);
    expect(cc.labels[0]).toBe(1);
    expect(cc.labels[52 + 64 * (52 + 64 * 52)]).toBe(3);
    expect(cc.labels[63 + 64 * 64 * 30]).toBe(2);
    expect(cc.labels[20 + 64 * (20 + 64 * 20)]).toBe(0);
  });

  it('returns zero components for an empty mask', () => {
    const cc = connectedComponents(new Uint8Array(27), [3, 3, 3]);
    expect(cc.count).toBe(0);
    expect(cc.sizes).toEqual([]);
  });
});

describe('connectedComponents bad input', () => {
  it('rejects dims that do not match the mask length', () => {
    expect(() => connectedComponents(new Uint8Array(10), [2, 2, 2])).toThrow(VolumeShapeError);
  });
  it('rejects non-positive dims and unknown connectivity', () => {
    expect(() => connectedComponents(new Uint8Array(0), [0, 1, 1])).toThrow(/positive integers/);
    expect(() => connectedComponents(new Uint8Array(8), [2, 2, 2], 8 as 6)).toThrow(/6, 18 or 26/);
  });
});

import { describe, expect, it } from 'vitest';
import { selectTop } from '../src/dynamics/select-top.ts';
import { createRng } from '../src/random.ts';

describe('selectTop', () => {
  it('equals a stable sort on many ties (earlier candidates win a tie), for every count', () => {
    const rng = createRng(9);
    const candidates = Array.from({ length: 300 }, (_, i) => 1000 + i * 3);
    const key = new Map(candidates.map((c) => [c, rng.int(12)]));
    const sorted = [...candidates].sort((a, b) => key.get(b)! - key.get(a)! || a - b);
    for (const count of [0, 1, 7, 150, 299, 300]) {
      const got = [...selectTop(candidates, (c) => key.get(c)!, count)].sort((a, b) => a - b);
      expect(got).toEqual(sorted.slice(0, count).sort((a, b) => a - b));
    }
  });

  it('rounds and clamps the count', () => {
    expect(selectTop([5, 6, 7], (c) => c, 1.6)).toEqual(Int32Array.from([6, 7]));
    expect(selectTop([5, 6, 7], (c) => c, 10).length).toBe(3);
    expect(selectTop([5, 6, 7], (c) => c, -2).length).toBe(0);
  });
});

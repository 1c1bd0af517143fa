import { describe, expect, it } from 'vitest';
import { coxPh, timeDependentAuc } from '../src/index.ts';
import { expectClose, hepatoCellular, reference, veteran } from './support/reference.ts';

describe('timeDependentAuc agrees with the IPCW cumulative/dynamic AUC computed in make-reference.R', () => {
  it("veteran at 30, 90, 180 days, on R's linear predictor and on ours", () => {
    const v = veteran();
    const r = reference.veteran.coxEfron;
    expectClose(timeDependentAuc(v.outcome, r.linearPredictor, r.auc.times).auc, r.auc.auc, 1e-10, 'AUC');
    const lp = coxPh(v.outcome, v.covariates).linearPredictor;
    expectClose(timeDependentAuc(v.outcome, lp, r.auc.times).auc, r.auc.auc, 1e-6, 'AUC');
  });

  it('hepatoCellular OS and RFS (tied markers count 1/2)', () => {
    const h = hepatoCellular();
    for (const [outcome, r] of [
      [h.os, reference.hepatoCellular.os.coxEfron],
      [h.rfs, reference.hepatoCellular.rfs.coxEfron],
    ] as const) {
      expectClose(timeDependentAuc(outcome, r.linearPredictor, r.auc.times).auc, r.auc.auc, 1e-10, 'AUC');
    }
  });

  it('hand example without censoring: AUC is the plain Mann-Whitney proportion', () => {
    // t = 2: cases {1, 2} markers {5, 3}; controls {3, 4} markers {4, 1} -> pairs 5>4, 5>1, 3<4, 3>1 = 3/4
    const res = timeDependentAuc({ time: [1, 2, 3, 4], event: [1, 1, 1, 1] }, [5, 3, 4, 1], [2, 10]);
    expect(res.auc[0]).toBeCloseTo(0.75, 12);
    expect(res.auc[1]).toBeNaN(); // no controls after t = 10
  });
});

describe('timeDependentAuc bad input', () => {
  const o = { time: [1, 2, 3], event: [1, 0, 1] };
  it('rejects mis-sized or non-finite markers and invalid times', () => {
    expect(() => timeDependentAuc(o, [1, 2], [1])).toThrow(/marker: expected an array of 3/);
    expect(() => timeDependentAuc(o, [1, Number.POSITIVE_INFINITY, 2], [1])).toThrow(/marker: entry 1/);
    expect(() => timeDependentAuc(o, [1, 2, 3], [])).toThrow(/times/);
    expect(() => timeDependentAuc(o, [1, 2, 3], [-1])).toThrow(/times: entry 0/);
    expect(() => timeDependentAuc({ time: [1, 2], event: [1, 3] }, [1, 2], [1])).toThrow(/outcome\.event/);
  });
});

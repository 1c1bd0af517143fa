import { describe, expect, it } from 'vitest';
import { kaplanMeier, medianSurvival, restrictedMeanSurvival, SurvivalInputError } from '../src/index.ts';
import type { ConfidenceType } from '../src/index.ts';
import { expectClose, hepatoCellular, permutation, reference, veteran } from './support/reference.ts';
import type { Json } from './support/reference.ts';

const CONF: readonly [ConfidenceType, string][] = [['log', 'log'], ['log-log', 'loglog'], ['plain', 'plain']];

function checkAgainstR(outcome: { time: number[]; event: number[] }, r: Json): void {
  for (const [confType, key] of CONF) {
    const km = kaplanMeier(outcome, { confType });
    expectClose(km.time, r.time, 0, 'time');
    expectClose(km.nRisk, r.nRisk, 0, 'n.risk');
    expectClose(km.nEvent, r.nEvent, 0, 'n.event');
    expectClose(km.nCensor, r.nCensor, 0, 'n.censor');
    expectClose(km.survival, r.survival, 1e-10, 'surv');
    expectClose(km.stdErrLogSurvival, r.stdErrLogSurvival, 1e-10, 'std.err');
    expectClose(km.stdErrSurvival, r.stdErrSurvival, 1e-10, 'summary std.err');
    expectClose(km.lower, r[`lower_${key}`], 1e-8, `lower ${confType}`);
    expectClose(km.upper, r[`upper_${key}`], 1e-8, `upper ${confType}`);
    const med = medianSurvival(km);
    expectClose([med.median, med.lower, med.upper], r[`median_${key}`], 1e-10, `median ${confType}`);
  }
  const km = kaplanMeier(outcome);
  const rm = restrictedMeanSurvival(km, r.rmeanHorizon);
  expectClose(rm.rmst, r.rmean, 1e-8, 'rmean');
  expectClose(rm.stdErr, r.rmeanStdErr, 1e-8, 'se(rmean)');
}

describe('kaplanMeier agrees with R survfit', () => {
  it('veteran: survival, Greenwood se, log / log-log / plain CI, n.risk, median with CI, rmean(365)', () => {
    checkAgainstR(veteran().outcome, reference.veteran.km);
  });

  it('hepatoCellular overall and recurrence-free survival (months, heavy ties; OS median not reached = NaN)', () => {
    const h = hepatoCellular();
    checkAgainstR(h.os, reference.hepatoCellular.os.km);
    checkAgainstR(h.rfs, reference.hepatoCellular.rfs.km);
    expect(medianSurvival(kaplanMeier(h.os)).median).toBeNaN();
  });

  it('gives the same curve for shuffled input (boolean events too)', () => {
    const { outcome } = veteran();
    const perm = permutation(outcome.time.length, 7);
    const shuffled = { time: perm.map((i) => outcome.time[i]!), event: perm.map((i) => outcome.event[i] === 1) };
    expect(perm.slice(0, 10)).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const r = reference.veteran.km;
    const km = kaplanMeier(shuffled);
    expectClose(km.survival, r.survival, 1e-10, 'surv');
    expectClose(km.nRisk, r.nRisk, 0, 'n.risk');
    expectClose(km.lower, r.lower_log, 1e-8, 'lower');
  });

  it('hand example: median is the midpoint when S sits exactly at 0.5', () => {
    // 4 subjects, deaths at 1 and 2 -> S = 0.75, 0.5 (flat until 4) -> median (2 + 4) / 2 = 3.
    const km = kaplanMeier({ time: [1, 2, 4, 5], event: [1, 1, 1, 0] });
    expect(Array.from(km.survival)).toEqual([0.75, 0.5, 0.25, 0.25]);
    expect(medianSurvival(km).median).toBe(3);
    expect(restrictedMeanSurvival(km, 4).rmst).toBeCloseTo(1 + 0.75 + 2 * 0.5, 12);
  });
});

describe('kaplanMeier bad input', () => {
  it('rejects negative, NaN and infinite times, bad events, mismatched lengths, empty input', () => {
    expect(() => kaplanMeier({ time: [1, -2], event: [1, 0] })).toThrow(SurvivalInputError);
    expect(() => kaplanMeier({ time: [1, Number.NaN], event: [1, 0] })).toThrow(/outcome\.time: entry 1/);
    expect(() => kaplanMeier({ time: [1, Number.POSITIVE_INFINITY], event: [1, 0] })).toThrow(SurvivalInputError);
    expect(() => kaplanMeier({ time: [1, 2], event: [1, 2] })).toThrow(/outcome\.event: entry 1/);
    expect(() => kaplanMeier({ time: [1, 2], event: [1] })).toThrow(/outcome\.event/);
    expect(() => kaplanMeier({ time: [], event: [] })).toThrow(/length must be/);
    expect(() => kaplanMeier(null as never)).toThrow(SurvivalInputError);
  });

  it('rejects bad options', () => {
    const o = { time: [1, 2], event: [1, 0] };
    expect(() => kaplanMeier(o, { confLevel: 1 })).toThrow(/options\.confLevel/);
    expect(() => kaplanMeier(o, { confType: 'arcsin' as never })).toThrow(/options\.confType/);
  });

  it('allows time zero like R', () => {
    const km = kaplanMeier({ time: [0, 1, 2], event: [1, 1, 0] });
    expect(km.survival[0]).toBeCloseTo(2 / 3, 12);
  });
});

describe('medianSurvival / restrictedMeanSurvival bad input', () => {
  it('rejects mis-sized curves and non-positive horizons', () => {
    expect(() => medianSurvival({ time: [1, 2], survival: [1] })).toThrow(/curve\.survival/);
    expect(() => medianSurvival({ time: [1, 2], survival: [1, 0.5], lower: [1] })).toThrow(/curve\.lower/);
    expect(() => restrictedMeanSurvival({ time: [1, 2], survival: [0.9, 0.5] }, 0)).toThrow(/horizon/);
    expect(() => restrictedMeanSurvival({ time: [2, 1], survival: [0.9, 0.5] }, 3)).toThrow(/curve\.time/);
    expect(() => restrictedMeanSurvival({ time: [1, 2], survival: [0.9] }, 3)).toThrow(/curve\.survival/);
  });
});

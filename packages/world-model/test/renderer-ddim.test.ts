import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelCardError, ModelInputError } from '../src/errors.ts';
import { loadModelCard, type ModelCard, type NoiseSchedule } from '@mewm/models';
import { createOnnxSession, type OnnxSession } from '@mewm/models';
import { ddimSample, type DenoiserSession } from '../src/renderer/ddim.ts';
import { alphaBars, ddimTimesteps } from '../src/renderer/noise-schedule.ts';
import { GRID, tinyCardPath, VOXELS } from '../../models/test/renderer-tiny-fixture.ts';

const SHAPE = [1, 1, GRID, GRID, GRID] as const;
const condition = Float32Array.from({ length: 3 * VOXELS }, (_, i) => Math.sin(i * 0.01) * 0.5);

describe('noise schedules', () => {
  it('linear: ᾱ matches the DDPM schedule (β 1e-4 → 0.02, T = 1000)', () => {
    const a = alphaBars({ kind: 'linear', trainSteps: 1000, betaStart: 1e-4, betaEnd: 0.02 });
    expect(a[0]).toBeCloseTo(0.9999, 12);
    expect(a[499]).toBeCloseTo(0.0785872428817782, 12);
    expect(a[999]).toBeCloseTo(4.035829765375676e-5, 14);
  });

  it('cosine: ᾱ[t] = g((t+1)/T) / g(0) until β reaches maxBeta (Nichol & Dhariwal 2021)', () => {
    const a = alphaBars({ kind: 'cosine', trainSteps: 1000, cosineOffset: 0.008, maxBeta: 0.999 });
    const g = (u: number): number => Math.cos(((u + 0.008) / 1.008) * (Math.PI / 2)) ** 2;
    expect(a[0]).toBeCloseTo(0.999958716, 9);
    expect(a[499]).toBeCloseTo(g(0.5) / g(0), 12);
    expect(a[999]).toBeCloseTo(2.42876691e-9, 15); // last β clipped at 0.999
    for (let t = 1; t < 1000; t++) expect(a[t]!).toBeLessThan(a[t - 1]!);
  });

  it("'uniform' spacing: evenly spread, ending at T−1, high to low", () => {
    expect(ddimTimesteps(1000, 4)).toEqual([999, 749, 499, 249]);
    expect(ddimTimesteps(1000, 10)).toEqual([999, 899, 799, 699, 599, 499, 399, 299, 199, 99]);
    expect(ddimTimesteps(10, 3)).toEqual([9, 6, 2]);
    expect(ddimTimesteps(5, 5)).toEqual([4, 3, 2, 1, 0]);
  });

  it('rejects steps outside [1, T]', () => {
    for (const s of [0, 1001, 2.5, Number.NaN]) expect(() => ddimTimesteps(1000, s)).toThrow(ModelInputError);
  });
});

describe('ddimSample with the tiny ONNX renderer', () => {
  let session: OnnxSession;
  beforeAll(async () => {
    session = await createOnnxSession(tinyCardPath, { intraOpThreads: 1 });
  });
  afterAll(async () => session.dispose());

  it('is bit-identical for the same seed and different for another seed (eta 0 and 1)', async () => {
    for (const eta of [0, 1]) {
      const a = await ddimSample({ session, condition, shape: SHAPE, steps: 3, eta, seed: 7 });
      const b = await ddimSample({ session, condition, shape: SHAPE, steps: 3, eta, seed: 7 });
      const c = await ddimSample({ session, condition, shape: SHAPE, steps: 3, eta, seed: 8 });
      expect(Buffer.from(a.sample.buffer).equals(Buffer.from(b.sample.buffer))).toBe(true);
      let differ = 0;
      for (let i = 0; i < VOXELS; i++) if (a.sample[i] !== c.sample[i]) differ++;
      // the random model saturates many voxels at ±1 (clipped x̂0); the rest differ
      expect(differ).toBeGreaterThan(VOXELS * 0.25);
    }
  });

  it('eta changes the result for the same seed', async () => {
    const a = await ddimSample({ session, condition, shape: SHAPE, steps: 3, eta: 0, seed: 7 });
    const b = await ddimSample({ session, condition, shape: SHAPE, steps: 3, eta: 1, seed: 7 });
    expect(Buffer.from(a.sample.buffer).equals(Buffer.from(b.sample.buffer))).toBe(false);
  });

  it('runs the model once per step, reports each step, and stays in [−1, 1]', async () => {
    let runs = 0;
    const counting: DenoiserSession = { card: session.card, run: (f) => ((runs += 1), session.run(f)) };
    const seen: number[] = [];
    const r = await ddimSample({ session: counting, condition, shape: SHAPE, steps: 4, eta: 0, seed: 1, onStep: (s) => seen.push(s.timestep) });
    expect(runs).toBe(4);
    expect(seen).toEqual([999, 749, 499, 249]);
    expect(r.timesteps).toEqual(seen);
    expect(r.stepMs).toHaveLength(4);
    expect(r.stepMs.every((ms) => ms > 0)).toBe(true);
    expect(Math.max(...r.sample)).toBeLessThanOrEqual(1);
    expect(Math.min(...r.sample)).toBeGreaterThanOrEqual(-1);
  });
});

/** A fake session whose prediction is exactly right for a known clean sample `target`. */
function oracle(card: ModelCard, target: Float32Array, answerAs: 'epsilon' | 'v'): DenoiserSession {
  const abar = alphaBars(card.renderer!.noiseSchedule);
  return {
    card,
    run: async (feeds) => {
      const x = feeds.sample!.data as Float32Array;
      const a = abar[(feeds.timestep!.data as Float32Array)[0]!]!;
      const out = new Float32Array(x.length);
      for (let i = 0; i < x.length; i++) {
        const eps = (x[i]! - Math.sqrt(a) * target[i]!) / Math.sqrt(1 - a);
        out[i] = answerAs === 'epsilon' ? eps : Math.sqrt(a) * eps - Math.sqrt(1 - a) * target[i]!;
      }
      return { prediction: new ort.Tensor('float32', out, [...feeds.sample!.dims]) };
    },
  };
}

function withRenderer(card: ModelCard, parameterisation: 'epsilon' | 'v', noiseSchedule: NoiseSchedule): ModelCard {
  return { ...card, renderer: { ...card.renderer!, parameterisation, noiseSchedule } };
}

describe('ddimSample update rule (analytic oracle)', () => {
  const small = [1, 1, 4, 4, 4];
  const cond = new Float32Array(3 * 64);
  const target = Float32Array.from({ length: 64 }, (_, i) => Math.sin(i) * 0.9);
  const schedules: NoiseSchedule[] = [
    { kind: 'cosine', trainSteps: 1000, cosineOffset: 0.008, maxBeta: 0.999 },
    { kind: 'linear', trainSteps: 1000, betaStart: 1e-4, betaEnd: 0.02 },
  ];
  let card: ModelCard;
  beforeAll(async () => {
    card = (await loadModelCard(tinyCardPath)).card;
  });

  for (const p of ['epsilon', 'v'] as const) {
    for (const schedule of schedules) {
      it(`recovers the clean sample from a perfect ${p}-model (${schedule.kind}, eta 0 and 0.5)`, async () => {
        for (const eta of [0, 0.5]) {
          const r = await ddimSample({ session: oracle(withRenderer(card, p, schedule), target, p), condition: cond, shape: small, steps: 6, eta, seed: 3 });
          for (let i = 0; i < 64; i++) expect(r.sample[i]).toBeCloseTo(target[i]!, 4);
        }
      });
    }
  }

  it('reads the parameterisation from the card (a v-card fed epsilon answers does not recover the sample)', async () => {
    const r = await ddimSample({ session: oracle(withRenderer(card, 'v', schedules[0]!), target, 'epsilon'), condition: cond, shape: small, steps: 6, eta: 0, seed: 3 });
    const err = Math.max(...r.sample.map((v, i) => Math.abs(v - target[i]!)));
    expect(err).toBeGreaterThan(0.01); // the matching oracle is within 5e-5
  });

  it('clips x̂0 to [−1, 1]; without clipping a biased model leaves the range', async () => {
    const biased: DenoiserSession = {
      card,
      run: async (feeds) => ({ prediction: new ort.Tensor('float32', new Float32Array(64).fill(-10), [...feeds.sample!.dims]) }),
    };
    const clipped = await ddimSample({ session: biased, condition: cond, shape: small, steps: 8, eta: 0, seed: 3 });
    expect([...clipped.sample].every((v) => v === 1)).toBe(true);
    const raw = await ddimSample({ session: biased, condition: cond, shape: small, steps: 8, eta: 0, seed: 3, clipSample: false });
    expect(Math.min(...raw.sample)).toBeGreaterThan(1.5);
  });
});

describe('ddimSample: bad input', () => {
  let card: ModelCard;
  beforeAll(async () => {
    card = (await loadModelCard(tinyCardPath)).card;
  });
  const session = (): DenoiserSession => ({ card, run: async () => ({}) });

  it('rejects bad seed, eta, steps, shape and condition length', async () => {
    const base = { condition, shape: SHAPE, steps: 2, eta: 0, seed: 1 };
    await expect(ddimSample({ ...base, session: session(), seed: 1.5 })).rejects.toThrow(/seed must be an integer/);
    await expect(ddimSample({ ...base, session: session(), eta: 2 })).rejects.toThrow(/eta must be in \[0, 1\]/);
    await expect(ddimSample({ ...base, session: session(), steps: 0 })).rejects.toThrow(/steps must be an integer in \[1, 1000\]/);
    await expect(ddimSample({ ...base, session: session(), shape: [1, 32] })).rejects.toThrow(/shape must be/);
    await expect(ddimSample({ ...base, session: session(), condition: new Float32Array(VOXELS) })).rejects.toThrow(/expected 3 channels × 32768 voxels/);
  });

  it('rejects a session whose card is not a renderer, and a model that returns no prediction', async () => {
    const { renderer: _drop, ...plain } = card;
    await expect(ddimSample({ session: { card: { ...plain, kind: 'risk-model' }, run: async () => ({}) }, condition, shape: SHAPE, steps: 1, eta: 0, seed: 1 }))
      .rejects.toThrow(ModelCardError);
    await expect(ddimSample({ session: session(), condition, shape: SHAPE, steps: 1, eta: 0, seed: 1 })).rejects.toThrow(/output 'prediction' must be float32/);
  });
});

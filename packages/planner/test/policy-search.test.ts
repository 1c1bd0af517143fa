import { describe, expect, it } from 'vitest';
import {
  checkProtocolRules, EMBOLIC_AGENTS, parseProtocol, protocolKey, TACE_DRUGS, type EmbolicAgent, type Protocol, type TaceDrug,
} from '@mewm/world-model';
import type { PlanProgress, ProtocolEvaluator } from '../src/plan/contracts.ts';
import { PlannerInputError, searchPolicy, taceBeamSearch } from '../src/policy/index.ts';
import { patient } from './policy-helpers.ts';

function tace(p: Protocol) {
  const c = p.components[0];
  if (c?.modality !== 'tace' || p.components.length !== 1) throw new Error('search evaluated a non-TACE protocol');
  return c;
}

/**
 * A known scoring function: additive agent weights plus one interaction (raltitrexed + mitomycin),
 * and large weights on two conflicting platinum agents (oxaliplatin, cisplatin) and on PVA with gelatin sponge.
 * The optimum among valid plans (≤ 2 drugs, Lipiodol + ≤ 1 embolic) is raltitrexed + mitomycin + Lipiodol + PVA = 1 + 4 + 10 + 3 = 18.
 */
const DRUG_W: Partial<Record<TaceDrug, number>> = { epirubicin: 5, mitomycin: 4, raltitrexed: 1, oxaliplatin: 3.5, cisplatin: 3.4 };
const EMB_W: Partial<Record<EmbolicAgent, number>> = { pva: 3, 'gelatin-sponge': 2 };
function knownScore(p: Protocol): number {
  const c = tace(p);
  let s = 0;
  for (const d of c.drugs) s += DRUG_W[d] ?? 0;
  for (const e of c.embolics) s += EMB_W[e] ?? 0;
  if (c.drugs.includes('raltitrexed') && c.drugs.includes('mitomycin')) s += 10;
  if (c.drugs.includes('oxaliplatin') && c.drugs.includes('cisplatin')) s += 100; // would win if conflicts were not pruned
  if (c.embolics.includes('pva') && c.embolics.includes('gelatin-sponge')) s += 100;
  return s;
}

/** These evaluators read every agent, so no two distinct plans share a read key (the default, `modelReadKey`, is the world model's). */
const READS_EVERYTHING = { readKey: protocolKey };

/** An evaluator that records every batch and fails the test if it ever sees a conflicting plan. */
function recordingEvaluator(score: (p: Protocol) => number = knownScore) {
  const batches: Protocol[][] = [];
  const evaluate: ProtocolEvaluator = async (protocols) => {
    batches.push(protocols);
    for (const p of protocols) checkProtocolRules(p); // throws ProtocolConflictError on a conflicting plan
    return protocols.map(score);
  };
  return { evaluate, batches, count: () => batches.reduce((a, b) => a + b.length, 0) };
}

/** Every valid plan with 1–2 drugs and Lipiodol + 0–1 other embolic (brute force). */
function bruteForceBest(score: (p: Protocol) => number): number {
  let best = -Infinity;
  const drugSets: TaceDrug[][] = [];
  TACE_DRUGS.forEach((a, i) => {
    drugSets.push([a]);
    for (const b of TACE_DRUGS.slice(i + 1)) drugSets.push([a, b]);
  });
  const embSets: EmbolicAgent[][] = [['lipiodol'], ...EMBOLIC_AGENTS.filter((e) => e !== 'lipiodol').map((e): EmbolicAgent[] => ['lipiodol', e])];
  for (const drugs of drugSets) {
    for (const embolics of embSets) {
      try {
        best = Math.max(best, score(parseProtocol({ components: [{ modality: 'tace', technique: 'conventional', drugs, embolics }] })));
      } catch {
        /* conflicting: not a plan */
      }
    }
  }
  return best;
}

describe('taceBeamSearch (MeWM-style)', () => {
  it('finds the known optimum with the MeWM defaults, which a greedy search (width 1) misses', async () => {
    expect(bruteForceBest(knownScore)).toBe(18);
    const wide = await taceBeamSearch(recordingEvaluator().evaluate, READS_EVERYTHING);
    expect(wide.best[0]).toMatchObject({ name: 'ctace:raltitrexed+mitomycin+lipiodol+pva', score: 18, drugs: ['raltitrexed', 'mitomycin'], embolics: ['lipiodol', 'pva'] });
    const greedy = await taceBeamSearch(recordingEvaluator().evaluate, { ...READS_EVERYTHING, beamWidth: 1 });
    expect(greedy.best[0]!.score).toBe(12); // epirubicin + mitomycin + Lipiodol + PVA
  });

  it('never evaluates a conflicting plan and reports the pruned conflicts', async () => {
    const ev = recordingEvaluator();
    const r = await taceBeamSearch(ev.evaluate, READS_EVERYTHING);
    for (const p of ev.batches.flat()) {
      const c = tace(p);
      expect(c.drugs.includes('oxaliplatin') && c.drugs.includes('cisplatin')).toBe(false);
      expect(c.embolics.includes('pva') && c.embolics.includes('gelatin-sponge')).toBe(false);
      expect(c.embolics).not.toContain('drug-eluting-beads');
    }
    expect(r.best.every((p) => p.score < 100)).toBe(true);
    expect(r.prunedConflicts).toBeGreaterThan(0);
    const d2 = r.trace[1]!;
    expect(d2.conflicts['oxaliplatin × cisplatin']).toBeGreaterThan(0); // oxaliplatin and cisplatin are in the depth-1 beam
    const d3 = r.trace[2]!;
    expect(d3.conflicts['conventional TACE × drug-eluting-beads']).toBe(d3.beamsIn);
  });

  it('reports a trace per depth: drugs first, then embolic agents', async () => {
    const ev = recordingEvaluator();
    const r = await taceBeamSearch(ev.evaluate, READS_EVERYTHING);
    expect(r.trace.map((t) => t.step)).toEqual(['first drug', 'drug', 'embolic']);
    expect(r.trace[0]).toMatchObject({ depth: 1, beamsIn: 0, generated: 11, evaluated: 11, duplicates: 0, prunedConflicts: 0, evaluatorCalls: 1 });
    expect(r.trace[1]).toMatchObject({ beamsIn: 5, generated: 5 * 10 });
    expect(r.trace[2]).toMatchObject({ beamsIn: 5, generated: 5 * 5 });
    for (const t of r.trace) {
      expect(t.generated).toBe(t.duplicates + t.prunedConflicts + t.evaluated + t.reused);
      expect(t.reused).toBe(0);
      expect(t.kept.length).toBeLessThanOrEqual(5);
      expect(t.kept.map((k) => k.score)).toEqual([...t.kept.map((k) => k.score)].sort((a, b) => b - a));
    }
    expect(r.trace[0]!.kept.map((k) => k.name).slice(0, 3)).toEqual(['ctace:epirubicin+lipiodol', 'ctace:mitomycin+lipiodol', 'ctace:oxaliplatin+lipiodol']);
    expect(r.evaluated).toBe(ev.count());
    expect(r.evaluatorCalls).toBe(ev.batches.length);
    expect(r.evaluatorCalls).toBe(3);
  });

  it('calls the evaluator beam width × branching times per depth (no duplicates or conflicts in this action base)', async () => {
    const drugs: TaceDrug[] = ['raltitrexed', 'epirubicin', 'mitomycin', 'nedaplatin'];
    const embolics: EmbolicAgent[] = ['lipiodol', 'gelatin-sponge', 'nbca', 'absolute-alcohol'];
    const ev = recordingEvaluator();
    const r = await taceBeamSearch(ev.evaluate, { ...READS_EVERYTHING, beamWidth: 3, maxDrugs: 1, maxEmbolics: 2, drugs, embolics });
    // depth 1: 1 root × 4 drugs; depth 2: 3 beams × 3 embolics (Lipiodol already in every plan)
    expect(ev.batches.map((b) => b.length)).toEqual([4, 3 * 3]);
    expect(r.evaluated).toBe(4 + 9);
    const batched = recordingEvaluator();
    await taceBeamSearch(batched.evaluate, { ...READS_EVERYTHING, beamWidth: 3, maxDrugs: 1, maxEmbolics: 2, drugs, embolics, batchSize: 2 });
    expect(batched.batches.map((b) => b.length)).toEqual([2, 2, 2, 2, 2, 2, 1]);
  });

  it('evaluates a combination reached from two beams once', async () => {
    const drugs: TaceDrug[] = ['raltitrexed', 'epirubicin', 'mitomycin'];
    const ev = recordingEvaluator();
    const r = await taceBeamSearch(ev.evaluate, { ...READS_EVERYTHING, beamWidth: 3, maxDrugs: 2, maxEmbolics: 1, drugs });
    // 3 beams × 2 drugs = 6 children, 3 distinct pairs
    expect(r.trace[1]).toMatchObject({ generated: 6, duplicates: 3, evaluated: 3 });
    const keys = ev.batches.flat().map((p) => JSON.stringify(tace(p)));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('is deterministic for a given evaluator, ties broken by agent count, then protocol key', async () => {
    const flat: ProtocolEvaluator = async (ps) => ps.map(() => 1);
    const a = await taceBeamSearch(flat, READS_EVERYTHING);
    const b = await taceBeamSearch(flat, READS_EVERYTHING);
    expect(a).toEqual(b);
    expect(a.best[0]!.name).toBe('ctace:cisplatin+lipiodol'); // all tied: the smallest key wins
  });

  it('evaluates one plan per model-read key by default: every cTACE plan is read alike (drugs alike, Lipiodol), so one evaluation, the rest reuse it', async () => {
    const ev = recordingEvaluator();
    const r = await taceBeamSearch(ev.evaluate);
    expect(ev.count()).toBe(1);
    expect(r.evaluated).toBe(1);
    const generated = r.trace.reduce((a, t) => a + t.generated - t.duplicates - t.prunedConflicts, 0);
    expect(r.reused).toBe(generated - 1);
    expect(r.reused).toBeGreaterThan(50);
    const evaluatedName = ev.batches[0]![0]!.name;
    expect(new Set(r.best.map((p) => p.score)).size).toBe(1);
    for (const p of r.best) expect(p.sameAs === null ? p.name : p.sameAs).toBe(evaluatedName);
    // the same search reading every agent evaluates every distinct plan
    const all = recordingEvaluator();
    const full = await taceBeamSearch(all.evaluate, READS_EVERYTHING);
    expect(full.evaluated).toBe(all.count());
    expect(full.evaluated).toBeGreaterThan(r.evaluated);
  });

  it('searches DEB-TACE with beads as the base embolic and prunes Lipiodol', async () => {
    const r = await taceBeamSearch(recordingEvaluator().evaluate, { ...READS_EVERYTHING, taceBase: 'deb' });
    expect(r.best[0]!.protocol.components[0]).toMatchObject({ technique: 'deb' });
    expect(r.best.every((p) => p.embolics.includes('drug-eluting-beads') && !p.embolics.includes('lipiodol'))).toBe(true);
    expect(r.trace[2]!.conflicts['DEB-TACE × lipiodol']).toBe(r.trace[2]!.beamsIn);
    expect(r.best[0]!.name).toMatch(/^deb-tace:/);
  });

  it('searches particle TACE, choosing the first drug and embolic together', async () => {
    const ev = recordingEvaluator();
    const r = await taceBeamSearch(ev.evaluate, { ...READS_EVERYTHING, taceBase: 'particle', maxDrugs: 1, maxEmbolics: 1 });
    expect(r.trace).toHaveLength(1);
    expect(r.trace[0]).toMatchObject({ step: 'first drug and embolic', generated: 11 * 6, prunedConflicts: 11 * 2, evaluated: 11 * 4 });
    expect(r.best[0]!.name).toBe('tace:epirubicin+pva');
  });

  it('reports progress once per depth with the cumulative count', async () => {
    const events: PlanProgress[] = [];
    const r = await taceBeamSearch(recordingEvaluator().evaluate, READS_EVERYTHING, (e) => events.push(e));
    expect(events.map((e) => (e.phase === 'search' ? [e.depth, e.depths, e.evaluated] : null))).toEqual([
      [1, 3, r.trace[0]!.evaluated],
      [2, 3, r.trace[0]!.evaluated + r.trace[1]!.evaluated],
      [3, 3, r.evaluated],
    ]);
  });

  describe('bad input', () => {
    const ok: ProtocolEvaluator = async (ps) => ps.map(() => 0);
    it.each([
      [{ beamWidth: 0 }, 'search.beamWidth'],
      [{ maxDrugs: 4 }, 'search.maxDrugs'],
      [{ maxEmbolics: 0 }, 'search.maxEmbolics'],
      [{ maxCandidates: 1.5 }, 'search.maxCandidates'],
      [{ taceBase: 'bland' }, 'search.taceBase'],
      [{ drugs: ['aspirin'] }, 'search.drugs'],
      [{ drugs: [] }, 'search.drugs'],
      [{ embolics: ['lipiodol', 'lipiodol'] }, 'search.embolics'],
      [{ followUpDays: 0 }, 'search.followUpDays'],
      [{ batchSize: 0 }, 'search.batchSize'],
    ])('refuses %j, naming %s', async (opts, argument) => {
      await expect(taceBeamSearch(ok, opts as never)).rejects.toMatchObject({ argument });
      expect(() => searchPolicy(opts as never)).toThrow(PlannerInputError);
    });
    it('refuses an evaluator that returns the wrong number of scores or a non-finite score', async () => {
      await expect(taceBeamSearch(async (ps) => ps.slice(1).map(() => 0))).rejects.toThrow(/ctx\.evaluate: must return one score per protocol/);
      await expect(taceBeamSearch(async (ps) => ps.map(() => Number.NaN))).rejects.toThrow(/ctx\.evaluate: returned a non-finite score/);
    });
    it('says so when every plan of the action base conflicts', async () => {
      await expect(taceBeamSearch(ok, { taceBase: 'particle', embolics: ['lipiodol'] })).rejects.toThrow(/every plan of the action base conflicts/);
    });
  });
});

describe('searchPolicy', () => {
  it('returns the best plans as search candidates with the trace in the summary', async () => {
    const ev = recordingEvaluator();
    const { candidates, summary } = await searchPolicy({ ...READS_EVERYTHING, maxCandidates: 3 }).propose(patient([40]), { evaluate: ev.evaluate });
    expect(candidates.map((c) => c.name)).toEqual([
      'ctace:raltitrexed+mitomycin+lipiodol+pva', 'ctace:raltitrexed+mitomycin+lipiodol+gelatin-sponge', 'ctace:raltitrexed+mitomycin+lipiodol',
    ]);
    for (const c of candidates) {
      expect(c.source).toBe('search');
      expect(c.protocol.name).toBe(c.name);
      expect(() => parseProtocol(c.protocol)).not.toThrow();
      expect(c.rationale).toContain('MeWM (Yang et al., arXiv 2506.02327, ICCV 2025)');
    }
    expect(candidates[0]!.rationale).toMatch(/rank 1 of 3.*score 18/);
    expect(summary).toMatchObject({ policy: 'search', evaluated: ev.count(), evaluatorCalls: 3 });
    expect(summary.config).toMatchObject({ beamWidth: 5, maxDrugs: 2, maxEmbolics: 2, taceBase: 'conventional', maxCandidates: 3 });
    expect(summary.depths).toHaveLength(3);
  });

  it('defaults to the final beam (5 candidates) and uses the follow-up asked for', async () => {
    const { candidates } = await searchPolicy({ ...READS_EVERYTHING, followUpDays: 60 }).propose(patient([40]), { evaluate: recordingEvaluator().evaluate });
    expect(candidates).toHaveLength(5);
    expect(candidates.every((c) => c.protocol.followUpDays === 60)).toBe(true);
  });
});

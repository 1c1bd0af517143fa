/**
 * MeWM-style beam search over TACE drug and embolic-agent combinations (Yang et al., "Medical World
 * Model", arXiv 2506.02327, ICCV 2025; defaults from its released `tace_protocol_exploration`: 5 beams,
 * drug horizon 2, embolic horizon 2 with Lipiodol counted as the first embolic of cTACE).
 *
 * Order of extension (drugs first, then embolics, as in MeWM):
 *   depth 1      one drug + the base's embolic (cTACE: Lipiodol; DEB-TACE: drug-eluting beads);
 *                for particle TACE, which has no fixed embolic, one drug and one embolic together;
 *   next depths  one more drug per depth, up to `maxDrugs`; then one more embolic per depth, up to
 *                `maxEmbolics` (the base's embolic counts towards it).
 * Every depth-1 plan is already a complete, valid protocol, so each partial plan is scored by the
 * evaluator (MeWM scores drug-only partial plans; our protocols need an embolic, hence the base's).
 *
 * At each depth every beam is extended by every agent not yet in it; children that the world
 * model's protocol rules reject (ProtocolConflictError: two platinum agents, PVA with gelatin sponge,
 * Lipiodol in DEB-TACE, ...) are pruned before evaluation, duplicates (the same agent set reached
 * from two beams) are evaluated once, the rest are scored in batches by the evaluator (larger is
 * better), and the top `beamWidth` of the current beams and their children survive. Keeping the
 * parents lets a beam stop early (MeWM keeps a plan unchanged when no extension improves it), so
 * the beam's k-th score never decreases and the final beam is the best `beamWidth` of all plans
 * evaluated. Ties go to the plan with fewer agents, then to the smaller protocol key, so the search is
 * deterministic for a given evaluator.
 *
 * Model-read reuse: a child whose model-read key (`readKey`, default the world model's `modelReadKey`:
 * the fields the dynamics and risk models read, e.g. TACE technique and Lipiodol but not the drugs)
 * equals that of a plan already evaluated, or of another child of the same depth, is not evaluated:
 * it gets that plan's score (`reused` in the trace) and the plan it copies (`sameAs`), so the search
 * never simulates what the models cannot tell apart. The reused plans tie with it exactly. A test
 * evaluator that reads other fields passes its own `readKey` (e.g. `protocolKey`).
 */
import {
  DEFAULT_FOLLOW_UP_DAYS, EMBOLIC_AGENTS, modelReadKey, parseProtocol, ProtocolConflictError, protocolKey, TACE_DRUGS,
  type EmbolicAgent, type Protocol, type TaceDrug,
} from '@mewm/world-model';
import type { PlanProgress, ProtocolEvaluator } from '../plan/contracts.ts';
import { PlannerInputError } from '../errors.ts';
import { checkFollowUpDays, checkPositiveInt } from './option-checks.ts';

export type TaceBase = 'conventional' | 'deb' | 'particle';

export interface TaceBeamSearchOptions {
  /** Beams kept per depth (MeWM: 5). */
  beamWidth?: number;
  /** Most drugs per plan, 1–3 (MeWM: 2; the protocol schema allows 3). */
  maxDrugs?: number;
  /** Most embolic agents per plan, the base's included, 1–3 (MeWM: 2). */
  maxEmbolics?: number;
  /** Plans to return, best first (default: `beamWidth`, the final beam). */
  maxCandidates?: number;
  /** 'conventional' (drug–Lipiodol, default, as MeWM), 'deb' (drug-eluting beads) or 'particle' (neither). */
  taceBase?: TaceBase;
  /** Drugs to search over (a site's formulary); default: the whole MeWM action base. */
  drugs?: readonly TaceDrug[];
  /** Embolic agents to search over; default: all. The base's own embolic is always included. */
  embolics?: readonly EmbolicAgent[];
  followUpDays?: number;
  /** Most protocols per evaluator call (default: a whole depth in one call). */
  batchSize?: number;
  /**
   * What the evaluator reads of a protocol: plans with equal keys are evaluated once (default: the
   * world model's `modelReadKey`, right for the planner's evaluator, which simulates and scores).
   */
  readKey?: (p: Protocol) => string;
}

export const MEWM_SEARCH_DEFAULTS = Object.freeze({ beamWidth: 5, maxDrugs: 2, maxEmbolics: 2, taceBase: 'conventional' satisfies TaceBase });

/** The embolic a TACE base requires (schema rules: cTACE needs Lipiodol, DEB-TACE needs beads). */
const BASE_EMBOLIC: Record<TaceBase, EmbolicAgent | null> = { conventional: 'lipiodol', deb: 'drug-eluting-beads', particle: null };
const BASE_PREFIX: Record<TaceBase, string> = { conventional: 'ctace', deb: 'deb-tace', particle: 'tace' };
const MAX_AGENTS_PER_LIST = 3;

export interface SearchPlan {
  name: string;
  key: string;
  protocol: Protocol;
  drugs: TaceDrug[];
  embolics: EmbolicAgent[];
  score: number;
  /** Depth at which it was evaluated. */
  depth: number;
  /** Its model-read key (see `readKey`). */
  readKey: string;
  /** Name of the evaluated plan whose score it reuses (same read key); null when it was evaluated itself. */
  sameAs: string | null;
}

export interface SearchDepthTrace {
  depth: number;
  /** What this depth added. */
  step: 'first drug' | 'first drug and embolic' | 'drug' | 'embolic';
  beamsIn: number;
  /** Children generated (beams × agents not yet in the beam). */
  generated: number;
  /** Children reached from more than one beam (or evaluated before), evaluated once. */
  duplicates: number;
  /** Children rejected by the protocol rules before evaluation. */
  prunedConflicts: number;
  /** The conflicting pairs and how often each was pruned, e.g. "oxaliplatin × cisplatin": 2. */
  conflicts: Record<string, number>;
  evaluated: number;
  /** Children not evaluated because an evaluated plan has the same model-read key (its score reused). */
  reused: number;
  evaluatorCalls: number;
  /** The beam after this depth, best first. */
  kept: Array<{ name: string; score: number; depth: number }>;
}

export interface TaceBeamSearchResult {
  /** Best `maxCandidates` complete plans, best first. */
  best: SearchPlan[];
  trace: SearchDepthTrace[];
  evaluated: number;
  /** Plans whose score was reused from an evaluated plan with the same model-read key. */
  reused: number;
  evaluatorCalls: number;
  prunedConflicts: number;
  config: Required<Omit<TaceBeamSearchOptions, 'batchSize' | 'readKey'>> & { batchSize: number | null };
}

function checkAgents<T extends string>(argument: string, list: readonly T[] | undefined, all: readonly T[]): T[] {
  if (list === undefined) return [...all];
  const given: unknown = list; // checked as `unknown`: Array.isArray narrows a readonly array to `any[]`
  if (!Array.isArray(given) || given.length === 0) throw new PlannerInputError(argument, `must list at least one of ${all.join(', ')}`);
  const seen = new Set<T>();
  for (const a of list) {
    if (!all.includes(a)) throw new PlannerInputError(argument, `unknown agent "${a}"; allowed: ${all.join(', ')}`);
    if (seen.has(a)) throw new PlannerInputError(argument, `lists "${a}" twice`);
    seen.add(a);
  }
  return all.filter((a) => seen.has(a)); // canonical order of the action base
}

export function resolveSearchConfig(o: TaceBeamSearchOptions): TaceBeamSearchResult['config'] {
  const beamWidth = checkPositiveInt('search.beamWidth', o.beamWidth ?? MEWM_SEARCH_DEFAULTS.beamWidth);
  const maxDrugs = checkPositiveInt('search.maxDrugs', o.maxDrugs ?? MEWM_SEARCH_DEFAULTS.maxDrugs, MAX_AGENTS_PER_LIST);
  const maxEmbolics = checkPositiveInt('search.maxEmbolics', o.maxEmbolics ?? MEWM_SEARCH_DEFAULTS.maxEmbolics, MAX_AGENTS_PER_LIST);
  const maxCandidates = checkPositiveInt('search.maxCandidates', o.maxCandidates ?? beamWidth);
  const taceBase = o.taceBase ?? MEWM_SEARCH_DEFAULTS.taceBase;
  if (!(taceBase in BASE_EMBOLIC)) {
    throw new PlannerInputError('search.taceBase', `must be one of ${Object.keys(BASE_EMBOLIC).join(', ')}, got ${taceBase}`);
  }
  const drugs = checkAgents('search.drugs', o.drugs, TACE_DRUGS);
  const embolics = checkAgents('search.embolics', o.embolics, EMBOLIC_AGENTS);
  const followUpDays = checkFollowUpDays('search.followUpDays', o.followUpDays ?? DEFAULT_FOLLOW_UP_DAYS);
  const batchSize = o.batchSize === undefined ? null : checkPositiveInt('search.batchSize', o.batchSize);
  return { beamWidth, maxDrugs, maxEmbolics, maxCandidates, taceBase, drugs, embolics, followUpDays, batchSize };
}

type Child = { drugs: TaceDrug[]; embolics: EmbolicAgent[] };

function canonical(c: Child): Child {
  return {
    drugs: [...c.drugs].sort((a, b) => TACE_DRUGS.indexOf(a) - TACE_DRUGS.indexOf(b)),
    embolics: [...c.embolics].sort((a, b) => EMBOLIC_AGENTS.indexOf(a) - EMBOLIC_AGENTS.indexOf(b)),
  };
}

/** Best first; ties: fewer agents first (the simpler plan), then the protocol key. */
const byScore = (a: SearchPlan, b: SearchPlan) =>
  b.score - a.score ||
  a.drugs.length + a.embolics.length - (b.drugs.length + b.embolics.length) ||
  (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * Run the beam search. `evaluate` gets batches of valid protocols and returns one finite score per
 * protocol (larger is better). Progress: one `search` event per depth (`evaluated` is cumulative).
 */
export async function taceBeamSearch(
  evaluate: ProtocolEvaluator, options: TaceBeamSearchOptions = {}, onProgress?: (e: PlanProgress) => void,
): Promise<TaceBeamSearchResult> {
  if (typeof evaluate !== 'function') throw new PlannerInputError('ctx.evaluate', 'the search policy needs an evaluator function');
  const cfg = resolveSearchConfig(options);
  const fixed = BASE_EMBOLIC[cfg.taceBase];
  const steps: SearchDepthTrace['step'][] = [
    fixed ? 'first drug' : 'first drug and embolic',
    ...Array<'drug'>(cfg.maxDrugs - 1).fill('drug'),
    ...Array<'embolic'>(cfg.maxEmbolics - 1).fill('embolic'),
  ];
  const seen = new Set<string>();
  const readKeyOf = options.readKey ?? modelReadKey;
  /** The first plan evaluated per read key (its score, once known). */
  const byReadKey = new Map<string, { name: string; score?: number }>();
  const pool: SearchPlan[] = [];
  const trace: SearchDepthTrace[] = [];
  let beam: SearchPlan[] = [];
  let evaluatedTotal = 0, callsTotal = 0, prunedTotal = 0, reusedTotal = 0;

  for (let depth = 1; depth <= steps.length; depth++) {
    const step = steps[depth - 1]!;
    const children: Child[] = [];
    if (depth === 1) {
      for (const d of cfg.drugs) {
        if (fixed) children.push({ drugs: [d], embolics: [fixed] });
        else for (const e of cfg.embolics) children.push({ drugs: [d], embolics: [e] });
      }
    } else {
      for (const node of beam) {
        if (step === 'drug') {
          for (const d of cfg.drugs) if (!node.drugs.includes(d)) children.push({ drugs: [...node.drugs, d], embolics: node.embolics });
        } else {
          for (const e of cfg.embolics) if (!node.embolics.includes(e)) children.push({ drugs: node.drugs, embolics: [...node.embolics, e] });
        }
      }
    }
    const t: SearchDepthTrace = {
      depth, step, beamsIn: depth === 1 ? 0 : beam.length, generated: children.length,
      duplicates: 0, prunedConflicts: 0, conflicts: {}, evaluated: 0, reused: 0, evaluatorCalls: 0, kept: [],
    };
    const pending: Array<Omit<SearchPlan, 'score'>> = [];
    const copies: Array<Omit<SearchPlan, 'score'>> = [];
    for (const raw of children) {
      const child = canonical(raw);
      const name = `${BASE_PREFIX[cfg.taceBase]}:${[...child.drugs, ...child.embolics].join('+')}`;
      const input = {
        name,
        components: [{ modality: 'tace' as const, technique: cfg.taceBase, drugs: child.drugs, embolics: child.embolics }],
        followUpDays: cfg.followUpDays,
      };
      let protocol: Protocol;
      try {
        protocol = parseProtocol(input);
      } catch (e) {
        if (!(e instanceof ProtocolConflictError)) throw e;
        t.prunedConflicts++;
        const pair = e.conflicting.length > 0 ? e.conflicting.join(' × ') : e.message;
        t.conflicts[pair] = (t.conflicts[pair] ?? 0) + 1;
        continue;
      }
      const key = protocolKey(protocol);
      if (seen.has(key)) {
        t.duplicates++;
        continue;
      }
      seen.add(key);
      const readKey = readKeyOf(protocol);
      const first = byReadKey.get(readKey);
      const plan = { name, key, protocol, drugs: child.drugs, embolics: child.embolics, depth, readKey, sameAs: first?.name ?? null };
      if (first) {
        copies.push(plan);
        continue;
      }
      byReadKey.set(readKey, { name });
      pending.push(plan);
    }
    const evaluated = await evaluateInBatches(evaluate, pending, cfg.batchSize, t);
    for (const p of evaluated) byReadKey.get(p.readKey)!.score = p.score;
    const reused = copies.map((p): SearchPlan => ({ ...p, score: byReadKey.get(p.readKey)!.score! }));
    t.reused = reused.length;
    const scored = [...evaluated, ...reused];
    pool.push(...scored);
    beam = [...beam, ...scored].sort(byScore).slice(0, cfg.beamWidth);
    t.kept = beam.map((p) => ({ name: p.name, score: p.score, depth: p.depth }));
    trace.push(t);
    evaluatedTotal += t.evaluated;
    callsTotal += t.evaluatorCalls;
    prunedTotal += t.prunedConflicts;
    reusedTotal += t.reused;
    onProgress?.({ phase: 'search', depth, depths: steps.length, evaluated: evaluatedTotal });
  }
  if (pool.length === 0) {
    throw new PlannerInputError('search', `every plan of the action base conflicts with the protocol rules for ${cfg.taceBase} TACE (drugs: ${cfg.drugs.join(', ')}; embolics: ${cfg.embolics.join(', ')})`);
  }
  return {
    best: [...pool].sort(byScore).slice(0, cfg.maxCandidates),
    trace,
    evaluated: evaluatedTotal,
    reused: reusedTotal,
    evaluatorCalls: callsTotal,
    prunedConflicts: prunedTotal,
    config: cfg,
  };
}

async function evaluateInBatches(
  evaluate: ProtocolEvaluator, pending: Array<Omit<SearchPlan, 'score'>>, batchSize: number | null, t: SearchDepthTrace,
): Promise<SearchPlan[]> {
  const out: SearchPlan[] = [];
  const size = batchSize ?? Math.max(1, pending.length);
  for (let i = 0; i < pending.length; i += size) {
    const batch = pending.slice(i, i + size);
    const scores = await evaluate(batch.map((p) => p.protocol));
    t.evaluatorCalls++;
    if (!Array.isArray(scores) || scores.length !== batch.length) {
      throw new PlannerInputError('ctx.evaluate', `must return one score per protocol: got ${Array.isArray(scores) ? scores.length : typeof scores} for ${batch.length}`);
    }
    batch.forEach((p, j) => {
      const score = scores[j];
      if (typeof score !== 'number' || !Number.isFinite(score)) {
        throw new PlannerInputError('ctx.evaluate', `returned a non-finite score (${String(score)}) for ${p.name}`);
      }
      out.push({ ...p, score });
    });
    t.evaluated += batch.length;
  }
  return out;
}

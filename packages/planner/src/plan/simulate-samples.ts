/**
 * The engine's inner step: one protocol, a list of seeds → one scored SampleRecord per seed, through
 * the cache. The protocol's treatment term for the plan's disease is looked up first (a protocol the
 * disease's risk model has no term for is refused before anything is simulated). Missing seeds are
 * simulated (simulateTreatment; contiguous seeds in one call, so the lesion labelling is done once
 * per run) and scored from the MEASURED simulated image (score-sample.ts: measureResponse, then the
 * risk model on the measured features, the input's clinical covariates and the treatment term). A cached record is used as is; when the
 * caller needs the volumes and the cache has none, the sample is simulated again and its content
 * hashes must equal the record's (the pipeline is deterministic; anything else is a bug).
 */
import type { RiskModel } from '@mewm/survival';
import { simulateTreatment, type Protocol, type RegionRenderer } from '@mewm/world-model';
import { planInputHash, volumeContentSha256 } from './content-hash.ts';
import type { PlanInput } from './contracts.ts';
import type { ModelIdentity } from './model-identity.ts';
import { checkedRiskRule } from './risk-modality.ts';
import type { SampleRecord, SampleVolumes } from './sample-record.ts';
import { scoreSample } from './score-sample.ts';
import { simulationCacheKey, type SimulationCache } from './simulation-cache.ts';

export interface EngineContext {
  renderer: RegionRenderer;
  riskModel: RiskModel;
  models: ModelIdentity;
  cache: SimulationCache;
  steps?: number;
  /** Counters shared by everything that uses this context. */
  stats: EngineStats;
}

export interface EngineStats {
  /** Samples run through the simulation pipeline (including re-simulations for volumes). */
  simulated: number;
  /** Samples taken from the cache without simulating. */
  cacheHits: number;
  /** Cache hits simulated again because the caller needed the volumes and the cache had dropped them. */
  resimulatedForVolumes: number;
  simulateMs: number;
  /** Measuring and scoring the simulated images (measureMs is the measurement's part of it). */
  scoreMs: number;
  measureMs: number;
}

export const emptyEngineStats = (): EngineStats => ({ simulated: 0, cacheHits: 0, resimulatedForVolumes: 0, simulateMs: 0, scoreMs: 0, measureMs: 0 });

export interface SimulateSamplesOptions {
  /** The caller needs the volumes of every sample (NIfTI bundle, key slices). */
  needVolumes: boolean;
  /** Keep new volumes in the cache (the search policy does, so the final scoring can write them). */
  retainVolumes: boolean;
  /** After each sample (in seed order), with its volumes when `needVolumes`. */
  onSample?: (index: number, record: SampleRecord, volumes: SampleVolumes | undefined) => Promise<void> | void;
}

export async function simulateSamples(
  input: PlanInput, protocol: Protocol, seeds: readonly number[], ctx: EngineContext, opts: SimulateSamplesOptions,
): Promise<SampleRecord[]> {
  // Before anything is simulated: the disease's risk model must have a term for the protocol.
  const rule = checkedRiskRule(protocol, input.disease, ctx.riskModel);
  const inputHash = planInputHash(input);
  const keys = seeds.map((seed) => simulationCacheKey({ inputHash, protocol, disease: input.disease, seed, models: ctx.models, steps: ctx.steps }));
  const entries = await Promise.all(keys.map((k) => ctx.cache.get(k)));
  const records: Array<SampleRecord | undefined> = entries.map((e) => e?.record);

  let i = 0;
  while (i < seeds.length) {
    const entry = entries[i];
    if (entry && (!opts.needVolumes || entry.volumes)) {
      ctx.stats.cacheHits++;
      await opts.onSample?.(i, entry.record, entry.volumes);
      i++;
      continue;
    }
    // A run of consecutive seeds that all need simulating.
    let j = i + 1;
    while (j < seeds.length && seeds[j] === seeds[j - 1]! + 1 && !(entries[j] && (!opts.needVolumes || entries[j]!.volumes))) j++;
    const t0 = performance.now();
    const result = await simulateTreatment(
      {
        ct: input.ct, lesionMask: input.lesionMask, ...(input.liverMask ? { liverMask: input.liverMask } : {}),
        ...(input.vesselMask ? { vesselMask: input.vesselMask } : {}), ...(input.liverCondition ? { liverCondition: input.liverCondition } : {}), protocol,
      },
      { samples: j - i, seed: seeds[i]!, renderer: ctx.renderer, ...(ctx.steps !== undefined ? { steps: ctx.steps } : {}) },
    );
    ctx.stats.simulateMs += performance.now() - t0;
    ctx.stats.simulated += j - i;
    for (let k = i; k < j; k++) {
      const s = result.samples[k - i]!;
      const volumes: SampleVolumes = { volume: s.volume, states: s.states };
      let record = records[k];
      if (record) {
        ctx.stats.resimulatedForVolumes++;
        const again = { volumeSha256: volumeContentSha256(s.volume), statesSha256: volumeContentSha256(s.states) };
        if (again.volumeSha256 !== record.volumeSha256 || again.statesSha256 !== record.statesSha256) {
          throw new Error(`simulation of seed ${seeds[k]} is not reproducible: its content hash differs from the cached sample`);
        }
      } else {
        record = await scoreSample(input, s, rule, ctx);
        records[k] = record;
      }
      await ctx.cache.put(keys[k]!, record, opts.retainVolumes ? volumes : undefined);
      await opts.onSample?.(k, record, opts.needVolumes ? volumes : undefined);
    }
    i = j;
  }
  return records.map((r) => r!);
}

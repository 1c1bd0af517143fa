/**
 * Cache of simulated + scored samples, keyed by everything that determines them: the plan input
 * (CT, lesion and liver masks, clinical covariates: planInputHash), the protocol's model-read key
 * (world model `modelReadKey`: what the dynamics and risk models read; protocols with the same key
 * simulate and score bit-identically, so the second is a cache hit), the seed, the model identities (dynamics, renderer, risk; name, version, sha256),
 * the renderer steps and the planner's scoring-rule version. The search policy and the final scoring
 * share one cache, so a (protocol, seed) is simulated once per plan.
 *
 * In memory by default: records always; the simulated volumes too, up to `retainVolumeBytes`
 * (least recently used volumes dropped first; the record stays). Optionally also a directory of
 * records (`<dir>/<key[0..2]>/<key>.json`, written atomically; volumes are not written there); a
 * record that does not parse is treated as a miss.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@mewm/dicom';
import { modelReadKey, type Protocol } from '@mewm/world-model';
import type { Disease } from '@mewm/contracts';
import { canonicalJson, sha256Text } from './content-hash.ts';
import type { ModelIdentity } from './model-identity.ts';
import { RISK_MODALITY_RULES_VERSION } from './risk-modality.ts';
import { sampleRecordSchema, type SampleRecord, type SampleVolumes } from './sample-record.ts';

/**
 * Bump when the record layout or the scoring changes. 2: residualAfterCurative in the record.
 * 3: keyed by the model-read key (the pipeline's random streams follow it).
 * 4: scored from the measured image (measureResponse), measured fields in the record, keyed by the disease.
 * 5: per-lesion measurements and the RECIST 1.1 result in the record (the target-lesion table).
 * 6: the anatomy (ablation zone and margin, resection to the capsule, remnant, feasibility) in the simulation and the record.
 */
export const SIMULATION_CACHE_FORMAT = 6;

export interface CacheKeyParts {
  inputHash: string;
  protocol: Protocol;
  /** The plan's disease: it picks the treatment term that scores the sample. */
  disease: Disease;
  seed: number;
  models: ModelIdentity;
  steps: number | undefined;
}

export function simulationCacheKey(p: CacheKeyParts): string {
  return sha256Text(canonicalJson({
    format: SIMULATION_CACHE_FORMAT, riskModalityRules: RISK_MODALITY_RULES_VERSION,
    input: p.inputHash, disease: p.disease, readKey: modelReadKey(p.protocol), seed: p.seed, models: p.models, steps: p.steps ?? null,
  }));
}

export interface CacheEntry {
  record: SampleRecord;
  volumes?: SampleVolumes;
}

export interface SimulationCacheStats {
  hits: number;
  misses: number;
  puts: number;
  directoryHits: number;
}

export interface SimulationCache {
  get(key: string): Promise<CacheEntry | undefined>;
  put(key: string, record: SampleRecord, volumes?: SampleVolumes): Promise<void>;
  readonly stats: SimulationCacheStats;
}

export interface SimulationCacheOptions {
  /** Directory for records that outlive the process (created on first write). */
  dir?: string;
  /** Most bytes of simulated volumes kept in memory; default 512 MiB; 0 keeps none. */
  retainVolumeBytes?: number;
}

const bytesOf = (v: SampleVolumes) => v.volume.data.byteLength + v.states.data.byteLength;

export function createSimulationCache(opts: SimulationCacheOptions = {}): SimulationCache {
  const records = new Map<string, SampleRecord>();
  const volumes = new Map<string, SampleVolumes>(); // insertion order = LRU order
  const budget = opts.retainVolumeBytes ?? 512 * 2 ** 20;
  let volumeBytes = 0;
  const stats: SimulationCacheStats = { hits: 0, misses: 0, puts: 0, directoryHits: 0 };
  const pathOf = (key: string) => join(opts.dir!, key.slice(0, 2), `${key}.json`);

  const keepVolumes = (key: string, v: SampleVolumes) => {
    const old = volumes.get(key);
    if (old) { volumes.delete(key); volumeBytes -= bytesOf(old); }
    if (bytesOf(v) > budget) return;
    volumes.set(key, v);
    volumeBytes += bytesOf(v);
    for (const [k, old2] of volumes) {
      if (volumeBytes <= budget) break;
      volumes.delete(k);
      volumeBytes -= bytesOf(old2);
    }
  };

  return {
    stats,
    async get(key) {
      let record = records.get(key);
      if (!record && opts.dir) {
        try {
          const parsed = sampleRecordSchema.safeParse(JSON.parse(await readFile(pathOf(key), 'utf8')));
          if (parsed.success) {
            record = parsed.data;
            records.set(key, record);
            stats.directoryHits++;
          }
        } catch {
          // missing or unreadable: a miss
        }
      }
      if (!record) {
        stats.misses++;
        return undefined;
      }
      stats.hits++;
      const v = volumes.get(key);
      if (v) { volumes.delete(key); volumes.set(key, v); }
      return v ? { record, volumes: v } : { record };
    },
    async put(key, record, v) {
      stats.puts++;
      records.set(key, record);
      if (v) keepVolumes(key, v);
      if (opts.dir) {
        await mkdir(join(opts.dir, key.slice(0, 2)), { recursive: true });
        await writeFileAtomic(pathOf(key), new TextEncoder().encode(`${canonicalJson(record)}\n`));
      }
    },
  };
}

/**
 * `modelReadKey`: the canonical key of what the models read from a protocol. Two protocols with the
 * same key are indistinguishable to the world model and the risk mapping: for the same CT, lesions and
 * seed they get the same lesion outcomes, the same spatial realisation and rendered CT (the pipeline
 * keys its spatial and renderer streams with this key, simulate-treatment.ts) and the same risk term,
 * hence bit-identical simulated samples and scores. The planner therefore simulates one protocol per
 * key (search policy, simulation cache) and reports protocols sharing a key as one tie group.
 *
 * Per component (in registry order): the modality's `response.readKey` (the fields its response,
 * removal and appearance models read; e.g. TACE: technique and whether Lipiodol is used, not the
 * drugs, which the outcome model treats alike) and its risk rule key (`risk.ruleKey`, the risk-model
 * term); plus the follow-up day. Coarser than `protocolKey`, which keys every field of the treatment.
 * Example: "r1|fu=90|tace:conventional:lipiodol=true;risk=tace".
 */
import type { Protocol } from '../protocol/protocol-schema.ts';
import { MODALITY_RANK, modalityOf } from './registry.ts';

export function modelReadKey(p: Protocol): string {
  const components = [...p.components].sort((a, b) => MODALITY_RANK[a.modality] - MODALITY_RANK[b.modality]);
  return ['r1', `fu=${p.followUpDays}`, ...components.map((c) => {
    const m = modalityOf(c);
    return `${m.response.readKey(c)};risk=${m.risk.ruleKey(c)}`;
  })].join('|');
}

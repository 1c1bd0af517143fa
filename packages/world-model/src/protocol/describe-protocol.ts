/**
 * Protocol → text: `describeProtocol` for people (one line), `protocolKey` for machines (a canonical,
 * stable string for caching: the same treatment and follow-up always give the same key, whatever the
 * order of components or agents and whatever the label). Each component is described and keyed by
 * its modality's definition (modalities/<id>/), in the registry's order.
 */
import { MODALITY_RANK, modalityOf } from '../modalities/registry.ts';
import type { Protocol, TreatmentComponent } from './protocol-schema.ts';

export { TACE_TECHNIQUE_LABELS } from '../modalities/tace/schema.ts';

function sorted(components: readonly TreatmentComponent[]): TreatmentComponent[] {
  return [...components].sort((a, b) => MODALITY_RANK[a.modality] - MODALITY_RANK[b.modality]);
}

/** One line for people, e.g. "cTACE (epirubicin; Lipiodol) + MWA (margin 5 mm), follow-up 90 days". */
export function describeProtocol(p: Protocol): string {
  return `${sorted(p.components).map((c) => modalityOf(c).description.describe(c)).join(' + ')}, follow-up ${p.followUpDays} days`;
}

/**
 * Canonical key, e.g. "p1|fu=90|tace:conventional:d=epirubicin:e=lipiodol|ablation:mwa:m=5".
 * It covers every field that changes the treatment (caches, duplicate candidates); the simulation
 * pipeline keys its random streams with the coarser `modelReadKey` (what the models read).
 */
export function protocolKey(p: Protocol): string {
  return ['p1', `fu=${p.followUpDays}`, ...sorted(p.components).map((c) => modalityOf(c).description.key(c))].join('|');
}

/**
 * Cross-field rules a schema cannot express: agent exclusions of the MeWM action base, technique
 * ↔ agent consistency, and combinations that cannot be given to the same lesion. A rule that two
 * things conflict throws ProtocolConflictError naming both; a value out of a stated range throws
 * ProtocolValidationError with the range.
 */
import { ProtocolConflictError, ProtocolValidationError } from '../errors.ts';
import { AGENT_LABELS, EMBOLIC_EXCLUSIONS, TACE_DRUG_EXCLUSIVE_GROUPS } from './agents.ts';
import type { Modality, Protocol, SbrtComponent, TaceComponent, TreatmentComponent } from './protocol-schema.ts';
import { PROTOCOL_RANGES } from './protocol-schema.ts';

const MODALITY_LABELS: Record<Modality, string> = {
  tace: 'TACE',
  ablation: 'thermal ablation',
  resection: 'resection',
  sbrt: 'SBRT',
  systemic: 'systemic therapy',
  'best-supportive-care': 'best supportive care',
};

/** Modalities that remove or destroy the whole lesion: at most one per protocol. */
const DEFINITIVE_LOCAL: readonly Modality[] = ['ablation', 'resection', 'sbrt'];

/** Throws on the first rule the (schema-valid) protocol breaks. */
export function checkProtocolRules(p: Protocol): void {
  checkComponentCombination(p.components);
  for (const c of p.components) {
    if (c.modality === 'tace') checkTace(c);
    else if (c.modality === 'sbrt') checkSbrt(c);
    else if (c.modality === 'ablation' && c.zoneDiameterMm !== undefined && c.zoneDiameterMm <= 2 * c.marginMm) {
      throw new ProtocolValidationError(
        `ablation zoneDiameterMm (${c.zoneDiameterMm} mm) must exceed twice marginMm (${2 * c.marginMm} mm): the zone must hold the lesion plus the margin on both sides`,
      );
    }
  }
}

function label(c: TreatmentComponent): string {
  if (c.modality === 'systemic') return AGENT_LABELS[c.regimen];
  if (c.modality === 'ablation') return c.technique.toUpperCase();
  return MODALITY_LABELS[c.modality];
}

function checkComponentCombination(components: readonly TreatmentComponent[]): void {
  const bsc = components.find((c) => c.modality === 'best-supportive-care');
  const other = components.find((c) => c.modality !== 'best-supportive-care');
  if (bsc && other) {
    throw new ProtocolConflictError(
      `best supportive care conflicts with ${label(other)}: best supportive care means no anticancer treatment and cannot be combined`,
      ['best supportive care', label(other)],
    );
  }
  for (let i = 0; i < components.length; i++) {
    for (let j = i + 1; j < components.length; j++) {
      const a = components[i]!;
      const b = components[j]!;
      if (a.modality === b.modality) {
        const what = a.modality === 'systemic' ? 'two systemic regimens together' : `two ${MODALITY_LABELS[a.modality]} components`;
        throw new ProtocolConflictError(
          `${label(a)} conflicts with ${label(b)}: ${what}; a protocol holds at most one component per modality (list all agents of a TACE in one component)`,
          [label(a), label(b)],
        );
      }
      if (DEFINITIVE_LOCAL.includes(a.modality) && DEFINITIVE_LOCAL.includes(b.modality)) {
        throw new ProtocolConflictError(
          `${label(a)} conflicts with ${label(b)}: both treat the same lesion definitively (${label(a)} + ${label(b)} of the same lesion); choose one of resection, ablation or SBRT`,
          [label(a), label(b)],
        );
      }
      const pair = [a.modality, b.modality];
      if (pair.includes('resection') && pair.includes('tace')) {
        throw new ProtocolConflictError(
          'TACE conflicts with resection: the resected lesion leaves nothing for TACE to act on at follow-up; simulate them as separate protocols',
          ['TACE', 'resection'],
        );
      }
    }
  }
}

function checkTace(c: TaceComponent): void {
  for (const [list, name] of [[c.drugs, 'drugs'], [c.embolics, 'embolics']] as const) {
    const seen = new Set<string>();
    for (const agent of list) {
      if (seen.has(agent)) throw new ProtocolValidationError(`TACE ${name} lists ${AGENT_LABELS[agent]} twice`);
      seen.add(agent);
    }
  }
  for (const group of TACE_DRUG_EXCLUSIVE_GROUPS) {
    const used = c.drugs.filter((d) => group.members.includes(d));
    if (used.length > 1) {
      const [a, b] = [used[0]!, used[1]!];
      throw new ProtocolConflictError(
        `TACE drugs ${AGENT_LABELS[a]} and ${AGENT_LABELS[b]} conflict: at most one of the ${group.name} ${group.members.map((m) => AGENT_LABELS[m]).join(', ')} may be used in one TACE`,
        [a, b],
      );
    }
  }
  for (const [a, b] of EMBOLIC_EXCLUSIONS) {
    if (c.embolics.includes(a) && c.embolics.includes(b)) {
      throw new ProtocolConflictError(
        `TACE embolic agents ${AGENT_LABELS[a]} and ${AGENT_LABELS[b]} conflict: ${AGENT_LABELS[a]} excludes ${AGENT_LABELS[b]}`,
        [a, b],
      );
    }
  }
  const lipiodol = c.embolics.includes('lipiodol');
  const beads = c.embolics.includes('drug-eluting-beads');
  if (c.technique === 'conventional') {
    if (!lipiodol) {
      throw new ProtocolConflictError(
        "conventional TACE (cTACE) without Lipiodol: cTACE is a drug–Lipiodol emulsion; add 'lipiodol' to embolics, or use technique 'particle' for TACE without Lipiodol",
        ['conventional TACE', 'lipiodol'],
      );
    }
    if (beads) {
      throw new ProtocolConflictError(
        "conventional TACE conflicts with drug-eluting beads: beads make it DEB-TACE; use technique 'deb' without Lipiodol",
        ['conventional TACE', 'drug-eluting-beads'],
      );
    }
  } else if (c.technique === 'deb') {
    if (!beads) {
      throw new ProtocolConflictError(
        "DEB-TACE without drug-eluting beads: add 'drug-eluting-beads' to embolics, or use technique 'conventional' or 'particle'",
        ['DEB-TACE', 'drug-eluting-beads'],
      );
    }
    if (lipiodol) {
      throw new ProtocolConflictError(
        "DEB-TACE conflicts with Lipiodol: a drug–Lipiodol emulsion makes it conventional TACE; drop 'lipiodol' or use technique 'conventional' without beads",
        ['DEB-TACE', 'lipiodol'],
      );
    }
  } else if (lipiodol || beads) {
    const agent = lipiodol ? 'lipiodol' : 'drug-eluting-beads';
    throw new ProtocolConflictError(
      `particle TACE conflicts with ${AGENT_LABELS[agent]}: technique 'particle' means TACE without Lipiodol or beads; use technique '${lipiodol ? 'conventional' : 'deb'}'`,
      ['particle TACE', agent],
    );
  }
}

function checkSbrt(c: SbrtComponent): void {
  const perFraction = c.totalDoseGy / c.fractions;
  const { min, max } = PROTOCOL_RANGES.sbrtDosePerFractionGy;
  if (perFraction < min || perFraction > max) {
    throw new ProtocolValidationError(
      `SBRT dose per fraction ${perFraction.toFixed(1)} Gy (${c.totalDoseGy} Gy / ${c.fractions}) is outside ${min}–${max} Gy: ` +
      `SBRT here means ${PROTOCOL_RANGES.sbrtTotalDoseGy.min}–${PROTOCOL_RANGES.sbrtTotalDoseGy.max} Gy in ` +
      `${PROTOCOL_RANGES.sbrtFractions.min}–${PROTOCOL_RANGES.sbrtFractions.max} fractions of ${min}–${max} Gy`,
    );
  }
}

/**
 * Cross-field rules a schema cannot express: agent exclusions of the MeWM action base, technique
 * ↔ agent consistency, and combinations that cannot be given to the same lesion. `protocolRuleProblems`
 * lists every rule a protocol breaks, each naming its field: a conflict between two things names both
 * (thrown as ProtocolConflictError), a value out of a stated range gives the range (thrown as
 * ProtocolValidationError). `checkProtocolRules` throws the first.
 */
import { AGENT_LABELS, EMBOLIC_EXCLUSIONS, TACE_DRUG_EXCLUSIVE_GROUPS } from './agents.ts';
import { conflictProblem, invalidProblem, problemError, type ProtocolProblem } from './protocol-problem.ts';
import type { Modality, Protocol, SbrtComponent, TaceComponent, TreatmentComponent } from './protocol-schema.ts';
import { PROTOCOL_RANGES } from './protocol-schema.ts';

/** Names of the modalities for people. */
export const MODALITY_LABELS: Readonly<Record<Modality, string>> = {
  tace: 'TACE',
  ablation: 'thermal ablation',
  resection: 'resection',
  sbrt: 'SBRT',
  systemic: 'systemic therapy',
  'best-supportive-care': 'best supportive care',
};

/** Modalities that remove or destroy the whole lesion: at most one per protocol. */
const DEFINITIVE_LOCAL: readonly Modality[] = ['ablation', 'resection', 'sbrt'];

/** Every rule the (schema-valid) protocol breaks, in a stable order (combinations first), each naming its field. */
export function protocolRuleProblems(p: Protocol): ProtocolProblem[] {
  const problems = combinationProblems(p.components);
  p.components.forEach((c, i) => {
    const at = `components[${i}]`;
    if (c.modality === 'tace') problems.push(...taceProblems(c, at));
    else if (c.modality === 'sbrt') problems.push(...sbrtProblems(c, at));
    else if (c.modality === 'ablation' && c.zoneDiameterMm !== undefined && c.zoneDiameterMm <= 2 * c.marginMm) {
      problems.push(invalidProblem(`${at}.zoneDiameterMm`,
        `ablation zoneDiameterMm (${c.zoneDiameterMm} mm) must exceed twice marginMm (${2 * c.marginMm} mm): the zone must hold the lesion plus the margin on both sides`,
      ));
    }
  });
  return problems;
}

/** Throws on the first rule the (schema-valid) protocol breaks (ProtocolConflictError or ProtocolValidationError). */
export function checkProtocolRules(p: Protocol): void {
  const [first] = protocolRuleProblems(p);
  if (first) throw problemError(first);
}

function label(c: TreatmentComponent): string {
  if (c.modality === 'systemic') return AGENT_LABELS[c.regimen];
  if (c.modality === 'ablation') return c.technique.toUpperCase();
  return MODALITY_LABELS[c.modality];
}

/** Conflicts between components; a pair's problem names the later component's field. */
function combinationProblems(components: readonly TreatmentComponent[]): ProtocolProblem[] {
  const problems: ProtocolProblem[] = [];
  const bsc = components.findIndex((c) => c.modality === 'best-supportive-care');
  const other = components.findIndex((c) => c.modality !== 'best-supportive-care');
  if (bsc >= 0 && other >= 0) {
    const o = label(components[other]!);
    problems.push(conflictProblem(`components[${Math.max(bsc, other)}]`,
      `best supportive care conflicts with ${o}: best supportive care means no anticancer treatment and cannot be combined`,
      ['best supportive care', o],
    ));
  }
  for (let i = 0; i < components.length; i++) {
    for (let j = i + 1; j < components.length; j++) {
      const a = components[i]!;
      const b = components[j]!;
      const at = `components[${j}]`;
      const withBsc = a.modality === 'best-supportive-care' || b.modality === 'best-supportive-care';
      if (withBsc && a.modality !== b.modality) continue; // reported above
      if (a.modality === b.modality) {
        const what = a.modality === 'systemic' ? 'two systemic regimens together' : `two ${MODALITY_LABELS[a.modality]} components`;
        problems.push(conflictProblem(at,
          `${label(a)} conflicts with ${label(b)}: ${what}; a protocol holds at most one component per modality (list all agents of a TACE in one component)`,
          [label(a), label(b)],
        ));
        continue;
      }
      if (DEFINITIVE_LOCAL.includes(a.modality) && DEFINITIVE_LOCAL.includes(b.modality)) {
        problems.push(conflictProblem(at,
          `${label(a)} conflicts with ${label(b)}: both treat the same lesion definitively (${label(a)} + ${label(b)} of the same lesion); choose one of resection, ablation or SBRT`,
          [label(a), label(b)],
        ));
      }
      const pair = [a.modality, b.modality];
      if (pair.includes('resection') && pair.includes('tace')) {
        problems.push(conflictProblem(at,
          'TACE conflicts with resection: the resected lesion leaves nothing for TACE to act on at follow-up; simulate them as separate protocols',
          ['TACE', 'resection'],
        ));
      }
    }
  }
  return problems;
}

function taceProblems(c: TaceComponent, at: string): ProtocolProblem[] {
  const problems: ProtocolProblem[] = [];
  for (const [list, name] of [[c.drugs, 'drugs'], [c.embolics, 'embolics']] as const) {
    const seen = new Set<string>();
    for (const agent of list) {
      if (seen.has(agent)) problems.push(invalidProblem(`${at}.${name}`, `TACE ${name} lists ${AGENT_LABELS[agent]} twice`));
      seen.add(agent);
    }
  }
  for (const group of TACE_DRUG_EXCLUSIVE_GROUPS) {
    const used = [...new Set(c.drugs.filter((d) => group.members.includes(d)))];
    if (used.length > 1) {
      const [a, b] = [used[0]!, used[1]!];
      problems.push(conflictProblem(`${at}.drugs`,
        `TACE drugs ${AGENT_LABELS[a]} and ${AGENT_LABELS[b]} conflict: at most one of the ${group.name} ${group.members.map((m) => AGENT_LABELS[m]).join(', ')} may be used in one TACE`,
        [a, b],
      ));
    }
  }
  for (const [a, b] of EMBOLIC_EXCLUSIONS) {
    if (c.embolics.includes(a) && c.embolics.includes(b)) {
      problems.push(conflictProblem(`${at}.embolics`,
        `TACE embolic agents ${AGENT_LABELS[a]} and ${AGENT_LABELS[b]} conflict: ${AGENT_LABELS[a]} excludes ${AGENT_LABELS[b]}`,
        [a, b],
      ));
    }
  }
  const technique = techniqueProblem(c);
  if (technique) problems.push(conflictProblem(`${at}.embolics`, technique.message, technique.conflicting));
  return problems;
}

/** Technique ↔ embolic consistency (Lipiodol makes cTACE, beads make DEB-TACE). */
function techniqueProblem(c: TaceComponent): { message: string; conflicting: [string, string] } | null {
  const lipiodol = c.embolics.includes('lipiodol');
  const beads = c.embolics.includes('drug-eluting-beads');
  if (c.technique === 'conventional') {
    if (!lipiodol) {
      return {
        message: "conventional TACE (cTACE) without Lipiodol: cTACE is a drug–Lipiodol emulsion; add 'lipiodol' to embolics, or use technique 'particle' for TACE without Lipiodol",
        conflicting: ['conventional TACE', 'lipiodol'],
      };
    }
    if (beads) {
      return {
        message: "conventional TACE conflicts with drug-eluting beads: beads make it DEB-TACE; use technique 'deb' without Lipiodol",
        conflicting: ['conventional TACE', 'drug-eluting-beads'],
      };
    }
  } else if (c.technique === 'deb') {
    if (!beads) {
      return {
        message: "DEB-TACE without drug-eluting beads: add 'drug-eluting-beads' to embolics, or use technique 'conventional' or 'particle'",
        conflicting: ['DEB-TACE', 'drug-eluting-beads'],
      };
    }
    if (lipiodol) {
      return {
        message: "DEB-TACE conflicts with Lipiodol: a drug–Lipiodol emulsion makes it conventional TACE; drop 'lipiodol' or use technique 'conventional' without beads",
        conflicting: ['DEB-TACE', 'lipiodol'],
      };
    }
  } else if (lipiodol || beads) {
    const agent = lipiodol ? 'lipiodol' : 'drug-eluting-beads';
    return {
      message: `particle TACE conflicts with ${AGENT_LABELS[agent]}: technique 'particle' means TACE without Lipiodol or beads; use technique '${lipiodol ? 'conventional' : 'deb'}'`,
      conflicting: ['particle TACE', agent],
    };
  }
  return null;
}

function sbrtProblems(c: SbrtComponent, at: string): ProtocolProblem[] {
  const perFraction = c.totalDoseGy / c.fractions;
  const { min, max } = PROTOCOL_RANGES.sbrtDosePerFractionGy;
  if (perFraction >= min && perFraction <= max) return [];
  return [invalidProblem(`${at}.totalDoseGy`,
    `SBRT dose per fraction ${perFraction.toFixed(1)} Gy (${c.totalDoseGy} Gy / ${c.fractions}) is outside ${min}–${max} Gy: ` +
    `SBRT here means ${PROTOCOL_RANGES.sbrtTotalDoseGy.min}–${PROTOCOL_RANGES.sbrtTotalDoseGy.max} Gy in ` +
    `${PROTOCOL_RANGES.sbrtFractions.min}–${PROTOCOL_RANGES.sbrtFractions.max} fractions of ${min}–${max} Gy`,
  )];
}

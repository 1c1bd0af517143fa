/**
 * Rules of one TACE component: no agent listed twice, the agent exclusions of the MeWM action base,
 * and technique ↔ embolic consistency (Lipiodol makes cTACE, beads make DEB-TACE).
 */
import { conflictProblem, invalidProblem, type ProtocolProblem } from '../../protocol/protocol-problem.ts';
import { EMBOLIC_EXCLUSIONS, TACE_AGENT_LABELS as LABEL, TACE_DRUG_EXCLUSIVE_GROUPS } from './agents.ts';
import type { TaceComponent } from './schema.ts';

export function taceProblems(c: TaceComponent, at: string): ProtocolProblem[] {
  const problems: ProtocolProblem[] = [];
  for (const [list, name] of [[c.drugs, 'drugs'], [c.embolics, 'embolics']] as const) {
    const seen = new Set<string>();
    for (const agent of list) {
      if (seen.has(agent)) problems.push(invalidProblem(`${at}.${name}`, `TACE ${name} lists ${LABEL[agent]} twice`));
      seen.add(agent);
    }
  }
  for (const group of TACE_DRUG_EXCLUSIVE_GROUPS) {
    const used = [...new Set(c.drugs.filter((d) => group.members.includes(d)))];
    if (used.length > 1) {
      const [a, b] = [used[0]!, used[1]!];
      problems.push(conflictProblem(`${at}.drugs`,
        `TACE drugs ${LABEL[a]} and ${LABEL[b]} conflict: at most one of the ${group.name} ${group.members.map((m) => LABEL[m]).join(', ')} may be used in one TACE`,
        [a, b],
      ));
    }
  }
  for (const [a, b] of EMBOLIC_EXCLUSIONS) {
    if (c.embolics.includes(a) && c.embolics.includes(b)) {
      problems.push(conflictProblem(`${at}.embolics`,
        `TACE embolic agents ${LABEL[a]} and ${LABEL[b]} conflict: ${LABEL[a]} excludes ${LABEL[b]}`,
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
      message: `particle TACE conflicts with ${LABEL[agent]}: technique 'particle' means TACE without Lipiodol or beads; use technique '${lipiodol ? 'conventional' : 'deb'}'`,
      conflicting: ['particle TACE', agent],
    };
  }
  return null;
}

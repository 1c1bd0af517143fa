/**
 * Cross-field rules a schema cannot express. Each component's own rules (agent exclusions of the MeWM
 * action base, technique ↔ agent consistency, dose per fraction, ...) live in its modality's folder;
 * here are the combination rules, driven by each modality's combination traits: one component per
 * modality, a standalone modality (best supportive care) never combined, at most one definitive local
 * treatment, nothing transarterial after a resection, at most one transarterial and one radiation
 * treatment. `protocolRuleProblems` lists every rule a protocol breaks, each naming its field: a
 * conflict between two things names both (thrown as ProtocolConflictError), a value out of a stated
 * range gives the range (thrown as ProtocolValidationError). `checkProtocolRules` throws the first.
 */
import { MODALITIES, modalityOf } from '../modalities/registry.ts';
import { conflictProblem, problemError, type ProtocolProblem } from './protocol-problem.ts';
import type { Modality, Protocol, TreatmentComponent } from './protocol-schema.ts';

/** Names of the modalities for people. */
export const MODALITY_LABELS: Readonly<Record<Modality, string>> = Object.fromEntries(
  MODALITIES.map((m) => [m.id, m.description.label]),
) as Record<Modality, string>;

/** Every rule the (schema-valid) protocol breaks, in a stable order (combinations first), each naming its field. */
export function protocolRuleProblems(p: Protocol): ProtocolProblem[] {
  const problems = combinationProblems(p.components);
  p.components.forEach((c, i) => {
    problems.push(...modalityOf(c).rules.componentProblems(c, `components[${i}]`));
  });
  return problems;
}

/** Throws on the first rule the (schema-valid) protocol breaks (ProtocolConflictError or ProtocolValidationError). */
export function checkProtocolRules(p: Protocol): void {
  const [first] = protocolRuleProblems(p);
  if (first) throw problemError(first);
}

function label(c: TreatmentComponent): string {
  return modalityOf(c).description.componentLabel(c);
}

const traits = (c: TreatmentComponent) => modalityOf(c).rules.combination;

/** Conflicts between components; a pair's problem names the later component's field. */
function combinationProblems(components: readonly TreatmentComponent[]): ProtocolProblem[] {
  const problems: ProtocolProblem[] = [];
  const standalone = components.findIndex((c) => traits(c).standalone);
  const other = components.findIndex((c) => !traits(c).standalone);
  if (standalone >= 0 && other >= 0) {
    const s = label(components[standalone]!);
    const o = label(components[other]!);
    problems.push(conflictProblem(`components[${Math.max(standalone, other)}]`,
      `${s} conflicts with ${o}: ${s} means no anticancer treatment and cannot be combined`,
      [s, o],
    ));
  }
  for (let i = 0; i < components.length; i++) {
    for (let j = i + 1; j < components.length; j++) {
      const a = components[i]!;
      const b = components[j]!;
      const at = `components[${j}]`;
      const [ta, tb] = [traits(a), traits(b)];
      if ((ta.standalone || tb.standalone) && a.modality !== b.modality) continue; // reported above
      if (a.modality === b.modality) {
        problems.push(conflictProblem(at,
          `${label(a)} conflicts with ${label(b)}: ${modalityOf(a).description.duplicatePhrase}; a protocol holds at most one component per modality (list all agents of a TACE in one component)`,
          [label(a), label(b)],
        ));
        continue;
      }
      if (ta.definitiveLocal && tb.definitiveLocal) {
        problems.push(conflictProblem(at,
          `${label(a)} conflicts with ${label(b)}: both treat the same lesion definitively (${label(a)} + ${label(b)} of the same lesion); choose one of ${definitiveChoices()}`,
          [label(a), label(b)],
        ));
      }
      const removed = ta.removesLesion ? a : tb.removesLesion ? b : null;
      const arterial = ta.transarterial ? a : tb.transarterial ? b : null;
      if (removed && arterial && removed !== arterial) {
        const [t, r] = [label(arterial), label(removed)];
        problems.push(conflictProblem(at,
          `${t} conflicts with ${r}: the resected lesion leaves nothing for ${t} to act on at follow-up; simulate them as separate protocols`,
          [t, r],
        ));
      }
      if (ta.transarterial && tb.transarterial) {
        problems.push(conflictProblem(at,
          `${label(a)} conflicts with ${label(b)}: both treat the lesion through its arterial supply; a protocol holds at most one transarterial treatment (simulate them as separate protocols)`,
          [label(a), label(b)],
        ));
      }
      if (ta.radiation && tb.radiation) {
        problems.push(conflictProblem(at,
          `${label(a)} conflicts with ${label(b)}: both irradiate the lesion and the liver around it; a protocol holds at most one radiation treatment (the combined liver dose is not modelled)`,
          [label(a), label(b)],
        ));
      }
    }
  }
  return problems;
}

/** "thermal ablation, resection or SBRT": the definitive local treatments, for messages. */
function definitiveChoices(): string {
  const names = MODALITIES.filter((m) => m.rules.combination.definitiveLocal).map((m) => m.description.label);
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

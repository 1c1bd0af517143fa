/**
 * Form-field descriptors: how a modality's component is edited in a form, as plain data (no React,
 * no DOM). The web's protocol editor renders a component from its modality's descriptors alone, so a
 * new modality brings its own form. Every descriptor names the component field it edits (`name`)
 * and a short `testId` suffix for browser tests. The world model's validator, not the form, decides
 * what is allowed: ranges here are shown as labels and input bounds.
 */

/** A closed numeric range, stated once (schema, messages, form). */
export interface Range {
  readonly min: number;
  readonly max: number;
}

/** One choice of a select or checklist: the value stored and the label people read. */
export interface Choice {
  readonly id: string;
  readonly label: string;
}

export type FormField =
  | {
    readonly kind: 'select';
    readonly name: string;
    readonly label: string;
    readonly choices: readonly Choice[];
    /** Value of a new component. */
    readonly initial: string;
    readonly testId: string;
  }
  | {
    readonly kind: 'checklist';
    readonly name: string;
    /** Legend shown above the boxes (with the allowed count and exclusions). */
    readonly legend: string;
    readonly choices: readonly Choice[];
    readonly testId: string;
  }
  | {
    readonly kind: 'number';
    readonly name: string;
    readonly label: string;
    readonly unit: string;
    readonly range: Range;
    /** The field may be left empty. */
    readonly optional: boolean;
    /** Value of a new component (the schema default); absent = left for the user to choose. */
    readonly initial?: number;
    readonly testId: string;
  }
  | {
    /** A line of text for people (no value). */
    readonly kind: 'hint';
    readonly text: string;
  };

/** The form of one modality: its fields in display order. */
export interface ModalityForm {
  readonly fields: readonly FormField[];
}

/** Choices from ids and a labelling function. */
export function choicesOf<T extends string>(ids: readonly T[], label: (id: T) => string): Choice[] {
  return ids.map((id) => ({ id, label: label(id) }));
}

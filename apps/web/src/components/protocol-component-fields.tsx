'use client';
/**
 * The fields of one treatment component in the custom protocol editor, rendered from its modality's
 * form-field descriptors (plans.protocolVocabulary, from the world model's modality registry): selects,
 * checklists, numbers with their ranges in the labels and as input bounds, hints. Nothing here names a
 * modality, so a new modality's form appears without changes; the world model's validator, not this
 * form, decides what is allowed.
 */
import { fieldsOf, type ComponentDraft, type FieldValue, type FormField, type ProtocolProblem, type ProtocolVocabulary } from '../client/protocol-draft.ts';
import { ProtocolProblemList } from './protocol-problems.tsx';

type Range = { min: number; max: number };
type Choice = { id: string; label: string };

function NumberField({ label, unit, range, value, optional, onChange, testId }: {
  label: string; unit: string; range: Range; value: string; optional: boolean; onChange: (v: string) => void; testId: string;
}) {
  return (
    <label>
      {label} ({unit}, {range.min}–{range.max}{optional ? ', optional' : ''})
      <input type="number" min={range.min} max={range.max} step="any" value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId} />
    </label>
  );
}

function SelectField({ label, choices, value, onChange, testId }: { label: string; choices: readonly Choice[]; value: string; onChange: (v: string) => void; testId: string }) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        {choices.map((c) => <option key={c.id} value={c.id}>{c.label}</option>)}
      </select>
    </label>
  );
}

function Checklist({ legend, choices, selected, onChange, testId }: {
  legend: string; choices: readonly Choice[]; selected: string[]; onChange: (v: string[]) => void; testId: string;
}) {
  const toggle = (id: string, on: boolean) => onChange(on ? [...selected, id] : selected.filter((s) => s !== id));
  return (
    <fieldset className="agents" data-testid={testId}>
      <legend>{legend}</legend>
      {choices.map((c) => (
        <label key={c.id} className="check">
          <input type="checkbox" value={c.id} checked={selected.includes(c.id)} onChange={(e) => toggle(c.id, e.target.checked)} />
          {c.label}
        </label>
      ))}
    </fieldset>
  );
}

/** One field from its descriptor and the component's current value. */
function Field({ f, c, set, id }: { f: FormField; c: ComponentDraft; set: (c: ComponentDraft) => void; id: string }) {
  const put = (name: string, v: FieldValue) => set({ ...c, values: { ...c.values, [name]: v } });
  switch (f.kind) {
    case 'number': {
      const v = c.values[f.name];
      return (
        <NumberField
          label={f.label} unit={f.unit} range={f.range} optional={f.optional} value={v?.kind === 'number' ? v.text : ''}
          onChange={(text) => put(f.name, { kind: 'number', text })} testId={`${id}-${f.testId}`}
        />
      );
    }
    case 'select': {
      const v = c.values[f.name];
      return (
        <SelectField
          label={f.label} choices={f.choices} value={v?.kind === 'select' ? v.value : f.initial}
          onChange={(value) => put(f.name, { kind: 'select', value })} testId={`${id}-${f.testId}`}
        />
      );
    }
    case 'checklist': {
      const v = c.values[f.name];
      return (
        <Checklist
          legend={f.legend} choices={f.choices} selected={v?.kind === 'checklist' ? v.values : []}
          onChange={(values) => put(f.name, { kind: 'checklist', values })} testId={`${id}-${f.testId}`}
        />
      );
    }
    case 'hint':
      return <p className="hint">{f.text}</p>;
  }
}

export function ProtocolComponentFields({ index, component, vocabulary, problems, onChange, onRemove }: {
  index: number;
  component: ComponentDraft;
  vocabulary: ProtocolVocabulary;
  /** The problems whose field lies in this component. */
  problems: readonly ProtocolProblem[];
  onChange: (c: ComponentDraft) => void;
  onRemove: () => void;
}) {
  const label = vocabulary.modalities.find((m) => m.id === component.modality)?.label ?? component.modality;
  const id = `protocol-component-${index}`;
  return (
    <fieldset className="protocol-component" data-testid={id} data-modality={component.modality} aria-invalid={problems.length > 0}>
      <legend>
        {index + 1}. {label}{' '}
        <button type="button" className="link" onClick={onRemove} data-testid={`${id}-remove`}>remove</button>
      </legend>
      {fieldsOf(component.modality, vocabulary).map((f, i) => <Field key={f.kind === 'hint' ? `hint-${i}` : f.name} f={f} c={component} set={onChange} id={id} />)}
      <ProtocolProblemList problems={problems} testId={`${id}-problems`} />
    </fieldset>
  );
}

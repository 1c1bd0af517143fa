'use client';
/**
 * The fields of one treatment component in the custom protocol editor, built from the protocol
 * schema's own enumerations and ranges (plans.protocolVocabulary). Ranges appear in the labels and as
 * input bounds; the world model's validator, not this form, decides what is allowed.
 */
import type { ComponentDraft, ProtocolProblem, ProtocolVocabulary } from '../client/protocol-draft.ts';
import { ProtocolProblemList } from './protocol-problems.tsx';

type Range = { min: number; max: number };
type Choice = { id: string; label: string };

function NumberField({ label, unit, range, value, optional, onChange, testId }: {
  label: string; unit: string; range: Range; value: string; optional?: boolean; onChange: (v: string) => void; testId: string;
}) {
  return (
    <label>
      {label} ({unit}, {range.min}–{range.max}{optional ? ', optional' : ''})
      <input type="number" min={range.min} max={range.max} step="any" value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId} />
    </label>
  );
}

function SelectField({ label, choices, value, onChange, testId }: { label: string; choices: Choice[]; value: string; onChange: (v: string) => void; testId: string }) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        {choices.map((c) => <option key={c.id} value={c.id}>{c.label}</option>)}
      </select>
    </label>
  );
}

function AgentChecklist({ legend, choices, selected, onChange, testId }: {
  legend: string; choices: Choice[]; selected: string[]; onChange: (v: string[]) => void; testId: string;
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

function TaceFields({ c, v, set, id }: { c: Extract<ComponentDraft, { modality: 'tace' }>; v: ProtocolVocabulary; set: (c: ComponentDraft) => void; id: string }) {
  const r = v.ranges.agentsPerList;
  const groups = v.tace.exclusiveDrugGroups.map((g) => `one of the ${g.name}`).join(', ');
  return (
    <>
      <SelectField label="technique" choices={v.tace.techniques} value={c.technique} onChange={(technique) => set({ ...c, technique })} testId={`${id}-technique`} />
      <AgentChecklist legend={`drugs (${r.min}–${r.max}; at most ${groups})`} choices={v.tace.drugs} selected={c.drugs} onChange={(drugs) => set({ ...c, drugs })} testId={`${id}-drugs`} />
      <AgentChecklist legend={`embolic agents (${r.min}–${r.max})`} choices={v.tace.embolics} selected={c.embolics} onChange={(embolics) => set({ ...c, embolics })} testId={`${id}-embolics`} />
    </>
  );
}

function Fields({ c, v, set, id }: { c: ComponentDraft; v: ProtocolVocabulary; set: (c: ComponentDraft) => void; id: string }) {
  const r = v.ranges;
  switch (c.modality) {
    case 'tace':
      return <TaceFields c={c} v={v} set={set} id={id} />;
    case 'ablation':
      return (
        <>
          <SelectField label="technique" choices={v.ablation.techniques} value={c.technique} onChange={(technique) => set({ ...c, technique })} testId={`${id}-technique`} />
          <NumberField label="margin" unit="mm" range={r.ablationMarginMm} value={c.marginMm} onChange={(marginMm) => set({ ...c, marginMm })} testId={`${id}-margin`} />
          <NumberField label="ablation zone diameter" unit="mm" range={r.ablationZoneDiameterMm} optional value={c.zoneDiameterMm} onChange={(zoneDiameterMm) => set({ ...c, zoneDiameterMm })} testId={`${id}-zone`} />
        </>
      );
    case 'resection':
      return <NumberField label="margin" unit="mm" range={r.resectionMarginMm} value={c.marginMm} onChange={(marginMm) => set({ ...c, marginMm })} testId={`${id}-margin`} />;
    case 'sbrt':
      return (
        <>
          <NumberField label="total dose" unit="Gy" range={r.sbrtTotalDoseGy} value={c.totalDoseGy} onChange={(totalDoseGy) => set({ ...c, totalDoseGy })} testId={`${id}-dose`} />
          <NumberField label="fractions" unit="count" range={r.sbrtFractions} value={c.fractions} onChange={(fractions) => set({ ...c, fractions })} testId={`${id}-fractions`} />
          <p className="hint">dose per fraction {r.sbrtDosePerFractionGy.min}–{r.sbrtDosePerFractionGy.max} Gy</p>
        </>
      );
    case 'systemic':
      return <SelectField label="regimen" choices={v.systemic.regimens} value={c.regimen} onChange={(regimen) => set({ ...c, regimen })} testId={`${id}-regimen`} />;
    case 'best-supportive-care':
      return <p className="hint">no anticancer treatment</p>;
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
      <Fields c={component} v={vocabulary} set={onChange} id={id} />
      <ProtocolProblemList problems={problems} testId={`${id}-problems`} />
    </fieldset>
  );
}

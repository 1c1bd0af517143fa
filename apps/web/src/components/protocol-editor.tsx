'use client';
/**
 * The custom protocol editor: build a protocol in a structured form (components from the schema's
 * modalities, agents from its enumerations, doses and follow-up with their ranges) or as JSON, validated
 * live by the world model (plans.validateProtocol). Problems appear next to their fields; "Add" is
 * enabled only when the protocol as shown is valid, and adds it as { name, protocol } (the canonical
 * protocol the server returned).
 */
import { useState } from 'react';
import { nextCustomName, type PlanCandidate } from '../client/plan-candidates.ts';
import {
  draftToInput, newComponent, problemsOfComponent, protocolToDraft, type ComponentDraft, type Modality, type ProtocolDraft, type ProtocolVocabulary,
} from '../client/protocol-draft.ts';
import { useProtocolValidation, type ProtocolSpec } from '../client/use-protocol-validation.ts';
import { ProtocolComponentFields } from './protocol-component-fields.tsx';
import { ProtocolVerdict } from './protocol-problems.tsx';

const EMPTY: ProtocolDraft = { components: [], followUpDays: '' };
const COMPONENT_FIELD = /^components\[\d+\]/;

function nameProblem(name: string, taken: ReadonlySet<string>): string | null {
  if (name.trim() === '') return 'give the candidate a name';
  if (taken.has(name.trim())) return `"${name.trim()}" is already a candidate: choose another name`;
  return null;
}

export function ProtocolEditor({ vocabulary, takenNames, onAdd }: {
  vocabulary: ProtocolVocabulary;
  takenNames: ReadonlySet<string>;
  onAdd: (c: PlanCandidate) => void;
}) {
  const [mode, setMode] = useState<'form' | 'json'>('form');
  const [draft, setDraft] = useState<ProtocolDraft>(EMPTY);
  const [jsonText, setJsonText] = useState('');
  const [typedName, setTypedName] = useState<string | null>(null);
  const [modality, setModality] = useState<Modality>(vocabulary.modalities[0]?.id ?? 'tace');
  const name = typedName ?? nextCustomName(takenNames);

  const spec: ProtocolSpec = mode === 'form' ? { kind: 'protocol', protocol: draftToInput(draft) } : { kind: 'text', text: jsonText };
  const validation = useProtocolValidation(spec);
  const { result, current } = validation;
  const problems = result && !result.ok ? result.problems : [];
  const badName = nameProblem(name, takenNames);
  const valid = current && result?.ok === true;

  const setComponent = (i: number, c: ComponentDraft) => setDraft((d) => ({ ...d, components: d.components.map((x, j) => (j === i ? c : x)) }));
  const removeComponent = (i: number) => setDraft((d) => ({ ...d, components: d.components.filter((_, j) => j !== i) }));
  const toJson = () => {
    setJsonText(JSON.stringify(draftToInput(draft), null, 2));
    setMode('json');
  };
  const toForm = () => {
    if (result?.ok && current) setDraft(protocolToDraft(result.protocol, vocabulary));
    setMode('form');
  };
  const add = () => {
    if (!result?.ok || !current || badName !== null) return;
    const n = name.trim();
    onAdd({ name: n, description: result.description, source: 'custom', spec: { name: n, protocol: result.protocol } });
    setTypedName(null);
  };

  return (
    <div className="protocol-editor" data-testid="protocol-editor" data-mode={mode}>
      <p className="toolbar">
        <button type="button" aria-pressed={mode === 'form'} onClick={toForm} disabled={mode === 'form' || (jsonText.trim() !== '' && !valid)} data-testid="protocol-mode-form">
          Form
        </button>
        <button type="button" aria-pressed={mode === 'json'} onClick={toJson} disabled={mode === 'json'} data-testid="protocol-mode-json">JSON</button>
        {mode === 'json' && !valid && jsonText.trim() !== '' && <span className="hint">the form opens once the JSON is a valid protocol</span>}
      </p>
      {mode === 'form' ? (
        <>
          {draft.components.map((c, i) => (
            <ProtocolComponentFields
              key={i} index={i} component={c} vocabulary={vocabulary} problems={problemsOfComponent(problems, i)}
              onChange={(next) => setComponent(i, next)} onRemove={() => removeComponent(i)}
            />
          ))}
          <p className="toolbar">
            <select value={modality} onChange={(e) => setModality(e.target.value as Modality)} aria-label="modality" data-testid="protocol-modality">
              {vocabulary.modalities.map((m) => <option key={m.id} value={m.id}>{m.label}</option>)}
            </select>
            <button type="button" onClick={() => setDraft((d) => ({ ...d, components: [...d.components, newComponent(modality, vocabulary)] }))} data-testid="protocol-add-component">
              Add component
            </button>
            <label>
              follow-up (days, {vocabulary.ranges.followUpDays.min}–{vocabulary.ranges.followUpDays.max}; default {vocabulary.defaults.followUpDays})
              <input
                type="number" min={vocabulary.ranges.followUpDays.min} max={vocabulary.ranges.followUpDays.max} step={1} value={draft.followUpDays}
                placeholder={String(vocabulary.defaults.followUpDays)} onChange={(e) => setDraft((d) => ({ ...d, followUpDays: e.target.value }))} data-testid="protocol-follow-up"
              />
            </label>
          </p>
        </>
      ) : (
        <textarea
          rows={10} cols={60} spellCheck={false} value={jsonText} onChange={(e) => setJsonText(e.target.value)} data-testid="protocol-json"
          aria-label="protocol as JSON" placeholder='{"components": [{"modality": "ablation", "technique": "mwa", "marginMm": 5}], "followUpDays": 90}'
        />
      )}
      <ProtocolVerdict validation={validation} {...(mode === 'form' ? { hideField: (f: string) => COMPONENT_FIELD.test(f) } : {})} />
      <p className="toolbar">
        <label>
          Candidate name
          <input value={name} maxLength={120} onChange={(e) => setTypedName(e.target.value)} data-testid="protocol-name" />
        </label>
        <button type="button" onClick={add} disabled={!valid || badName !== null} data-testid="protocol-add">Add custom candidate</button>
        {badName !== null && <span className="error" data-testid="protocol-name-problem">{badName}</span>}
      </p>
    </div>
  );
}

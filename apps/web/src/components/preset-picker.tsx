'use client';
/** Add a preset of the world model by name, from its own list (each with its description). */
import { useState } from 'react';
import type { PlanCandidate } from '../client/plan-candidates.ts';
import type { ProtocolVocabulary } from '../client/protocol-draft.ts';

export function PresetPicker({ presets, takenNames, onAdd }: {
  presets: ProtocolVocabulary['presets'];
  takenNames: ReadonlySet<string>;
  onAdd: (c: PlanCandidate) => void;
}) {
  const [name, setName] = useState(presets[0]?.name ?? '');
  const preset = presets.find((p) => p.name === name);
  return (
    <p className="toolbar" data-testid="preset-picker">
      <label>
        Preset
        <select value={name} onChange={(e) => setName(e.target.value)} data-testid="preset-select">
          {presets.map((p) => <option key={p.name} value={p.name} disabled={takenNames.has(p.name)}>{p.name}</option>)}
        </select>
      </label>
      <button
        type="button" disabled={preset === undefined || takenNames.has(name)} data-testid="preset-add"
        onClick={() => preset && onAdd({ name: preset.name, description: preset.description, source: 'preset', spec: preset.name })}
      >
        Add preset
      </button>
      {preset && <span className="hint">{preset.description}</span>}
    </p>
  );
}

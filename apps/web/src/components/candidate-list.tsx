'use client';
/** The candidates the user has added to the plan (presets and custom protocols), each removable. */
import type { PlanCandidate } from '../client/plan-candidates.ts';

export function CandidateList({ candidates, onRemove }: { candidates: readonly PlanCandidate[]; onRemove: (name: string) => void }) {
  if (candidates.length === 0) return <p className="hint" data-testid="candidate-list-empty">No candidates of yours yet.</p>;
  return (
    <ul className="candidate-list" data-testid="candidate-list">
      {candidates.map((c) => (
        <li key={c.name} data-candidate={c.name} data-source={c.source}>
          <strong>{c.name}</strong> ({c.source === 'preset' ? 'preset' : 'custom'}) — {c.description}{' '}
          <button type="button" className="link" onClick={() => onRemove(c.name)} aria-label={`remove ${c.name}`} data-testid="candidate-remove">remove</button>
        </li>
      ))}
    </ul>
  );
}

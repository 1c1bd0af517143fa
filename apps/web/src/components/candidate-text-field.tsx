'use client';
/**
 * Candidates typed as text: preset names or presets joined with '+', comma-separated, each validated
 * live by the world model like the editor's protocols. They are sent with the plan as they are typed.
 */
import type { TextEntryValidation } from '../client/use-protocol-validation.ts';
import { ProtocolProblemList } from './protocol-problems.tsx';

export function CandidateTextField({ text, onChange, entries, current }: {
  text: string;
  onChange: (text: string) => void;
  entries: readonly TextEntryValidation[];
  current: boolean;
}) {
  return (
    <div>
      <label>
        Or type preset names (comma-separated; combine with +, e.g. rfa, sorafenib, ctace-epirubicin-lipiodol+mwa)
        <input value={text} onChange={(e) => onChange(e.target.value)} data-testid="plan-candidates" />
      </label>
      {text.trim() !== '' && (
        <ul className="candidate-list" data-testid="plan-candidates-check" data-state={!current ? 'checking' : entries.every((e) => e.result?.ok) ? 'valid' : 'invalid'}>
          {entries.map((e, i) => (
            <li key={`${e.text}-${i}`}>
              <code>{e.text}</code>{' '}
              {e.result === undefined && <span className="hint">checking…</span>}
              {e.result?.ok === true && <span className="ok">✓ {e.result.description}</span>}
              {e.result?.ok === false && <ProtocolProblemList problems={e.result.problems} />}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

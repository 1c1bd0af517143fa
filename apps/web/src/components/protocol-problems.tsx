'use client';
/** The world model's verdict on a protocol being edited: its canonical description, or the problems, each with its field. */
import type { ProtocolProblem } from '../client/protocol-draft.ts';
import type { LiveValidation } from '../client/use-protocol-validation.ts';

export function ProtocolProblemList({ problems, testId }: { problems: readonly ProtocolProblem[]; testId?: string }) {
  if (problems.length === 0) return null;
  return (
    <ul className="problems" data-testid={testId}>
      {problems.map((p, i) => (
        <li key={`${p.field}-${i}`} className="error" data-field={p.field} data-code={p.code}>
          <code>{p.field}</code> — {p.message}
        </li>
      ))}
    </ul>
  );
}

/**
 * `hideField`: problems shown elsewhere (next to their form fields) are left out of the list; the
 * verdict still says how many there are.
 */
export function ProtocolVerdict({ validation, hideField }: { validation: LiveValidation; hideField?: (field: string) => boolean }) {
  const { result, current, error } = validation;
  if (error !== null) return <p className="error" data-testid="protocol-verdict" data-state="error">could not check the protocol: {error}</p>;
  if (result === undefined) return <p className="hint" data-testid="protocol-verdict" data-state="checking">checking…</p>;
  const state = !current ? 'checking' : result.ok ? 'valid' : 'invalid';
  if (result.ok) {
    return (
      <div data-testid="protocol-verdict" data-state={state} aria-live="polite">
        <p className={current ? 'ok' : 'hint'}>
          {current ? '✓ ' : 'checking… '}<span data-testid="protocol-description">{result.description}</span>
        </p>
        <p className="hint">canonical key <code data-testid="protocol-key">{result.key}</code></p>
      </div>
    );
  }
  const shown = hideField ? result.problems.filter((p) => !hideField(p.field)) : result.problems;
  return (
    <div data-testid="protocol-verdict" data-state={state} aria-live="polite">
      <p className="error">
        {current ? '' : 'checking… '}
        {result.problems.length === 1 ? '1 problem' : `${result.problems.length} problems`}
        {shown.length < result.problems.length ? ' (marked at their fields)' : ''}
      </p>
      <ProtocolProblemList problems={shown} testId="protocol-problems" />
    </div>
  );
}

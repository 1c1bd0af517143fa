'use client';
/**
 * Clinical data of the case: the disease the case is planned for (required to plan) and the covariates the risk model uses. Each may be "unknown" (empty / the
 * unknown option). Validated in the browser and again on the server with @mewm/survival's schema.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { clinicalCovariatesSchema } from '@mewm/survival/clinical-covariates';
import { useEffect, useState, type SubmitEvent } from 'react';
import { clinicalFieldError } from '../client/clinical-field-error.ts';
import { useTRPC } from '../client/trpc.ts';
import type { CaseClinical } from '../server/services/clinical.ts';
import { CaseDiseaseSelect } from './case-disease-select.tsx';

type Covariates = CaseClinical['covariates'];
type Field =
  | { name: keyof Covariates; label: string; kind: 'number'; unit: string; step: string; integer?: boolean }
  | { name: keyof Covariates; label: string; kind: 'choice'; options: readonly string[] }
  | { name: keyof Covariates; label: string; kind: 'yesno' };

const FIELDS: readonly Field[] = [
  { name: 'ageYears', label: 'Age', kind: 'number', unit: 'years', step: '1' },
  { name: 'afpNgPerMl', label: 'AFP', kind: 'number', unit: 'ng/mL', step: 'any' },
  { name: 'albuminGPerL', label: 'Albumin', kind: 'number', unit: 'g/L', step: 'any' },
  { name: 'bilirubinUmolPerL', label: 'Bilirubin', kind: 'number', unit: 'µmol/L', step: 'any' },
  { name: 'albiGrade', label: 'ALBI grade', kind: 'choice', options: ['1', '2', '3'] },
  { name: 'childPughClass', label: 'Child–Pugh class', kind: 'choice', options: ['A', 'B', 'C'] },
  { name: 'ecog', label: 'ECOG', kind: 'choice', options: ['0', '1', '2', '3', '4'] },
  { name: 'macrovascularInvasion', label: 'Macrovascular invasion', kind: 'yesno' },
  { name: 'extrahepaticSpread', label: 'Extrahepatic spread', kind: 'yesno' },
  { name: 'bclcStage', label: 'BCLC stage', kind: 'choice', options: ['0', 'A', 'B', 'C', 'D'] },
  { name: 'cirrhosis', label: 'Cirrhosis', kind: 'yesno' },
  // Colorectal liver metastases (Fong clinical risk score factors)
  { name: 'ceaNgPerMl', label: 'CEA', kind: 'number', unit: 'ng/mL', step: 'any' },
  { name: 'nodePositivePrimary', label: 'Node-positive primary', kind: 'yesno' },
  { name: 'synchronousMetastases', label: 'Synchronous metastases', kind: 'yesno' },
  { name: 'bilobarDisease', label: 'Bilobar disease', kind: 'yesno' },
];

type Draft = Record<keyof Covariates, string>;

function toDraft(c: Covariates): Draft {
  const d = {} as Draft;
  for (const f of FIELDS) {
    const v = c[f.name];
    d[f.name] = v === null ? '' : typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v);
  }
  return d;
}

function fromDraft(d: Draft): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of FIELDS) {
    const s = d[f.name].trim();
    if (s === '') out[f.name] = null;
    else if (f.kind === 'number') out[f.name] = Number(s);
    else if (f.kind === 'yesno') out[f.name] = s === 'yes';
    else if (f.name === 'albiGrade' || f.name === 'ecog') out[f.name] = Number(s);
    else out[f.name] = s;
  }
  return out;
}

export function ClinicalForm({ caseId }: { caseId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const q = useQuery(trpc.clinical.get.queryOptions({ caseId }));
  const [draft, setDraft] = useState<Draft | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const save = useMutation(trpc.clinical.save.mutationOptions({
    onSuccess: (data) => {
      queryClient.setQueryData(trpc.clinical.get.queryKey({ caseId }), data);
      // the plan panel's preview (BCLC stage) depends on the clinical data
      void queryClient.invalidateQueries({ queryKey: trpc.plans.pathKey() });
      setDraft(toDraft(data.covariates));
      setMessage({ kind: 'ok', text: 'Saved.' });
    },
    onError: (e) => setMessage({ kind: 'error', text: e.message }),
  }));
  useEffect(() => {
    if (q.data && draft === null) setDraft(toDraft(q.data.covariates));
  }, [q.data, draft]);
  if (!draft) return null;

  const parsed = clinicalCovariatesSchema.safeParse(fromDraft(draft));
  const fieldErrors = new Map<string, string>();
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      const name = String(i.path[0]);
      const f = FIELDS.find((x) => x.name === name);
      const value = draft[name as keyof Covariates]?.trim();
      fieldErrors.set(name, f ? clinicalFieldError({ label: f.label, unit: f.kind === 'number' ? f.unit : undefined }, i, value ? Number(value) : undefined) : i.message);
    }
  }

  function onSubmit(e: SubmitEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!parsed.success || !draft) return;
    setMessage(null);
    save.mutate({ caseId, covariates: parsed.data });
  }

  const set = (name: keyof Covariates, value: string) => {
    setDraft({ ...draft, [name]: value });
    setMessage(null);
  };

  return (
    <section>
      <h2>Clinical data</h2>
      <CaseDiseaseSelect caseId={caseId} />
      <p className="hint">Leave a field empty (or “unknown”) when it is not known; the risk model then imputes it and says so.</p>
      <form className="clinical" onSubmit={onSubmit} data-testid="clinical-form">
        {FIELDS.map((f) => (
          <label key={f.name}>
            <span>{f.label}{f.kind === 'number' ? ` (${f.unit})` : ''}</span>
            {f.kind === 'number' ? (
              <input type="number" step={f.step} value={draft[f.name]} placeholder="unknown" onChange={(e) => set(f.name, e.target.value)} name={f.name} aria-invalid={fieldErrors.has(f.name)} />
            ) : (
              <select value={draft[f.name]} onChange={(e) => set(f.name, e.target.value)} name={f.name}>
                <option value="">unknown</option>
                {(f.kind === 'yesno' ? ['yes', 'no'] : f.options).map((o) => <option key={o} value={o}>{o}</option>)}
              </select>
            )}
            {fieldErrors.has(f.name) && <span className="error" data-testid={`clinical-error-${f.name}`}>{fieldErrors.get(f.name)}</span>}
          </label>
        ))}
        <p>
          <button type="submit" disabled={!parsed.success || save.isPending}>Save clinical data</button>{' '}
          {message && <span className={message.kind} role={message.kind === 'error' ? 'alert' : 'status'} data-testid="clinical-message">{message.text}</span>}
        </p>
      </form>
    </section>
  );
}

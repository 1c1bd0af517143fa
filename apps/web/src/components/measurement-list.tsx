'use client';
/**
 * The case's measurements (lengths, bidimensional, ROIs) on its series and its plans' simulated samples,
 * with the values the server computed, printed as in the PDF (contracts formatMeasurementValues); a
 * measurement on the series can be gone to, any can be deleted. Kept with the case, not in report.json.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { MEASUREMENT_KIND_LABEL, formatMeasurementValues, measurementSegments, measurementTargetLabel } from '@mewm/contracts';
import { useTRPC } from '../client/trpc.ts';
import { useViewerStore } from '../client/viewer-store.ts';

export function MeasurementList({ caseId }: { caseId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.measurements.list.queryOptions({ caseId }));
  const remove = useMutation(trpc.measurements.delete.mutationOptions({
    onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.measurements.list.queryKey({ caseId }) }),
  }));
  const goToPoint = useViewerStore((s) => s.goToPoint);
  const seriesId = useViewerStore((s) => s.seriesId);
  const rows = list.data ?? [];
  if (rows.length === 0) return null;
  return (
    <section className="measurement-list" data-testid="measurement-list">
      <h3>Measurements</h3>
      <p className="hint">Made in the viewers; listed in the plan PDF. On a simulated follow-up they measure a model output. Research use only, not for clinical use.</p>
      <table>
        <thead><tr><th>Label</th><th>Kind</th><th>On</th><th>Plane</th><th>Values</th><th>Note</th><th /></tr></thead>
        <tbody>
          {rows.map((m) => (
            <tr key={m.id} data-testid="measurement-row" data-label={m.label}>
              <td>{m.label}</td>
              <td>{MEASUREMENT_KIND_LABEL[m.geometry.kind]}</td>
              <td>{measurementTargetLabel(m.target)}</td>
              <td>{m.geometry.plane}</td>
              <td data-testid="measurement-values">{formatMeasurementValues(m.values)}</td>
              <td>{m.note ?? ''}</td>
              <td>
                {m.target.kind === 'series' && m.target.seriesId === seriesId && (
                  <button type="button" onClick={() => { const [a] = measurementSegments(m.geometry)[0]!; goToPoint([a[0], a[1], a[2]]); }}>Go to</button>
                )}
                <button type="button" aria-label={`Delete ${m.label}`} onClick={() => remove.mutate({ caseId, id: m.id })}>Delete</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {remove.error && <p className="error" role="alert">{remove.error.message}</p>}
    </section>
  );
}

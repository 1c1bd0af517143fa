'use client';
/**
 * The case's ingested series (select one for the viewer) and the series picker: other image series
 * found in a multi-series upload, which can be ingested from the staged upload with one click.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { randomId } from '../client/random-id.ts';
import { useTRPC } from '../client/trpc.ts';
import { useViewerStore } from '../client/viewer-store.ts';
import { IngestProgress } from './ingest-progress.tsx';

export function SeriesList({ caseId }: { caseId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const series = useQuery(trpc.uploads.listSeries.queryOptions({ caseId }));
  const selected = useViewerStore((s) => s.seriesId);
  const selectSeries = useViewerStore((s) => s.selectSeries);
  const pick = useMutation(trpc.uploads.pickSeries.mutationOptions({
    onSuccess: async (outcome) => {
      await queryClient.invalidateQueries({ queryKey: trpc.uploads.listSeries.queryKey({ caseId }) });
      selectSeries(outcome.series.id);
    },
  }));

  const rows = series.data ?? [];
  useEffect(() => {
    if (rows.length > 0 && (selected === null || !rows.some((r) => r.id === selected))) selectSeries(rows[rows.length - 1]!.id);
  }, [rows, selected, selectSeries]);

  if (series.isPending) return <p>Loading series…</p>;
  if (series.error) return <p className="error">{series.error.message}</p>;
  if (rows.length === 0) return <p>No CT yet: upload one above.</p>;

  const ingestedKeys = new Set(rows.map((r) => r.seriesKey));
  const pickable = rows.flatMap((r) =>
    r.siblings.stagingId === null ? [] : r.siblings.series.filter((s) => !ingestedKeys.has(s.key)).map((s) => ({ ...s, stagingId: r.siblings.stagingId! })),
  );

  const patients = new Set(rows.flatMap((r) => r.siblings.series.map((s) => s.patient ?? 1)));
  return (
    <section>
      <h2>Series</h2>
      {patients.size > 1 && (
        <p className="warning" role="alert" data-testid="series-patients-warning">
          An upload held images of {patients.size} different patients. A case is one patient: keep only the right patient&apos;s series
          (each series below says which patient of the upload it is).
        </p>
      )}
      <ul className="series" data-testid="series-list">
        {rows.map((r) => (
          <li key={r.id}>
            <label>
              <input type="radio" name="series" checked={selected === r.id} onChange={() => selectSeries(r.id)} />{' '}
              {r.modality ?? r.sourceFormat.toUpperCase()} · {r.dims.join('×')} voxels · {r.spacingMm.map((s) => s.toFixed(2)).join(' × ')} mm
              {r.deidentifiedFiles !== null && <> · {r.deidentifiedFiles} files de-identified</>}
            </label>
          </li>
        ))}
      </ul>
      {pickable.length > 0 && (
        <div className="picker" data-testid="series-picker">
          <h3>Other series in the upload</h3>
          <ul>
            {pickable.map((s) => (
              <li key={s.key}>
                {s.modality ?? '?'} · {s.imageCount} images · {s.columns}×{s.rows}
                {s.pixelSpacingMm ? ` · ${s.pixelSpacingMm[1].toFixed(2)}×${s.pixelSpacingMm[0].toFixed(2)} mm` : ''}
                {s.sliceThicknessMm !== undefined ? `, ${s.sliceThicknessMm.toFixed(1)} mm slices` : ''}
                {s.shiftedDate ? ` · ${s.shiftedDate.slice(0, 4)}-${s.shiftedDate.slice(4, 6)}-${s.shiftedDate.slice(6)} (date shifted)` : ''}
                {patients.size > 1 ? ` · patient ${s.patient ?? 1} of the upload` : ''} · key {s.key}{' '}
                <button type="button" disabled={pick.isPending}
                  onClick={() => pick.mutate({ caseId, stagingId: s.stagingId, seriesKey: s.key, progressId: randomId() })}>
                  Load this series
                </button>
              </li>
            ))}
          </ul>
          {pick.isPending && pick.variables.progressId && <IngestProgress progressId={pick.variables.progressId} />}
          {pick.error && <p className="error">{pick.error.message}</p>}
        </div>
      )}
    </section>
  );
}

'use client';
/**
 * The Results panel for the selected plan job: the ranked table, the survival curves of the top
 * candidates, the clinical covariates used (imputed ones marked), the model cards, the exports (PDF, JSON, NIfTI bundle, DICOM; a push to a PACS),
 * and, last (below everything, so nothing above the viewer moves), the target-lesion table (RECIST 1.1 / mRECIST). Research use only.
 */
import { useQuery } from '@tanstack/react-query';
import { usePlanStore } from '../client/plan-store.ts';
import { useTRPC } from '../client/trpc.ts';
import { DISEASE_NAMES, RESEARCH_USE_LABEL } from '@mewm/contracts';
import { PacsPush } from './pacs-push.tsx';
import { ResultsCovariates } from './results-covariates.tsx';
import { ResultsModelCards } from './results-model-cards.tsx';
import { ResultsTable } from './results-table.tsx';
import { ResultsAnatomy } from './results-anatomy.tsx';
import { ResultsTargetLesions } from './results-target-lesions.tsx';
import { SurvivalChart } from './survival-chart.tsx';

const TOP_CURVES = 5;

export function ResultsPanel() {
  const jobId = usePlanStore((s) => s.selectedJobId);
  const trpc = useTRPC();
  // Refreshed when the Plan panel's live stream sees the job end.
  const { data: job } = useQuery({ ...trpc.plans.job.queryOptions({ jobId: jobId ?? '' }), enabled: jobId !== null });
  const report = useQuery({ ...trpc.plans.report.queryOptions({ jobId: jobId ?? '' }), enabled: jobId !== null && job?.hasResult === true, staleTime: Infinity });
  if (jobId === null || job === undefined || !job.hasResult) return null;
  return (
    <section className="results-panel" data-testid="results-panel">
      <h2>Results</h2>
      <p className="warning" role="note"><strong>{RESEARCH_USE_LABEL}</strong>: simulated outcomes from research models, not a treatment recommendation.</p>
      {report.isPending && <p>Loading the report…</p>}
      {report.error && <p className="error">{report.error.message}</p>}
      {report.data && (
        <>
          <p>
            {report.data.disease !== undefined && <><span data-testid="results-disease">Plan for {DISEASE_NAMES[report.data.disease]} ({report.data.disease.toUpperCase()})</span> · </>}
            {report.data.candidates.length} candidate(s) × {report.data.settings.samples} sample(s), policy {report.data.settings.policy}, seed {report.data.settings.seed}
            {report.data.bclcStage !== null && <>, BCLC {report.data.bclcStage}</>} · ranked by expected RMST to {report.data.settings.rmstHorizonMonths} months
          </p>
          <ResultsTable report={report.data} />
          <h3>Predicted survival (top {Math.min(TOP_CURVES, report.data.candidates.length)})</h3>
          <SurvivalChart
            horizonMonths={report.data.settings.rmstHorizonMonths}
            series={report.data.candidates.slice(0, TOP_CURVES).map((c) => ({ name: c.name, rank: c.rank, curve: c.aggregate.survivalCurve }))}
          />
          <h3>Clinical covariates used</h3>
          <ResultsCovariates clinical={report.data.clinical} />
          <h3>Models</h3>
          <ResultsModelCards models={report.data.models} />
          <h3>Export</h3>
          <p className="toolbar" data-testid="plan-exports">
            <a href={`/api/plan-jobs/${jobId}/export/pdf`} download data-testid="export-pdf">report.pdf</a>
            <a href={`/api/plan-jobs/${jobId}/export/json`} download data-testid="export-json">report.json</a>
            <a href={`/api/plan-jobs/${jobId}/export/bundle`} download data-testid="export-bundle">NIfTI bundle (.zip)</a>
            <a href={`/api/plan-jobs/${jobId}/export/dicom`} download data-testid="export-dicom">DICOM for a PACS (.zip)</a>
          </p>
          <PacsPush jobId={jobId} />
          <h3>Target lesions (RECIST 1.1 / mRECIST)</h3>
          <ResultsTargetLesions report={report.data} />
          <h3>Anatomy: margins, vessels, liver remnant</h3>
          <ResultsAnatomy report={report.data} />
        </>
      )}
    </section>
  );
}

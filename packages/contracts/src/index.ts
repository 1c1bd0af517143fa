/**
 * @mewm/contracts: what crosses package and process boundaries — the error base and its stable codes,
 * the tissue-state labels, the research-use label, and the plan service's request, progress events,
 * run summary, job status and report (PlanReport). Imports nothing but zod.
 */
export * from './errors.ts';
export * from './research-use.ts';
export * from './tissue-state.ts';
export * from './disease.ts';
export * from './dicom-reference.ts';
export * from './plan-request.ts';
export * from './plan-progress.ts';
export * from './plan-result.ts';
export * from './plan-job-status.ts';
export * from './plan-anatomy.ts';
export * from './plan-report.ts';
export * from './anatomy-rows.ts';
export * from './plan-report-display.ts';
export * from './plan-worker-messages.ts';
export * from './measurement.ts';

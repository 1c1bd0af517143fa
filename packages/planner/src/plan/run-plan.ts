/**
 * runPlan: the one plan service. `mewm plan`, the web app's plan worker and remote workers call it.
 *
 *   request ─parsePlanRequest─► policy, user candidates, covariates (checked before slow work)
 *     ─► CT + lesion (+ liver) masks, or the phantom ─► renderer + risk model opened
 *     ─► planTreatment (policy → K simulated samples per candidate → ranked PlanReport)
 *     ─► report.json + report.pdf + NIfTI bundle (+ the CT's de-identified DICOM files when it came in
 *        as DICOM) in `outDir`, all-or-nothing ─► models disposed
 *
 * Cancellation: when `signal` aborts, runPlan stops at the next progress event or written sample,
 * removes its partial folder and rejects with `signal.reason` (an AbortError by default); `outDir`
 * is then never created. A request that does not match the contract rejects with PlanRequestError
 * naming the field, before anything is read or written. Research use only, not for clinical use.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { parsePlanRequest, type PlanProgress, type PlanReport, type PlanRunSummary } from '@mewm/contracts';
import type { RiskModel } from '@mewm/survival';
import { defaultLiverCondition, type RegionRenderer } from '@mewm/world-model';
import { bundleSampleWriter } from '../bundle/bundle-sample-writer.ts';
import { openPlanBundle } from '../bundle/plan-bundle.ts';
import { writePlanPdf } from '../report/write-plan-pdf.ts';
import { canonicalJson, sha256Text, volumeContentSha256 } from './content-hash.ts';
import type { PlanInput } from './contracts.ts';
import { loadPlanInputs } from './load-plan-inputs.ts';
import { DEFAULT_RISK_MODEL_IDS } from './default-models.ts';
import { openRenderer } from './open-renderer.ts';
import { openRiskModel } from './open-risk-model.ts';
import { parseNamedRequest } from './parse-named-request.ts';
import { argumentNames, type PlanArgumentNames } from './plan-argument-names.ts';
import { planTreatment } from './plan-treatment.ts';
import { requestPolicy } from './request-policy.ts';
import { createSimulationCache } from './simulation-cache.ts';

export interface RunPlanOptions {
  /** Every progress event, in order. */
  onProgress?: (e: PlanProgress) => void;
  /** Aborting stops the plan and leaves no files. */
  signal?: AbortSignal;
  /** How the caller names the request's fields in error messages (the CLI: its flags). */
  argumentNames?: Partial<PlanArgumentNames>;
}

export interface RunPlanResult {
  summary: PlanRunSummary;
  /** The report as written to `<outDir>/report.json`. */
  report: PlanReport;
}

/** Run one plan into `request.outDir` (which must not exist or be empty). */
export async function runPlan(request: unknown, opts: RunPlanOptions = {}): Promise<RunPlanResult> {
  const t0 = performance.now();
  const { signal } = opts;
  signal?.throwIfAborted();
  const names = argumentNames(opts.argumentNames);
  const { inputs, options, outDir } = parseNamedRequest(parsePlanRequest, request, names);
  const { policy, clinical } = requestPolicy(options, names);

  const loaded = await loadPlanInputs(inputs, names);
  signal?.throwIfAborted();
  const ctSha = volumeContentSha256(loaded.ct);
  const liverCondition = defaultLiverCondition(options.disease);
  const input: PlanInput = {
    ct: loaded.ct, lesionMask: loaded.lesionMask, clinical, disease: options.disease,
    ...(loaded.liverMask ? { liverMask: loaded.liverMask } : {}),
    ...(loaded.vesselMask ? { vesselMask: loaded.vesselMask } : {}),
    ...(loaded.liverMask ? { liverCondition: liverCondition.condition } : {}),
    anatomy: { ...loaded.anatomy, notes: [...loaded.anatomy.notes, ...(loaded.liverMask ? [`Liver condition: ${liverCondition.assumption}.`] : [])] },
    inputHashes: {
      ct: ctSha, lesionMask: volumeContentSha256(loaded.lesionMask),
      ...(options.clinical !== undefined ? { clinical: sha256Text(canonicalJson(clinical)) } : {}),
    },
    casePseudonym: options.pseudonym ?? (inputs.kind === 'phantom' ? 'phantom' : `case-${ctSha.slice(0, 12)}`),
    lesionSource: loaded.lesionSource,
    ...(loaded.dicom ? { dicomReference: loaded.dicom.reference } : {}),
  };

  /** After every written sample: let other work (a cancel message) run, then stop if aborted. */
  const checkpoint = async () => {
    await yieldToEventLoop();
    signal?.throwIfAborted();
  };
  const bundle = await openPlanBundle(outDir, names.outDir);
  let renderer: RegionRenderer | undefined;
  let riskModel: RiskModel | undefined;
  try {
    renderer = await openRenderer(options.renderer);
    // The disease's default risk model unless the request names one (--risk-model).
    riskModel = await openRiskModel(options.riskModel ?? DEFAULT_RISK_MODEL_IDS[options.disease]);
    signal?.throwIfAborted();
    const samplesOut = bundleSampleWriter(bundle, loaded.ct, loaded.lesionMask, checkpoint);
    const { report } = await planTreatment(input, {
      policy, renderer, riskModel, samples: options.samples, seed: options.seed,
      ...(options.steps !== undefined ? { steps: options.steps } : {}),
      ...(options.searchSamples !== undefined ? { searchSamples: options.searchSamples } : {}),
      cache: createSimulationCache(options.cacheDir !== undefined ? { dir: options.cacheDir } : {}),
      onProgress: (e) => {
        signal?.throwIfAborted();
        opts.onProgress?.(e);
      },
      onSampleVolumes: samplesOut.onSampleVolumes,
      finalise: (ranked) => bundle.finalise(ranked, loaded.ct, loaded.lesionMask, loaded.dicom?.files, {
        ...(loaded.liverMask ? { liverMask: loaded.liverMask } : {}), ...(loaded.vesselMask ? { vesselMask: loaded.vesselMask } : {}),
      }),
    });
    await checkpoint();
    const tPdf = performance.now();
    await writePlanPdf(report, samplesOut.images, `${bundle.tmpDir}/report.pdf`);
    report.timings = {
      ingestMs: loaded.ingestMs, lesionMs: loaded.lesionMs, liverMs: loaded.liverMs, vesselsMs: loaded.vesselsMs, ...report.timings,
      keySlicesMs: samplesOut.keySlicesMs(), pdfMs: performance.now() - tPdf, totalMs: performance.now() - t0,
    };
    const json = `${JSON.stringify(report, null, 2)}\n`;
    await bundle.writeText('report.json', json);
    await checkpoint();
    await bundle.commit();
    return {
      report,
      summary: {
        candidates: report.candidates.length,
        samples: report.settings.samples,
        files: report.files.length,
        reportSha256: sha256Text(json),
        bclcStage: report.bclcStage,
        topCandidate: report.candidates[0]!.name,
      },
    };
  } catch (e) {
    await bundle.abort();
    throw e;
  } finally {
    await renderer?.dispose();
    await riskModel?.dispose();
  }
}


/**
 * runPlan, the one plan service, on the embedded phantom with the white-noise renderer (fast): its
 * progress events follow the contract (every sample of every candidate, in order, then the report),
 * its summary matches report.json; an abort through the signal — before the start or during the
 * simulations — rejects with the signal's reason and leaves no files; a bad request is rejected with
 * a PlanRequestError naming the field before anything is read or written.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { errorCodeOf, planProgressSchema, planReportSchema, planRunSummarySchema, type PlanProgress, type PlanRequestInput } from '@mewm/contracts';
import { runPlan } from '../src/index.ts';

const work = mkdtempSync(join(tmpdir(), 'mewm-run-plan-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const request = (out: string, options: Partial<PlanRequestInput['options']> = {}): PlanRequestInput => ({
  inputs: { kind: 'phantom' },
  outDir: join(work, out),
  options: { disease: 'hcc', candidates: ['rfa', 'sorafenib'], samples: 2, seed: 3, renderer: 'white-noise', ...options },
});
const partials = () => readdirSync(work).filter((n) => n.includes('.partial-'));

describe('runPlan on the phantom', () => {
  it('reports progress for every sample in order, writes a schema-valid report and returns its summary', async () => {
    const events: PlanProgress[] = [];
    const { summary, report } = await runPlan(request('ok'), { onProgress: (e) => events.push(e) });
    for (const e of events) expect(planProgressSchema.safeParse(e).success, JSON.stringify(e)).toBe(true);
    const simulate = events.filter((e) => e.phase === 'simulate');
    expect(simulate.map((e) => `${e.candidate}/${e.candidates}:${e.sample}/${e.samples}`)).toEqual(['1/2:1/2', '1/2:2/2', '2/2:1/2', '2/2:2/2']);
    expect(events[0]!.phase).toBe('policy');
    expect(events.at(-1)!.phase).toBe('report');

    const json = readFileSync(join(work, 'ok', 'report.json'), 'utf8');
    expect(planReportSchema.parse(JSON.parse(json))).toEqual(report);
    expect(planRunSummarySchema.parse(summary)).toEqual({
      candidates: 2, samples: 2, files: 4 + 2 * 2 * 2, // CT, lesion, liver and vessel masks; candidates × samples × (CT, states)
      reportSha256: createHash('sha256').update(json).digest('hex'),
      bclcStage: report.bclcStage, topCandidate: report.candidates[0]!.name,
    });
    expect(report.case).toEqual({ pseudonym: 'phantom', lesionSource: { kind: 'phantom' } });
    expect(report.disease).toBe('hcc');
    expect(report.settings).toMatchObject({ policy: 'user', samples: 2, seed: 3, steps: null }); // the white-noise baseline takes no diffusion steps
    expect(report.inputs.hashes.clinical).toBeUndefined(); // no covariates given
    expect(Object.keys(report.timings)).toEqual(expect.arrayContaining(['ingestMs', 'lesionMs', 'pdfMs', 'totalMs']));
    expect(readFileSync(join(work, 'ok', 'report.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    expect(partials()).toEqual([]);
  });

  it('an abort during the simulations rejects with the reason and leaves no files', async () => {
    const controller = new AbortController();
    const reason = new Error('stop now');
    let simulated = 0;
    await expect(runPlan(request('cancelled'), {
      signal: controller.signal,
      onProgress: (e) => {
        if (e.phase === 'simulate' && ++simulated === 2) controller.abort(reason);
      },
    })).rejects.toBe(reason);
    expect(simulated).toBe(2); // stopped at the next event
    expect(existsSync(join(work, 'cancelled'))).toBe(false);
    expect(partials()).toEqual([]);
  });

  it('a signal aborted before the start rejects at once with an AbortError', async () => {
    await expect(runPlan(request('never'), { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(existsSync(join(work, 'never'))).toBe(false);
  });
});

describe('runPlan: bad requests', () => {
  const rejected = async (value: unknown, field: string, message: RegExp) => {
    const e: unknown = await runPlan(value).then(() => undefined, (err: unknown) => err);
    expect(errorCodeOf(e)).toBe('PLAN_REQUEST');
    expect(e).toMatchObject({ field });
    expect((e as Error).message).toMatch(message);
  };

  it('names the field at fault, before anything is written', async () => {
    await rejected(request('bad-1', { samples: 0 }), 'options.samples', /^options\.samples: must be an integer 1\.\.64/);
    await rejected(request('bad-2', { seed: 2 ** 31 - 1 }), 'options.seed', /seed\.\.seed\+K/);
    await rejected(request('bad-3', { policy: 'oracle' as 'guideline' }), 'options.policy', /must be one of guideline, search, both, user/);
    await rejected(request('bad-4', { policy: 'user', candidates: [] }), 'options.candidates', /give at least one/);
    await rejected(request('bad-5', { pseudonym: 'Jane Doe' }), 'options.pseudonym', /never a patient name/);
    await rejected({ inputs: { kind: 'files', ct: [], lesion: { kind: 'mask', path: 'm.nii.gz' } }, outDir: join(work, 'bad-6'), options: { disease: 'hcc' } }, 'inputs.ct', /at least one CT/);
    await rejected({ inputs: { kind: 'phantom' }, options: { disease: 'hcc' } }, 'outDir', /.+/);
    await rejected({ inputs: { kind: 'phantom' }, outDir: join(work, 'bad-7'), options: { disease: 'hcc', sample: 2 } }, 'options', /sample/);
    await rejected(request('bad-9', { disease: 'hepatoma' as 'hcc' }), 'options.disease', /^options\.disease: must be one of hcc, crlm, got "hepatoma"/);
    expect(readdirSync(work).filter((n) => n.startsWith('bad-') || n.includes('.bad-'))).toEqual([]);
  });

  it('a request without a disease is refused, naming the option as the caller names it (never HCC by default)', async () => {
    const { disease: _disease, ...noDisease } = request('bad-10').options;
    await rejected({ ...request('bad-10'), options: noDisease }, 'options.disease', /^options\.disease: is required: the disease the plan is for, one of hcc, crlm/);
    await rejected({ inputs: { kind: 'phantom' }, outDir: join(work, 'bad-11') }, 'options.disease', /is required/);
    await expect(runPlan({ ...request('bad-12'), options: noDisease }, { argumentNames: { disease: 'disease' } }))
      .rejects.toMatchObject({ code: 'PLAN_REQUEST', field: 'disease', message: expect.stringMatching(/^disease: is required/) });
    expect(existsSync(join(work, 'bad-12'))).toBe(false);
  });

  it('a user candidate with a regimen for the other disease is refused, naming it', async () => {
    await expect(runPlan(request('bad-13', { disease: 'crlm' }))).rejects.toMatchObject({
      message: expect.stringMatching(/^candidates\[1\]: sorafenib is a regimen for hepatocellular carcinoma; this plan is for colorectal liver metastases \(crlm\)/),
    });
    expect(existsSync(join(work, 'bad-13'))).toBe(false);
  });

  it('a user candidate that breaks the protocol rules is an input error naming it', async () => {
    const conflicting = [{ components: [{ modality: 'tace', technique: 'conventional', drugs: ['oxaliplatin', 'cisplatin'], embolics: ['lipiodol'] }] }];
    await expect(runPlan(request('bad-8', { candidates: conflicting }))).rejects.toMatchObject({ message: expect.stringMatching(/candidates\[0\]/) });
    expect(existsSync(join(work, 'bad-8'))).toBe(false);
  });
});

/**
 * The plan panel's candidates and options through the tRPC caller: live protocol validation (the world
 * model's validator: canonical protocol, or every problem naming its field), the protocol vocabulary,
 * the renderer choice (from the model card; stored with the job and used by the planner), custom
 * protocol candidates stored with the job, and deleting plan jobs (row + output folder; active jobs
 * are a CONFLICT). One small real plan: 1 custom candidate × 1 sample with the trained renderer.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AGENT_LABELS, MODALITY_IDS, PRESET_NAMES, TACE_DRUGS } from '@mewm/world-model/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planJobRunner } from '../src/server/services/plan-jobs-runner.ts';
import type { PlanJobRequest } from '../src/server/services/plan-jobs-request.ts';
import { rendererEvaluationView, rendererVerdict } from '../src/server/services/plan-renderers.ts';
import { createCrlm1006Case } from './support/crlm-case.ts';
import { createWebTestContext, type WebTestContext } from './support/web-test-context.ts';

let t: WebTestContext;

async function rejection(p: Promise<unknown>): Promise<{ code?: string; message?: string }> {
  return p.then(() => ({ code: 'RESOLVED' }), (e: unknown) => e as { code?: string; message?: string });
}

const CTACE_MWA = {
  components: [
    { modality: 'ablation', technique: 'mwa', marginMm: 7 },
    { modality: 'tace', technique: 'conventional', drugs: ['epirubicin'], embolics: ['lipiodol'] },
  ],
};

beforeAll(() => {
  t = createWebTestContext();
});
afterAll(async () => {
  await (await planJobRunner(t.ctx)).whenIdle();
  await t.close();
});

describe('plans.validateProtocol: the world model\'s validator, live', () => {
  it('returns the canonical protocol (defaults filled), its key and description for a valid custom protocol', async () => {
    const r = await t.caller.plans.validateProtocol({ kind: 'protocol', protocol: CTACE_MWA });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.protocol).toEqual({ ...CTACE_MWA, followUpDays: 90 });
    expect(r.key).toBe('p1|fu=90|tace:conventional:d=epirubicin:e=lipiodol|ablation:mwa:m=7');
    expect(r.description).toBe('cTACE (epirubicin; Lipiodol) + MWA (margin 7 mm), follow-up 90 days');
    const same = await t.caller.plans.validateProtocol({ kind: 'text', text: JSON.stringify(CTACE_MWA) });
    expect(same).toEqual(r);
  });

  it('resolves preset names and presets joined with "+" given as text', async () => {
    const r = await t.caller.plans.validateProtocol({ kind: 'text', text: 'ctace-epirubicin-lipiodol+mwa' });
    expect(r).toMatchObject({ ok: true, protocol: { name: 'ctace-epirubicin-lipiodol+mwa' }, description: 'cTACE (epirubicin; Lipiodol) + MWA (margin 5 mm, perfusion microwave electrode, 80 W, 5 min), follow-up 90 days' });
  });

  it('lists a conflict (RFA and resection of the same lesion) naming the component field and both parts', async () => {
    const r = await t.caller.plans.validateProtocol({
      kind: 'protocol',
      protocol: { components: [{ modality: 'ablation', technique: 'rfa' }, { modality: 'resection' }] },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ field: 'components[1]', code: 'PROTOCOL_CONFLICT', conflicting: ['RFA', 'resection'] });
    expect(r.problems[0]!.message).toMatch(/RFA conflicts with resection: both treat the same lesion definitively/);
  });

  it('lists every out-of-range value with its field and the allowed range', async () => {
    const r = await t.caller.plans.validateProtocol({
      kind: 'protocol',
      protocol: { components: [{ modality: 'sbrt', totalDoseGy: 90, fractions: 3 }], followUpDays: 4000 },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.field, p.code])).toEqual([['components[0].totalDoseGy', 'PROTOCOL_INVALID'], ['followUpDays', 'PROTOCOL_INVALID']]);
    expect(r.problems[0]!.message).toBe('must be at most 75 (got 90)');
    expect(r.problems[1]!.message).toMatch(/at most 1826 .*5 years/);
    // Each field within range, but the dose per fraction is not: a rule of the world model, still named.
    const perFraction = await t.caller.plans.validateProtocol({ kind: 'protocol', protocol: { components: [{ modality: 'sbrt', totalDoseGy: 20, fractions: 10 }] } });
    expect(perFraction).toMatchObject({ ok: false, problems: [{ field: 'components[0].totalDoseGy', message: expect.stringMatching(/dose per fraction 2\.0 Gy .* outside 5–30 Gy/) }] });
  });

  it('names an unknown agent with the allowed list, and bad JSON or an unknown preset as a typed problem', async () => {
    const agent = await t.caller.plans.validateProtocol({
      kind: 'protocol',
      protocol: { components: [{ modality: 'tace', technique: 'conventional', drugs: ['aspirin'], embolics: ['lipiodol'] }] },
    });
    expect(agent).toMatchObject({ ok: false, problems: [{ field: 'components[0].drugs[0]', code: 'PROTOCOL_INVALID' }] });
    expect(!agent.ok && agent.problems[0]!.message).toMatch(/unknown value \(got "aspirin"\); allowed: raltitrexed, epirubicin/);
    const json = await t.caller.plans.validateProtocol({ kind: 'text', text: '{"components": [' });
    expect(json).toMatchObject({ ok: false, problems: [{ field: 'json', code: 'PROTOCOL_INVALID', message: expect.stringMatching(/protocol JSON does not parse/) }] });
    const preset = await t.caller.plans.validateProtocol({ kind: 'text', text: 'rfa+chemo-magic' });
    expect(preset).toMatchObject({ ok: false, problems: [{ field: 'preset', message: expect.stringMatching(/unknown protocol preset "chemo-magic"/) }] });
    const notObject = await t.caller.plans.validateProtocol({ kind: 'protocol', protocol: 'rfa' });
    expect(notObject).toMatchObject({ ok: false, problems: [{ field: '(protocol)' }] });
  });

  it('bad input: an unknown kind or an oversized text is BAD_REQUEST', async () => {
    expect(await rejection(t.caller.plans.validateProtocol({ kind: 'yaml', text: 'x' } as never))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await rejection(t.caller.plans.validateProtocol({ kind: 'text', text: 'x'.repeat(20_001) }))).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/at most 20000/) });
  });
});

describe('plans.protocolVocabulary and plans.renderers', () => {
  it('lists the registered modalities with the form fields of their folders, the ranges, defaults and presets', async () => {
    const v = await t.caller.plans.protocolVocabulary();
    expect(v.modalities.map((m) => m.id)).toEqual([...MODALITY_IDS]);
    const field = (modality: string, name: string) => v.modalities.find((m) => m.id === modality)!.fields.find((f) => f.kind !== 'hint' && f.name === name);
    const drugs = field('tace', 'drugs');
    expect(drugs?.kind === 'checklist' ? drugs.choices.map((d) => d.id) : null).toEqual([...TACE_DRUGS]);
    expect(drugs?.kind === 'checklist' ? drugs.choices.find((d) => d.id === 'pirarubicin')?.label : null).toBe(AGENT_LABELS.pirarubicin);
    const technique = field('tace', 'technique');
    expect(technique?.kind === 'select' ? technique.choices.map((x) => x.id) : null).toEqual(['conventional', 'deb', 'particle']);
    const ablation = field('ablation', 'technique');
    expect(ablation?.kind === 'select' ? ablation.choices.map((x) => x.id) : null).toEqual(['rfa', 'mwa']);
    expect(field('ablation', 'marginMm')).toMatchObject({ kind: 'number', initial: 5, range: { min: 0, max: 20 }, optional: false });
    expect(field('ablation', 'zoneDiameterMm')).toMatchObject({ kind: 'number', optional: true });
    expect(field('resection', 'marginMm')).toMatchObject({ kind: 'number', initial: 10 });
    expect(field('sbrt', 'totalDoseGy')).toMatchObject({ kind: 'number', range: { min: 15, max: 75 } });
    expect(v.ranges.sbrtTotalDoseGy).toEqual({ min: 15, max: 75 });
    expect(v.defaults).toEqual({ followUpDays: 90 });
    expect(v.presets.map((p) => p.name)).toEqual([...PRESET_NAMES]);
    expect(v.presets.find((p) => p.name === 'sbrt-60gy-3fx')?.description).toBe('SBRT 60 Gy / 3 fx (BED10 180 Gy), follow-up 90 days');
  });

  it('offers the trained renderer as the default (first) and the baseline as the alternative, judged from the model card', async () => {
    const [trained, baseline, ...rest] = await t.caller.plans.renderers();
    expect(rest).toEqual([]);
    expect(trained).toMatchObject({ id: 'renderer-ct', isDefault: true, learned: true, available: true, experimental: false });
    expect(baseline).toMatchObject({ id: 'white-noise-baseline', isDefault: false, learned: false, available: true });
    expect(trained!.card?.evaluation?.rows.map((r) => r.method)).toContain('coarse+white-noise');
    expect(trained!.note).toBe(rendererVerdict(trained!.card!.evaluation));
    expect(trained!.note).toMatch(/^beats the noise baseline on every held-out texture metric; see model card$/);
  });

  it('says "loses to the noise baseline" exactly when the renderer beats it on none of the texture metrics', () => {
    const results = (r: number[]) => [
      { method: 'renderer', metrics: { histW1: r[0]!, npsError: r[1]!, glcmError: r[2]!, lowpassMaeHu: 1 } },
      { method: 'coarse+white-noise', metrics: { histW1: 1.6, npsError: 0.6, glcmError: 0.14, lowpassMaeHu: 0.9 } },
    ];
    const loses = rendererEvaluationView({ dataset: 'held-out', results: results([3.7, 3.98, 0.35]) });
    expect(loses.beatsNoiseBaselineOn).toEqual([]);
    expect(rendererVerdict(loses)).toBe('experimental — loses to the noise baseline on held-out texture metrics; see model card');
    const partly = rendererEvaluationView({ dataset: 'held-out', results: results([1.5, 3.98, 0.35]) });
    expect(rendererVerdict(partly)).toMatch(/^experimental — beats the noise baseline on only 1 of 3 .*\(histW1\)/);
    expect(rendererVerdict(rendererEvaluationView({ dataset: 'held-out', results: results([1, 0.5, 0.1]) }))).toMatch(/^beats the noise baseline on every/);
    expect(rendererVerdict(null)).toMatch(/^experimental — no held-out evaluation/);
  });
});

describe('plan jobs: custom candidates, renderer, delete (CRLM-CT-1006)', () => {
  let caseId: string;
  let jobId: string;

  beforeAll(async () => {
    ({ caseId } = await createCrlm1006Case(t));
  });

  it('accepts a { name, protocol } candidate and the trained renderer, stores both in the request, and plans with them (1 × 1)', async () => {
    const validated = await t.caller.plans.validateProtocol({ kind: 'protocol', protocol: CTACE_MWA });
    if (!validated.ok) throw new Error('expected a valid protocol');
    const candidate = { name: 'my-ctace-mwa', protocol: validated.protocol };
    const started = await t.caller.plans.start({ caseId, options: { policy: 'user', candidates: [candidate], samples: 1, seed: 2, renderer: 'renderer-ct' } });
    jobId = started.id;
    expect(started.options).toMatchObject({ policy: 'user', renderer: 'renderer-ct', userCandidates: 1 });
    const row = await t.ctx.db.planJob.findUniqueOrThrow({ where: { id: jobId }, select: { request: true } });
    const request = JSON.parse(row.request) as PlanJobRequest;
    expect(request.options.candidates).toEqual([candidate]);
    expect(request.options.renderer).toBe('renderer-ct');

    await (await planJobRunner(t.ctx)).whenIdle();
    const done = await t.caller.plans.job({ jobId });
    expect(done.error).toBeNull();
    expect(done.status).toBe('succeeded');
    const report = await t.caller.plans.report({ jobId });
    expect(report.candidates.map((c) => c.name)).toEqual(['my-ctace-mwa']);
    expect(report.models.renderer).toMatchObject({ name: 'renderer-ct', learned: true });
    const audit = (await t.caller.cases.audit({ caseId })).find((a) => a.kind === 'plan-run' && a.details.event === 'queued');
    expect(audit?.details).toMatchObject({ jobId, renderer: 'renderer-ct' });
  });

  it('defaults to the trained renderer, and refuses an unknown renderer or a conflicting custom protocol naming the field', async () => {
    const plain = await t.caller.plans.start({ caseId, options: { policy: 'user', candidates: ['rfa'], samples: 1 } });
    expect(plain.options.renderer).toBe('renderer-ct');
    await t.caller.plans.cancel({ jobId: plain.id }).catch(() => undefined);
    await (await planJobRunner(t.ctx)).whenIdle();
    expect(await rejection(t.caller.plans.start({ caseId, options: { policy: 'user', candidates: ['rfa'], renderer: 'dall-e' } })))
      .toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/renderer: unknown renderer "dall-e"; allowed: white-noise-baseline, renderer-ct/) });
    const conflicting = { name: 'both', protocol: { components: [{ modality: 'ablation', technique: 'rfa' }, { modality: 'resection' }] } };
    expect(await rejection(t.caller.plans.start({ caseId, options: { policy: 'user', candidates: [conflicting] } })))
      .toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/candidates\[0\].*RFA conflicts with resection/) });
  });

  it('deletes a finished job: its row and output folder go, audit rows stay and a delete is audited', async () => {
    const dir = join(t.ctx.dataDir.caseDir(caseId), 'plans', jobId);
    expect(existsSync(join(dir, 'report.json'))).toBe(true);
    const before = (await t.caller.cases.audit({ caseId })).filter((a) => a.details.jobId === jobId).length;
    expect(await t.caller.plans.delete({ jobId })).toEqual({ id: jobId });
    expect(existsSync(dir)).toBe(false);
    expect(await t.ctx.db.planJob.count({ where: { id: jobId } })).toBe(0);
    expect((await t.caller.plans.list({ caseId })).map((j) => j.id)).not.toContain(jobId);
    const audit = (await t.caller.cases.audit({ caseId })).filter((a) => a.details.jobId === jobId);
    expect(audit).toHaveLength(before + 1);
    expect(audit[audit.length - 1]).toMatchObject({ kind: 'delete', details: { what: 'plan-job', status: 'succeeded', hadResult: true } });
    expect(await rejection(t.caller.plans.delete({ jobId }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses to delete a queued or running job (CONFLICT, nothing removed); a failed one goes with any partial folder', async () => {
    const request = JSON.stringify({ seriesId: 'x', lesionMaskId: 'x', options: { policy: 'user', candidates: ['rfa'], samples: 1, seed: 1, clinical: {} }, clinicalSource: 'none' });
    const progress = JSON.stringify({ phase: 'queued', message: '', candidate: null, candidates: null, sample: null, samples: 1, candidateName: null, search: null, fraction: 0 });
    for (const status of ['queued', 'running'] as const) {
      const id = randomUUID();
      // Rows the runner does not know about: the runner never picks them up, so they stay active.
      await t.ctx.db.planJob.create({ data: { id, caseId, status, request, progress }, select: { id: true } });
      const partial = join(t.ctx.dataDir.caseDir(caseId), 'plans', `.${id}.partial-test`);
      mkdirSync(partial, { recursive: true });
      expect(await rejection(t.caller.plans.delete({ jobId: id }))).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(new RegExp(`is ${status}: cancel it`)) });
      expect(await t.ctx.db.planJob.count({ where: { id } })).toBe(1);
      expect(existsSync(partial)).toBe(true);
      await t.ctx.db.planJob.update({ where: { id }, data: { status: 'failed', finishedAt: new Date() }, select: { id: true } });
      writeFileSync(join(partial, 'x'), 'partial');
      await t.caller.plans.delete({ jobId: id });
      expect(existsSync(partial)).toBe(false);
      expect(await t.ctx.db.planJob.count({ where: { id } })).toBe(0);
    }
    expect(await rejection(t.caller.plans.delete({ jobId: '../etc' }))).toMatchObject({ code: 'BAD_REQUEST' });
  });
});

/** Test helper: a case holding the real CRLM-CT-1006 series (uploaded as a zip) and a seeded lesion mask, no plan yet. */
import { ingestCrlm1006 } from './crlm-plan-fixture.ts';
import { createLesionMaskFixture } from './lesion-mask-fixture.ts';
import type { WebTestContext } from './web-test-context.ts';

export async function createCrlm1006Case(t: WebTestContext): Promise<{ caseId: string; caseLabel: string; seriesId: string; lesionMaskId: string }> {
  const c = await t.caller.cases.create({ disease: 'crlm' });
  const seriesId = await ingestCrlm1006(t, c.id);
  const mask = await createLesionMaskFixture(t.ctx, c.id, seriesId);
  return { caseId: c.id, caseLabel: c.label, seriesId, lesionMaskId: mask.id };
}

/**
 * A case's research note: kept and returned with the case, cleared by an empty text; text that looks
 * like an identifier (a run of 6+ digits, a calendar date) is refused with a message saying why, and
 * nothing is stored. Measurements and intervals are not mistaken for identifiers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseNoteProblem } from '../src/server/services/cases.ts';
import { createWebTestContext, type WebTestContext } from './support/web-test-context.ts';

let t: WebTestContext;
beforeAll(() => {
  t = createWebTestContext();
});
afterAll(async () => {
  await t.close();
});

describe('case research note', () => {
  it('keeps a note, returns it with the case, and clears it', async () => {
    const { id } = await t.caller.cases.create();
    expect((await t.caller.cases.get({ caseId: id })).note).toBe('');
    const note = 'Two segment 7 lesions, 32 and 18 mm; MWA vs resection discussed, 3 months after FOLFOX. ALBI 1.5-2.0.';
    expect((await t.caller.cases.setNote({ caseId: id, note: `  ${note}  ` })).note).toBe(note);
    expect((await t.caller.cases.get({ caseId: id })).note).toBe(note);
    expect((await t.caller.cases.list()).find((c) => c.id === id)!.note).toBe(note);
    expect((await t.caller.cases.setNote({ caseId: id, note: '' })).note).toBe('');
  });

  it('refuses what looks like an identifier, saying why, and keeps the old note', async () => {
    const { id } = await t.caller.cases.create();
    await t.caller.cases.setNote({ caseId: id, note: 'baseline only' });
    for (const [note, why] of [
      ['MRN 004512889', /run of 6 or more digits/],
      ['call 0171-234 5678', /run of 6 or more digits/],
      ['scanned 03.04.2021', /holds a date/],
      ['born 1961-07-14', /holds a date/],
      ['seen 3 April 2021', /holds a date/],
    ] as const) {
      await expect(t.caller.cases.setNote({ caseId: id, note }), note).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(why) });
    }
    expect((await t.caller.cases.get({ caseId: id })).note).toBe('baseline only');
    await expect(t.caller.cases.setNote({ caseId: id, note: 'x'.repeat(2001) })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/at most 2000/) });
  });

  it('does not mistake measurements and intervals for identifiers', () => {
    for (const ok of ['10.5/12.3 mm', 'AFP 1200 ng/mL', 'segments 5/6/7', 'follow-up at 3, 6 and 12 months', 'HU 40-60']) expect(caseNoteProblem(ok), ok).toBeNull();
  });
});

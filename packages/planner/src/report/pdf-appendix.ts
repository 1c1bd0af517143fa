/**
 * The closing pages: what the policy / search did, the model cards (learned or not), and timings.
 */
import type { PlanReport } from '@mewm/contracts';
import { COLOUR, FONT, contentWidth, ensureSpace, heading, keyValues, paragraph, table, type Doc } from './pdf-layout.ts';
import { fmtDuration, fmtValue, pdfSafeText } from './pdf-text.ts';

export function drawSearchSummary(doc: Doc, r: PlanReport): void {
  doc.addPage();
  heading(doc, 'How the candidates were chosen', 16);
  const rows: Array<[string, string]> = [['Policy', r.policy.name]];
  for (const [k, v] of Object.entries(r.policy.summary)) rows.push([k, fmtValue(v, 400)]);
  keyValues(doc, rows, 8.5);
  if (r.settings.beam) {
    doc.moveDown(0.3);
    keyValues(doc, [['Beam search', Object.entries(r.settings.beam).map(([k, v]) => `${k} ${fmtValue(v, 60)}`).join(', ')]], 8.5);
  }
  if (r.policy.searchCost) {
    const c = r.policy.searchCost;
    keyValues(doc, [['Search cost', `${c.evaluations} protocol evaluations, ${c.simulated} simulations run, ${c.cacheHits} taken from the cache`
      + (r.settings.searchSamples ? ` (K' = ${r.settings.searchSamples} samples per evaluation)` : '')]], 8.5);
  }
  keyValues(doc, [['Final scoring', `${r.scoring.simulated} simulations run, ${r.scoring.cacheHits} from the cache, ${r.scoring.resimulatedForVolumes} re-run to write volumes`]], 8.5);
  const bySource = new Map<string, number>();
  for (const c of r.candidates) bySource.set(c.source, (bySource.get(c.source) ?? 0) + 1);
  keyValues(doc, [['Candidates', [...bySource].map(([s, n]) => `${n} from ${s}`).join(', ')]], 8.5);
}

const ROLE_TEXT = {
  dynamics: 'Dynamics (treatment response)',
  renderer: 'Renderer (CT texture)',
  risk: 'Risk model (inverse dynamics)',
} as const;

function learnedText(role: keyof typeof ROLE_TEXT, r: PlanReport): string {
  if (role === 'renderer') {
    return r.models.renderer.learned ? 'learned model (trained diffusion renderer)' : 'NON-LEARNED BASELINE: not a trained model';
  }
  if (role === 'dynamics') return 'not learned: transparent parameterised model (published figures and stated assumptions)';
  return 'statistical model (Cox proportional hazards), coefficients fitted or taken from publications as its card states';
}

export function drawModelCards(doc: Doc, r: PlanReport): void {
  ensureSpace(doc, 200);
  doc.moveDown(0.8);
  heading(doc, 'Models used', 16);
  for (const role of ['dynamics', 'renderer', 'risk'] as const) {
    const m = r.models[role];
    ensureSpace(doc, 90);
    doc.font(FONT.bold).fontSize(10.5).fillColor(COLOUR.text).text(pdfSafeText(`${ROLE_TEXT[role]}: ${m.name} ${m.version}`), doc.page.margins.left, doc.y, { width: contentWidth(doc) });
    const learned = learnedText(role, r);
    keyValues(doc, [
      ['Kind', learned],
      ['sha256', m.sha256 ? `${m.sha256.slice(0, 12)}...` : 'none (no model file)'],
      ['Data', m.data],
    ], 8.5);
    if (m.sources.length > 0) {
      doc.font(FONT.bold).fontSize(8.5).text('Sources:', doc.page.margins.left, doc.y, { width: contentWidth(doc) });
      doc.font(FONT.regular).fontSize(7.5).fillColor(COLOUR.text);
      for (const s of m.sources) {
        const t = `- ${pdfSafeText(s)}`;
        ensureSpace(doc, doc.heightOfString(t, { width: contentWidth(doc) - 10 }));
        doc.text(t, doc.page.margins.left + 10, doc.y, { width: contentWidth(doc) - 10 });
      }
    }
    doc.x = doc.page.margins.left;
    doc.moveDown(0.6);
  }
}

export function drawTimings(doc: Doc, r: PlanReport): void {
  ensureSpace(doc, 120);
  heading(doc, 'Timings', 13);
  const rows = Object.entries(r.timings).map(([k, ms]) => [k, fmtDuration(ms)]);
  if (rows.length === 0) rows.push(['(none recorded)', '']);
  table(doc, [{ header: 'Step', width: 250 }, { header: 'Wall time', width: 100, align: 'right' }], rows);
  const nifti = r.files.filter((f) => f.role !== 'source-dicom').length;
  const sourceDicom = r.files.length - nifti;
  if (r.files.length > 0) {
    paragraph(doc, `${nifti} NIfTI files${sourceDicom > 0 ? ` and the CT series' ${sourceDicom} de-identified DICOM files` : ''} were written with this report (listed with their sha256 in report.json).`, { size: 8.5, colour: COLOUR.muted });
  }
}

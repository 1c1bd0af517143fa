/**
 * Page 1 of the plan PDF: case, the disease the plan is for, date, research-use notice, lesions,
 * clinical covariates (imputed ones marked), BCLC stage (HCC), and the plan settings.
 */
import { covariateRows, DISEASE_NAMES, formatVolumeMl, type PlanReport } from '@mewm/contracts';
import { COLOUR, FONT, contentWidth, heading, keyValues, paragraph, table, type Doc } from './pdf-layout.ts';
import { fmt } from './pdf-text.ts';

function lesionSourceText(s: PlanReport['case']['lesionSource']): string {
  if (s.kind === 'point') return `segmented from a point at RAS (${s.pointRas.map((v) => v.toFixed(1)).join(', ')}) mm, reviewed by the user`;
  if (s.kind === 'phantom') return 'procedural phantom (synthetic data, no patient)';
  return 'mask supplied by the user';
}

/** "Plan for hepatocellular carcinoma (HCC)": the disease under the title. */
export function diseaseTitle(r: Pick<PlanReport, 'disease'>): string {
  return r.disease === undefined ? 'Disease not recorded' : `Plan for ${DISEASE_NAMES[r.disease]} (${r.disease.toUpperCase()})`;
}

export function drawTitlePage(doc: Doc, r: PlanReport): void {
  const x = doc.page.margins.left, w = contentWidth(doc);
  doc.font(FONT.bold).fontSize(22).fillColor(COLOUR.text).text('MeWM treatment plan report', x, doc.y, { width: w });
  doc.font(FONT.regular).fontSize(11).fillColor(COLOUR.muted)
    .text('Simulated treatment responses and predicted survival, ranked for tumour-board discussion', { width: w });
  doc.font(FONT.bold).fontSize(13).fillColor(COLOUR.text).text(diseaseTitle(r), { width: w });
  doc.moveDown(0.8);
  // Research-use notice box.
  const boxY = doc.y;
  const notice = 'RESEARCH USE ONLY, NOT FOR CLINICAL USE. The follow-up images are simulations by a world model, '
    + 'not observations; survival figures come from a risk model applied to simulated outcomes. They must not guide the treatment of a patient.';
  doc.font(FONT.bold).fontSize(9.5);
  const h = doc.heightOfString(notice, { width: w - 16 }) + 14;
  doc.rect(x, boxY, w, h).lineWidth(1.2).strokeColor(COLOUR.warn).stroke();
  doc.fillColor(COLOUR.warn).text(notice, x + 8, boxY + 7, { width: w - 16 });
  doc.x = x;
  doc.y = boxY + h + 10;

  keyValues(doc, [
    ['Case (pseudonym)', r.case.pseudonym],
    ['Disease', r.disease === undefined ? 'not recorded (report written before the disease was recorded)' : `${DISEASE_NAMES[r.disease]} (${r.disease})`],
    ['Report created', `${r.createdAt.slice(0, 10)} ${r.createdAt.slice(11, 16)} UTC`],
    ['Software', `${r.software.name} ${r.software.version}, report schema v${r.schemaVersion}`],
    ['Lesion', lesionSourceText(r.case.lesionSource)],
    ['CT grid', `${r.inputs.ct.dims.join(' x ')} voxels, ${r.inputs.ct.spacingMm.map((s) => s.toFixed(2)).join(' x ')} mm`],
    ['CT input sha256', r.inputs.hashes.ct.slice(0, 16)],
    ...(r.disease === 'crlm' ? [] : [['BCLC stage', r.bclcStage === null ? 'not determined' : `BCLC ${r.bclcStage} (Reig et al., J Hepatol 2022)`] as [string, string]]),
  ]);

  heading(doc, 'Lesions', 13);
  table(doc, [
    { header: 'Lesion', width: 60 },
    { header: 'Volume (mL)', width: 90, align: 'right' },
    { header: 'Longest axial diameter (mm)', width: 150, align: 'right' },
    { header: 'Centroid RAS (mm)', width: 195, align: 'right' },
  ], r.lesions.map((l) => [String(l.label), formatVolumeMl(l.volumeMl), fmt(l.longestAxialDiameterMm, 1), l.centroidRas.map((v) => v.toFixed(1)).join(', ')]));

  heading(doc, 'Clinical covariates', 13);
  const rows: string[][] = covariateRows(r.clinical).map((c) => (c.origin === 'given' ? [c.name, c.value, 'given'] : [`${c.name} *`, c.value, `imputed: ${c.rule}`]));
  if (rows.length === 0) rows.push(['(none given)', '', '']);
  table(doc, [
    { header: 'Covariate', width: 140 },
    { header: 'Value', width: 90 },
    { header: 'Origin', width: 265 },
  ], rows);
  if (r.clinical.imputed.length > 0) paragraph(doc, '* imputed: unknown to the user; the risk model used the stated value.', { size: 8, font: 'italic', colour: COLOUR.muted });

  heading(doc, 'Plan settings', 13);
  const s = r.settings;
  keyValues(doc, [
    ['Policy', s.policy],
    ['Samples per candidate (K)', String(s.samples)],
    ['Seed', String(s.seed)],
    ['Diffusion steps', s.steps === null ? 'not applicable (renderer without diffusion)' : String(s.steps)],
    ['RMST horizon', `${s.rmstHorizonMonths} months`],
    ['Intervals', s.intervalMethod],
    ...(s.tieDefinition ? [['Ties', s.tieDefinition] as [string, string]] : []),
    ['P(best)', `${s.pBestMethod}; ${s.pBestReplicates} replicates`],
  ], 8.5);
  doc.font(FONT.regular).fontSize(9).fillColor(COLOUR.text);
}

/**
 * Builds the cohort risk models and their cards (repository root models/):
 *   models/risk-hcc-tace.{onnx,json}  from shared/data/cohorts/hcc-tace-clinical.csv
 *   models/risk-crlm.{onnx,json}      from shared/data/cohorts/crlm-clinical.csv
 * Deterministic: rerunning gives identical bytes. Shared data: MEWM_SHARED_DATA (default ../shared/data).
 *
 *   npx tsx --conditions=mewm-source packages/survival/scripts/build-cohort-risk-models.ts [--out <dir>]
 *
 * Research use only, not for clinical use.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cohortRiskModelArtifacts } from '../src/cohortRiskModelCard.ts';
import { buildRiskHccTace } from '../src/cohorts/riskHccTaceModel.ts';
import { buildRiskCrlm } from '../src/cohorts/riskCrlmModel.ts';
import { repoRoot, sharedData } from '../../../test/support/shared-data.ts';

const args = process.argv.slice(2);
const outFlag = args.indexOf('--out');
const outDir = outFlag >= 0 ? resolve(args[outFlag + 1] ?? '') : resolve(repoRoot, 'models');
const defaultCard = JSON.parse(readFileSync(resolve(repoRoot, 'models', 'risk-cox-hcc.json'), 'utf8')) as { modalityCalibration: { modality: string; coefficient: number }[] };
const ctace = defaultCard.modalityCalibration.find((m) => m.modality === 'ctace')!.coefficient;

const models = [
  buildRiskHccTace(readFileSync(sharedData('cohorts', 'hcc-tace-clinical.csv'), 'utf8'), -ctace),
  buildRiskCrlm(readFileSync(sharedData('cohorts', 'crlm-clinical.csv'), 'utf8')),
];
mkdirSync(outDir, { recursive: true });
for (const { built, spec } of models) {
  const { onnx, card, model } = cohortRiskModelArtifacts(built, spec);
  writeFileSync(join(outDir, `${spec.name}.onnx`), onnx);
  writeFileSync(join(outDir, `${spec.name}.json`), `${JSON.stringify(card, null, 2)}\n`);
  const cv = built.crossValidation;
  console.log(`${spec.name}: n ${built.fit.n}, events ${built.fit.eventCount}, dropped ${built.read.dropped}`, built.read.gaps);
  console.table(model.covariates.map((name, a) => ({ term: name, coefficient: Number(model.coefficients[a]!.toFixed(4)), hazardRatio: Number(Math.exp(model.coefficients[a]!).toFixed(3)) })));
  console.log(`CV C ${cv.concordance.mean.toFixed(3)} (sd folds ${cv.concordance.sdFolds.toFixed(3)}, repeats ${cv.concordance.sdRepeats.toFixed(3)}); apparent ${built.apparentConcordance.toFixed(3)}`);
  console.log('AUC', cv.auc.map((a) => `${a.time}: ${a.auc.toFixed(3)}`).join(', '), '| Brier', cv.brier.map((b) => `${b.time}: ${b.brier.toFixed(3)}`).join(', '));
  console.table(cv.calibration.groups);
}

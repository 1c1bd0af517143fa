/**
 * Builds the default HCC risk model and its card:
 *   models/risk-cox-hcc.onnx and models/risk-cox-hcc.json (repository root)
 * from the shared hepatoCellular cohort. Deterministic: rerunning gives identical bytes.
 *
 *   npx tsx packages/survival/scripts/build-default-risk-model.ts [path/to/hepatoCellular.csv] [--out <dir>]
 *
 * Research use only, not for clinical use.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildDefaultRiskModelArtifacts } from '../src/defaultRiskModelCard.ts';
import { DEFAULT_RISK_MODEL_NAME } from '../src/defaultRiskModel.ts';
import { repoRoot, sharedData } from '../../../test/support/shared-data.ts';

const args = process.argv.slice(2);
const outFlag = args.indexOf('--out');
const outDir = outFlag >= 0 ? resolve(args[outFlag + 1] ?? '') : resolve(repoRoot, 'models');
const positional = args.filter((_, k) => k !== outFlag && k !== outFlag + 1);
const csvPath = positional[0] ?? sharedData('survival', 'hepatoCellular.csv');

const { onnx, card, built } = buildDefaultRiskModelArtifacts(readFileSync(csvPath, 'utf8'));
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, `${DEFAULT_RISK_MODEL_NAME}.onnx`), onnx);
writeFileSync(join(outDir, `${DEFAULT_RISK_MODEL_NAME}.json`), `${JSON.stringify(card, null, 2)}\n`);

const cv = built.crossValidation;
console.log(`${DEFAULT_RISK_MODEL_NAME}: ${built.fit.n} patients, ${built.fit.eventCount} deaths`);
console.table(
  built.model.covariates.map((name, a) => ({ term: name, coefficient: Number(built.model.coefficients[a]!.toFixed(4)), hazardRatio: Number(Math.exp(built.model.coefficients[a]!).toFixed(3)) })),
);
console.log(`CV Harrell's C ${cv.mean.toFixed(3)} (sd across folds ${cv.sdFolds.toFixed(3)}, across repeats ${cv.sdRepeats.toFixed(3)}); apparent ${built.apparentConcordance.toFixed(3)}`);
console.table(built.modalities.map((m) => ({ modality: m.evidence.modality, gamma: Number(m.gamma.toFixed(4)), modelMedian: m.modelMedianOsMonths, published: m.evidence.publishedMedianOsMonths })));
console.log(`wrote ${join(outDir, `${DEFAULT_RISK_MODEL_NAME}.onnx`)} (${onnx.length} bytes) and ${DEFAULT_RISK_MODEL_NAME}.json`);

/**
 * `mewm score --pre <ct> --post <ct> (--mask <m> | --point x,y,z) --disease hcc|crlm --protocol <preset|json>
 *   [--risk-model <id|card.json>] [--clinical <json|file>] [--post-mask <m>] [--liver <m>] [--json]`
 * Scores a follow-up CT from what is MEASURED on it: the response measurement of `mewm measure`,
 * then the disease's risk model (hcc → risk-hcc-tace, crlm → risk-crlm; --risk-model overrides) with
 * the protocol's treatment term and the clinical covariates: log-risk, RMST (S(t) in --json), the
 * imputations and the model versions. Research use only, not for clinical use.
 */
import { DISEASES, isDisease } from '@mewm/contracts';
import { resolveProtocol } from '@mewm/world-model';
import { PlannerInputError } from '../../errors.ts';
import { scoreFollowUp, type FollowUpScore } from '../../score/score-follow-up.ts';
import { parseCommandArgs, requireString } from '../args.ts';
import { CliUsageError } from '../cli-error.ts';
import { loadMeasureInputs, MEASURE_INPUT_OPTIONS } from '../measure-inputs.ts';
import { fmt, printResult, type CommandIo } from '../output.ts';
import { jsonOrNameArgument, protocolArgument } from '../protocol-argument.ts';
import { measurementLines } from './measure.ts';

export const SCORE_USAGE = 'mewm score --pre <ct> --post <ct> (--mask <mask> | --point x,y,z) --disease hcc|crlm --protocol <preset|json|file.json> ' +
  '[--risk-model <id|card.json>] [--clinical <json|file.json>] [--post-mask <mask>] [--liver <mask>] [--json]';

export async function scoreCommand(argv: string[], io: CommandIo): Promise<void> {
  const { values } = parseCommandArgs(argv, {
    ...MEASURE_INPUT_OPTIONS,
    disease: { type: 'string' },
    protocol: { type: 'string' },
    'risk-model': { type: 'string' },
    clinical: { type: 'string' },
  });
  const disease = requireString(values.disease, '--disease');
  if (!isDisease(disease)) throw new CliUsageError(`--disease must be one of ${DISEASES.join(', ')}, got "${disease}"`);
  const protocol = resolveProtocol(await protocolArgument(requireString(values.protocol, '--protocol')));
  const clinical = values.clinical === undefined ? undefined : await jsonOrNameArgument(values.clinical, '--clinical');
  if (clinical !== undefined && (typeof clinical !== 'object' || clinical === null || Array.isArray(clinical))) {
    throw new PlannerInputError('--clinical', 'must be a JSON object of covariates (inline or a .json file)');
  }
  const inputs = await loadMeasureInputs(values, SCORE_USAGE);
  const s = await scoreFollowUp({
    pre: inputs.pre, post: inputs.post, lesions: inputs.lesions, measureOptions: inputs.options, disease, protocol,
    ...(values['risk-model'] !== undefined ? { riskModel: values['risk-model'] } : {}),
    ...(clinical !== undefined ? { clinical } : {}),
  });
  const { measurement, encoded, ...rest } = s;
  printResult(io, {
    ...rest,
    lesionSource: inputs.lesionSource,
    measurement: { patient: measurement.patient, lesions: measurement.lesions, newLesions: measurement.newLesions, warnings: measurement.warnings, alignment: measurement.alignment },
    covariates: Object.fromEntries(encoded.names.map((n, k) => [n, { value: encoded.values[k]!, from: encoded.derivations[n] }])),
    imputed: encoded.imputed,
    unusedClinical: encoded.unusedClinical,
  }, humanLines(s));
}

function humanLines(s: FollowUpScore): string[] {
  const e = s.encoded;
  return [
    ...measurementLines(s.measurement),
    '',
    `risk score (${s.disease}, ${s.protocol})`,
    `  model                  ${s.model.name} ${s.model.version} (onnx sha256 ${s.model.sha256.slice(0, 12)})`,
    `  treatment term         ${s.treatment.term} (deciding component ${s.treatment.ruleKey}${s.treatment.curativeIntent ? ', curative-intent: residual tumour scored' : ''}${s.treatment.assumed ? `; ${s.treatment.note}` : ''})`,
    ...e.names.map((n, k) => `  ${n.padEnd(22)} ${fmt(e.values[k]!, 3)}  ← ${e.derivations[n]}`),
    `  imputed                ${e.imputed.length ? e.imputed.map((m) => `${m.name} = ${fmt(m.value, 3)}`).join(', ') : 'none'}`,
    `  log-risk               ${fmt(s.logRisk, 4)}`,
    `  RMST                   ${fmt(s.rmst, 2)} ${s.timeUnit} (horizon ${s.rmstHorizon} ${s.timeUnit})`,
    `  S(t)                   ${s.survival.map((p) => `${p.time}: ${fmt(p.survival, 3)}`).join(', ')}`,
    `  time                   measure ${fmt(s.timingsMs.measure, 0)} ms, score ${fmt(s.timingsMs.score, 1)} ms, total ${fmt(s.timingsMs.total, 0)} ms`,
  ];
}

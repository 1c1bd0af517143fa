/**
 * The inputs of an image measurement on the command line, shared by `mewm measure` and `mewm score`:
 * --pre and --post CTs (NIfTI, DICOM folder or zip), the lesion as --mask (on the pre grid) or
 * --point x,y,z (RAS mm, segmented on the pre CT), an optional --post-mask (on the post grid) and
 * --liver mask (on the pre grid).
 */
import { ingestCt, loadMask, segmentLesion, type LabelVolume, type Volume } from '@mewm/dicom';
import type { MeasureOptionsInput } from '@mewm/survival';
import { parsePoint, requireString } from './args.ts';
import { CliUsageError } from './cli-error.ts';

/** The parseArgs options these flags need (spread into a command's own). */
export const MEASURE_INPUT_OPTIONS = {
  pre: { type: 'string' },
  post: { type: 'string' },
  mask: { type: 'string' },
  point: { type: 'string' },
  'post-mask': { type: 'string' },
  liver: { type: 'string' },
} as const;

export interface MeasureInputValues {
  readonly pre?: string | undefined;
  readonly post?: string | undefined;
  readonly mask?: string | undefined;
  readonly point?: string | undefined;
  readonly 'post-mask'?: string | undefined;
  readonly liver?: string | undefined;
}

export interface MeasureInputs {
  readonly pre: Volume;
  readonly post: Volume;
  readonly lesions: LabelVolume;
  readonly lesionSource: 'mask' | 'point';
  /** measureResponse options: the post-treatment and liver masks when given. */
  readonly options: MeasureOptionsInput;
}

/**
 * Checks the flags (usage errors first, before any file is read), then reads the CTs and masks.
 * @throws CliUsageError for missing or conflicting flags; the readers' typed errors for unreadable input.
 */
export async function loadMeasureInputs(values: MeasureInputValues, usage: string): Promise<MeasureInputs> {
  const prePath = requireString(values.pre, '--pre');
  const postPath = requireString(values.post, '--post');
  if ((values.mask === undefined) === (values.point === undefined)) throw new CliUsageError(`give exactly one of --mask or --point\nusage: ${usage}`);
  const point = values.point !== undefined ? parsePoint(values.point, '--point') : undefined;
  const pre = (await ingestCt([prePath])).volume;
  const post = (await ingestCt([postPath])).volume;
  const lesions: LabelVolume = values.mask !== undefined ? (await loadMask(values.mask, pre)).mask : segmentLesion(pre, point!).mask;
  const postMask = values['post-mask'] !== undefined ? (await loadMask(values['post-mask'], post)).mask : undefined;
  const liverMask = values.liver !== undefined ? (await loadMask(values.liver, pre)).mask : undefined;
  return {
    pre, post, lesions, lesionSource: values.mask !== undefined ? 'mask' : 'point',
    options: { ...(postMask ? { postMask } : {}), ...(liverMask ? { liverMask } : {}) },
  };
}

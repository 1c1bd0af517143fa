/**
 * Build the renderer's condition tensor from pipeline inputs on the model grid: one channel per
 * entry of card.renderer.conditionChannels, in the card's order, C-order [1, C, D, H, W] (x fastest
 * within a channel, like Volume.data).
 *
 * - expectedHu: the dynamics model's coarse HU, windowed to [−1, 1].
 * - regionMask: 1 inside the region (any non-zero mask value), 0 outside.
 * - contextHu:  the real CT windowed to [−1, 1], with card.renderer.contextBlankValue inside the region
 *   so the model never sees the real tissue it has to replace.
 */
import type { ConditionChannelName, RendererSpec } from '@mewm/models';
import { huToModel } from './hu-window.ts';

export interface RendererConditionInput {
  /** Coarse post-treatment HU (dynamics model), on the model grid. */
  expectedHu: Float32Array;
  /** Non-zero where the renderer generates tissue. */
  regionMask: Uint8Array;
  /** Real CT HU around the region; values inside the region are ignored (blanked). */
  contextHu: Float32Array;
}

export function buildCondition(spec: RendererSpec, input: RendererConditionInput): Float32Array {
  const n = input.regionMask.length;
  const out = new Float32Array(spec.conditionChannels.length * n);
  spec.conditionChannels.forEach((channel, c) => out.set(channelValues(channel.name, spec, input), c * n));
  return out;
}

function channelValues(name: ConditionChannelName, spec: RendererSpec, input: RendererConditionInput): Float32Array {
  switch (name) {
    case 'expectedHu':
      return huToModel(input.expectedHu, spec.huWindow);
    case 'regionMask':
      return Float32Array.from(input.regionMask, (m) => (m !== 0 ? 1 : 0));
    case 'contextHu': {
      const ctx = huToModel(input.contextHu, spec.huWindow);
      for (let i = 0; i < ctx.length; i++) if (input.regionMask[i] !== 0) ctx[i] = spec.contextBlankValue;
      return ctx;
    }
  }
}

/**
 * Spatial treatment-response dynamics: lesion outcomes → tissue-state map + coarse expected-HU map.
 * See README.md in this folder for the spatial rules and their parameters.
 */
export {
  synthesiseTissueState,
  type TissueStateInput,
  type TissueStateResult,
  type LesionStateVolumes,
} from './synthesise-tissue-state.ts';
export { APPEARANCE_PARAMETERS, appearanceValue } from './appearance-parameters.ts';
export { lowerEnvelopeTransformMm, squaredDistanceMm } from './distance-transform-mm.ts';

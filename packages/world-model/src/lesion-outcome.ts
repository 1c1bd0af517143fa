/**
 * The outcome of one treated lesion at follow-up, sampled by the outcome model from a protocol and
 * turned into voxels by the spatial dynamics. This is the contract between the two.
 */
export type MrecistResponse = 'CR' | 'PR' | 'SD' | 'PD';

export interface LesionOutcome {
  /** mRECIST category of this lesion at follow-up. */
  response: MrecistResponse;
  /** Viable (enhancing) tumour volume at follow-up / baseline lesion volume (0 = none, > 1 = growth). */
  viableFraction: number;
  /** Whole lesion (viable + necrotic) volume at follow-up / baseline (shrinkage < 1, growth > 1). */
  totalVolumeFactor: number;
  /** Spatial pattern of residual viable tumour. */
  residualPattern: 'none' | 'rim' | 'nodular' | 'diffuse';
  /** Fraction of the necrotic part holding dense Lipiodol (0 without Lipiodol). */
  lipiodolFraction: number;
  /** Mean HU of Lipiodol deposits (hundreds of HU) when lipiodolFraction > 0. */
  lipiodolHu: number;
  /** Thermal ablation: margin of the ablation zone beyond the lesion, mm. */
  ablationMarginMm?: number;
  /** Resection: the lesion and this margin become a cavity, mm. */
  resectionMarginMm?: number;
  /** SBRT: thickness of the radiation-change shell around the target, mm. */
  radiationShellMm?: number;
  /** Ids of the ModelParameters this draw used, for the simulation summary. */
  parameterIds: string[];
}

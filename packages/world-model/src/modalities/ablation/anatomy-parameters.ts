/**
 * Parameters of the anatomy-dependent ablation model (`anatomy/`): the applicator zone sizes, the
 * heat sink of large vessels, and local tumour progression (LTP) as a function of the measured
 * minimal ablative margin. Each is published (citation + where) or assumed (why).
 */
import type { ModelParameter } from '../../model-parameter.ts';
import { CITE } from '../../outcome/parameters/citations.ts';
import { assumed, published } from '../../outcome/parameters/define-parameter.ts';
import { ABLATION_APPLICATOR_IDS, ABLATION_APPLICATORS } from './applicators.ts';

/** Zone diameters of every named applicator setting (applicators.ts). */
const APPLICATOR_PARAMETERS: ModelParameter[] = ABLATION_APPLICATOR_IDS.flatMap((id) => {
  const a = ABLATION_APPLICATORS[id];
  const base = `ablation.applicator.${id}`;
  const setting = `${a.label} (${a.model})`;
  return [
    published(`${base}.shortAxisMm`, a.shortAxisMm, 'mm', `Ablation-zone diameter perpendicular to the applicator: ${setting}.`, a.citation, a.detail),
    a.longAxisAssumed !== undefined
      ? assumed(`${base}.longAxisMm`, a.longAxisMm, 'mm', `Ablation-zone length along the applicator: ${setting}.`, a.longAxisAssumed)
      : published(`${base}.longAxisMm`, a.longAxisMm, 'mm', `Ablation-zone length along the applicator: ${setting}.`, a.citation, a.detail),
  ];
});

export const ABLATION_ANATOMY_PARAMETERS: ModelParameter[] = [
  ...APPLICATOR_PARAMETERS,
  published('ablation.heatSink.vesselDiameterMm', 3, 'mm',
    'Vessels at least this wide cool the ablation zone next to them (heat sink) and stay patent, so their lumen is not ablated.',
    CITE.lu2002,
    'In vivo porcine RFA: at CT a heat sink (enhancing tissue between vessel and lesion) next to 32 of 44 veins > 3 mm and 0 of 20 veins < 3 mm; 42 of 44 veins > 3 mm stayed patent; viable perivascular tissue at histology next to 12 of 24 veins > 3 mm and 7 of 7 veins > 5 mm ("a narrow transition zone at 2–4 mm").'),
  assumed('ablation.heatSink.rfa.coolingDepthAt3MmVesselMm', 3, 'mm',
    'RFA: depth of the perivascular rim left unablated next to a 3 mm vessel (measured from the vessel voxels).',
    'Lu et al. (AJR 2002) show that the rim exists for vessels ≥ 3 mm but give no thickness in the abstract; 3 mm is a modelling choice of the order of the invaginations seen at CT. Replace with a measured perivascular-rim thickness.'),
  assumed('ablation.heatSink.rfa.coolingDepthPerMmMm', 0.25, 'mm per mm',
    'RFA: increase of the cooling depth per mm of vessel diameter above 3 mm.',
    'Direction from Lu et al. (AJR 2002): the heat sink became constant above 5 mm (7 of 7 veins) and vessel-wall injury fell with diameter; the slope is a modelling choice.'),
  assumed('ablation.heatSink.coolingDepthMaxMm', 6, 'mm',
    'Largest cooling depth applied next to any vessel.',
    'Keeps the linear rule bounded for the vena cava and portal trunk; a modelling choice.'),
  assumed('ablation.heatSink.mwa.relativeCooling', 0.35, 'ratio',
    'MWA: cooling depth as a fraction of the RFA depth next to the same vessel (MWA is less susceptible to the heat sink).',
    `The direction is published: in perfused porcine liver, RFA next to central vessels reached a third lower surface temperature than peripheral RFA (47.1 vs 68.7 °C, P < 0.001) while MWA did not differ (50.5 vs 50.2 °C, P = 0.74) (${CITE.primavesi2018}). The size 0.35 is a modelling choice: MWA is not free of the heat sink (Experimental evaluation of the heat sink effect in hepatic microwave ablation, PLoS One, doi:10.1371/journal.pone.0134301: ex vivo, a perfused 5 mm tube 10 mm from the antenna cut the zone radius to 37.2 % at 700 mL/min).`),
  published('ablation.ltp.hazardRatioPer5Mm', 0.54, 'hazard ratio',
    'Hazard ratio of local tumour progression for each 5 mm more minimal ablative margin; scales the 2-year LTP of a complete ablation from its value at the safety margin.',
    CITE.wang2013,
    'RFA of 94 colorectal liver metastases: "the risk for LTP decreased by 46 % for each 5-mm increase in minimal margin size" (Cox regression). Their 2-year LTP-free rates by minimal margin 0, 1–5, 6–10, 11–15 mm were 26, 46, 74 and 80 %.'),
  published('ablation.ltp.marginCapMm', 15, 'mm',
    'Margins above this are scored as this margin (no data beyond it).',
    CITE.wang2013, 'The largest minimal-margin category of the series was 11–15 mm.'),
];

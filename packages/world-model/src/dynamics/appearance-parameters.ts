/**
 * Every HU value and spatial constant the spatial dynamics uses, with where it comes from.
 *
 * Most appearance numbers on portal-venous CT are textbook ranges, not figures measured in a cited
 * study; they are marked `assumed` with the reason. Where a paper describes the appearance
 * qualitatively (hypodense, thin rim, ...) the rationale names it, but the number itself stays
 * assumed. Liver parenchyma and viable-tumour HU are not in this table as values: they are measured
 * on the patient's own CT (see `estimate-local-hu.ts`); only how they are measured is.
 * The model card `models/dynamics.json` is written from this table.
 */
import type { ModelParameter } from '../model-parameter.ts';

const assumed = (rationale: string) => ({ kind: 'assumed' as const, rationale });

export const APPEARANCE_PARAMETERS: ModelParameter[] = [
  // ── measured-on-the-CT statistics: how ────────────────────────────────────────────────────
  {
    id: 'appearance.parenchyma.shellInnerMm', value: 3, unit: 'mm',
    description: 'Inner distance from the lesion of the shell in which liver parenchyma HU is measured (median).',
    source: assumed('Skips the partial-volume layer of the lesion edge (about one 5 mm slice thickness halved, or ~4 in-plane voxels).'),
  },
  {
    id: 'appearance.parenchyma.shellOuterMm', value: 15, unit: 'mm',
    description: 'Outer distance from the lesion of the parenchyma-measurement shell.',
    source: assumed('Close enough to represent the perfusion around the lesion, wide enough to hold thousands of voxels on 0.8 × 0.8 × 5 mm CT.'),
  },
  {
    id: 'appearance.parenchyma.minHu', value: 0, unit: 'HU',
    description: 'Lowest HU accepted as parenchyma in the measurement shell (excludes fat, air, bile-filled ducts).',
    source: assumed('Fat is about −100 HU and water 0 HU by the definition of the Hounsfield scale; enhanced liver is well above 0 HU.'),
  },
  {
    id: 'appearance.parenchyma.maxHu', value: 250, unit: 'HU',
    description: 'Highest HU accepted as parenchyma in the measurement shell (excludes bone, calcification, contrast-dense vessels).',
    source: assumed('Portal-venous liver is roughly 90–140 HU; 250 HU keeps enhancing parenchyma while excluding bone and dense contrast.'),
  },
  {
    id: 'appearance.parenchyma.fallbackHu', value: 110, unit: 'HU',
    description: 'Parenchyma HU used only when fewer than `appearance.parenchyma.minVoxels` voxels qualify in the shell.',
    source: assumed('Typical portal-venous liver attenuation (roughly 90–140 HU); replaced by the measurement whenever one is possible.'),
  },
  {
    id: 'appearance.parenchyma.minVoxels', value: 50, unit: 'voxels',
    description: 'Fewest shell voxels for the measured parenchyma median to be used.',
    source: assumed('A median of ≥ 50 voxels with CT noise σ ≈ 15–25 HU is accurate to a few HU.'),
  },
  {
    id: 'appearance.viable.measureShellMm', value: 5, unit: 'mm',
    description: 'Viable-tumour HU = median CT of the lesion voxels within this distance of its edge (the outer, enhancing part).',
    source: assumed('Colorectal metastases often have a hypodense (necrotic/mucinous) centre; the outer 5 mm is the part most likely viable at baseline.'),
  },
  // ── state appearance (portal-venous phase) ────────────────────────────────────────────────
  {
    id: 'appearance.necrosis.hu', value: 20, unit: 'HU',
    description: 'Non-enhancing necrotic tumour without Lipiodol.',
    source: assumed('Necrosis does not enhance (mRECIST counts non-enhancing tumour as non-viable: Lencioni & Llovet, Semin Liver Dis 2010); its attenuation is near fluid to unenhanced soft tissue, roughly 10–30 HU; mid-range chosen.'),
  },
  {
    id: 'appearance.ablation.zoneHu', value: 30, unit: 'HU',
    description: 'Thermal ablation zone (coagulation necrosis of tumour and margin).',
    source: assumed('The ablation zone is a non-enhancing hypodense area on contrast CT (terminology: Ahmed et al., Radiology 2014); attenuation roughly 20–40 HU, mid-range chosen.'),
  },
  {
    id: 'appearance.ablation.rimDeltaHu', value: 25, unit: 'HU',
    description: 'Benign periablational enhancement: the thin outer rim of the ablation zone, HU above the measured parenchyma, on early follow-up only.',
    source: assumed('A thin, smooth, regular enhancing rim around the zone on early post-ablation imaging is described by Ahmed et al., Radiology 2014; its HU excess is not reported as a figure, so a moderate value is assumed.'),
  },
  {
    id: 'appearance.ablation.rimThicknessMm', value: 1.5, unit: 'mm',
    description: 'Thickness of the benign periablational enhancement rim.',
    source: assumed('Described as thin (about 1–2 mm); 1.5 mm assumed.'),
  },
  {
    id: 'appearance.ablation.rimMaxFollowUpDays', value: 30, unit: 'days',
    description: 'The enhancing rim is drawn only when the follow-up is at most this many days after treatment.',
    source: assumed('Benign periablational enhancement is an early, transient finding that usually fades within about a month.'),
  },
  {
    id: 'appearance.resection.cavityHu', value: 10, unit: 'HU',
    description: 'Early resection cavity / post-operative fluid collection: without a liver mask the whole cavity (lesion + margin); with one, the fluid layer along the cut surface of the post-resection bed.',
    source: assumed('Simple fluid is 0–20 HU (water is 0 HU by definition of the Hounsfield scale); 10 HU chosen.'),
  },
  {
    id: 'appearance.resection.bedHu', value: -80, unit: 'HU',
    description: 'Post-resection bed with a liver mask: the resected region (tumour, margin, corridor to the capsule) is no longer liver; drawn as perihepatic fat.',
    source: assumed('After a partial hepatectomy the space of the resected liver is taken by perihepatic fat, omentum and neighbouring organs, so the liver outline shows a defect at the cut surface. Fat is about −100 HU; −80 HU allows for partial volume with fluid and fat stranding. Not measured.'),
  },
  {
    id: 'appearance.resection.cutSurfaceFluidMm', value: 3, unit: 'mm',
    description: 'Thickness of the fluid layer (at `appearance.resection.cavityHu`) drawn along the cut surface of the remnant liver inside the post-resection bed.',
    source: assumed('Small fluid collections along the transection surface are common on post-hepatectomy CT; a thin layer of a few mm is drawn. Not measured.'),
  },
  {
    id: 'appearance.radiation.deltaHu', value: -30, unit: 'HU',
    description: 'Radiation-induced focal liver reaction after SBRT, HU relative to the measured parenchyma, portal-venous phase.',
    source: assumed('The focal liver reaction is hypodense in the portal-venous phase (Herfarth et al., Int J Radiat Oncol Biol Phys 2003, qualitative); the size of the difference is assumed.'),
  },
  {
    id: 'appearance.regressed.deltaHu', value: 0, unit: 'HU',
    description: 'Former tumour volume that regressed (shrinkage): HU relative to the measured parenchyma.',
    source: assumed('Regressed tumour is drawn as surrounding liver; a small scar is not modelled.'),
  },
  // ── spatial constants ─────────────────────────────────────────────────────────────────────
  {
    id: 'spatial.softTissue.minHu', value: -100, unit: 'HU',
    description: 'Without a liver mask, growth, margins and shells stay in voxels of at least this HU (soft tissue).',
    source: assumed('Keeps simulated tissue out of air and lung; fat (≈ −100 HU) is the lower edge of soft tissue. A liver mask replaces this rule.'),
  },
  {
    id: 'spatial.softTissue.maxHu', value: 250, unit: 'HU',
    description: 'Without a liver mask, growth, margins and shells stay in voxels of at most this HU.',
    source: assumed('Keeps simulated tissue out of bone and dense contrast.'),
  },
  {
    id: 'spatial.lipiodol.blobSigmaMm', value: 3, unit: 'mm',
    description: 'Correlation length (Gaussian σ of a smoothed noise field) of Lipiodol deposits within necrotic tumour.',
    source: assumed('Gives spatially coherent deposits a few mm across, as dense Lipiodol appears compact or in clumps on CT after cTACE.'),
  },
  {
    id: 'spatial.diffuse.sigmaMm', value: 4, unit: 'mm',
    description: "Correlation length of the intermixed viable/necrotic pattern ('diffuse' residual).",
    source: assumed('Patchy necrosis a few mm to 1 cm across.'),
  },
  {
    id: 'spatial.nodular.maxNodules', value: 2, unit: 'count',
    description: "Residual 'nodular' viable tumour forms 1..maxNodules eccentric nodules at the lesion edge (uniform).",
    source: assumed('Residual enhancing tissue after incomplete TACE or ablation is usually one or a few peripheral nodules.'),
  },
  {
    id: 'spatial.growth.maxReachMm', value: 60, unit: 'mm',
    description: 'Farthest growth beyond the baseline lesion edge that the simulation considers (bounds the working box).',
    source: assumed('More than any follow-up interval simulated here produces (a 3 cm lesion tripling its volume grows ~7 mm; the outcome model caps lesions at 1000 mL, which a 9 mL lesion reaches ~49 mm out). Growth beyond it is truncated and shows in the per-lesion volumes.'),
  },
  {
    id: 'spatial.margin.maxMm', value: 40, unit: 'mm',
    description: 'Largest ablation margin, resection margin or radiation shell accepted.',
    source: assumed('Ablation margins of 5–10 mm and resection margins of ≤ 10 mm are the usual aims; the protocol vocabulary allows ablation zones up to 80 mm (a margin up to ~40 mm around a small lesion) and resection margins up to 30 mm; 40 mm bounds the working box.'),
  },
];

const byId = new Map(APPEARANCE_PARAMETERS.map((p) => [p.id, p.value]));

/** The value of an appearance parameter by id; throws on an unknown id (a programming error). */
export function appearanceValue(id: string): number {
  const v = byId.get(id);
  if (v === undefined) throw new Error(`unknown appearance parameter ${id}`);
  return v;
}

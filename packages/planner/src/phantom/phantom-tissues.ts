/**
 * Attenuation of every tissue in the abdominal phantom, portal-venous phase, in Hounsfield units.
 * One table, used by the generator, the tests and the README. Values are typical adult figures; each
 * says where it comes from or that it is an assumed typical value.
 */
export interface PhantomTissue {
  hu: number;
  source: string;
}

const BAE_2010 = 'Bae KT, Intravenous contrast medium administration and scan timing at CT, Radiology 2010;256:32–61';
const TYPICAL = 'typical value, assumed';

export const PHANTOM_TISSUES = {
  air: { hu: -1000, source: 'definition of the Hounsfield scale (air ≈ −1000 HU)' },
  fat: { hu: -100, source: `${TYPICAL} (fat ≈ −120 to −80 HU)` },
  bowel: { hu: 35, source: `${TYPICAL} (bowel wall and fluid content averaged, ≈ 20–50 HU)` },
  muscle: { hu: 50, source: `${TYPICAL} (skeletal muscle ≈ 40–60 HU after contrast)` },
  liver: { hu: 110, source: `${TYPICAL}; unenhanced liver ≈ 55–65 HU plus ≈ 50 HU portal-venous enhancement (${BAE_2010})` },
  hepaticVein: { hu: 160, source: `${TYPICAL} (portal-venous phase hepatic and portal veins ≈ 140–180 HU)` },
  spleen: { hu: 120, source: `${TYPICAL} (homogeneous spleen, portal-venous phase ≈ 110–130 HU)` },
  kidneyCortex: { hu: 180, source: `${TYPICAL} (renal cortex, portal-venous/nephrographic phase ≈ 150–200 HU)` },
  kidneyMedulla: { hu: 130, source: `${TYPICAL} (medulla less enhanced than cortex in the portal-venous phase)` },
  renalSinusFat: { hu: -60, source: `${TYPICAL} (fat mixed with vessels and collecting system)` },
  aorta: { hu: 160, source: `${TYPICAL}; aortic enhancement has fallen from its arterial peak by the portal-venous phase (${BAE_2010})` },
  ivc: { hu: 120, source: `${TYPICAL} (infrarenal/intrahepatic IVC ≈ 100–140 HU, portal-venous phase)` },
  cancellousBone: { hu: 250, source: `${TYPICAL} (adult vertebral trabecular bone ≈ 150–300 HU)` },
  corticalBone: { hu: 700, source: `${TYPICAL} (cortical shell, blurred by partial volume; cortical bone ≈ 500–1000 HU)` },
  disc: { hu: 80, source: `${TYPICAL} (intervertebral disc ≈ 70–100 HU)` },
  csf: { hu: 10, source: `${TYPICAL} (cerebrospinal fluid ≈ 0–15 HU)` },
  lesionCore: { hu: 45, source: `${TYPICAL} (colorectal liver metastases are hypodense to portal-venous liver, ≈ 40–70 HU)` },
  lesionRim: { hu: 150, source: `${TYPICAL} (a thin rim ≈ 40 HU brighter than the liver: peripheral rim enhancement of metastases)` },
} as const satisfies Record<string, PhantomTissue>;

export type PhantomTissueName = keyof typeof PHANTOM_TISSUES;

/**
 * Lesion phantoms of known geometry for the seeded-segmentation tests and the benchmark
 * (bench/segment-lesions.ts): the failure modes of issue 16 (large, very large, multifocal,
 * necrotic, hyper-enhancing, at the capsule, at a vessel) and a 1 cm nodule. Each case says where
 * the user clicks. Portal-venous liver is 110 HU (phantom-tissues.ts).
 */
import type { Vec3 } from '@mewm/dicom';
import type { LesionPhantomOptions } from '../../src/phantom/make-lesion-phantom.ts';

export interface LesionPhantomCase {
  name: string;
  what: string;
  phantom: LesionPhantomOptions;
  /** Clicks (RAS+ mm) and the lesion (index into phantom.lesions) each one targets. */
  clicks: Array<{ ras: Vec3; lesion: number }>;
}

/** Radius of an 80 mL sphere, mm. */
export const R_80ML = Math.cbrt((3 * 80_000) / (4 * Math.PI));
/** A taller grid (240 mm along z) for the very large lesion. */
const TALL: Vec3 = [256, 256, 96];

const add = (a: Vec3, b: Vec3): Vec3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];

const LARGE_A: Vec3 = [80, 5, 10];
const LARGE_B: Vec3 = [30, -10, 45];
/** Against the anterolateral abdominal wall (muscle, 50 HU, no fat plane in this phantom). */
const WALL: Vec3 = [95, 20, -10];
const VERY_LARGE: Vec3 = [58, 5, 22];
const NECROTIC: Vec3 = [75, 15, 5];
const VESSEL: Vec3 = [70, 7.5, 42];
const CAPSULE: Vec3 = [46, 38, -44];
/** The same surface a little medially, where a bowel loop also touches the lesion. */
const CAPSULE_BOWEL: Vec3 = [42, 38, -42];

export const LESION_PHANTOM_CASES: LesionPhantomCase[] = [
  {
    name: 'nodule-1cm',
    what: '1 cm hypodense nodule (50 HU)',
    phantom: { lesions: [{ centreRas: [75, 15, 5], radiusMm: 5, bodyHu: 50 }] },
    clicks: [{ ras: [75, 15, 5], lesion: 0 }],
  },
  {
    name: 'large-80ml',
    what: '80 mL (5.3 cm) hypodense, textured (55 ± 8 HU)',
    phantom: { lesions: [{ centreRas: LARGE_A, radiusMm: R_80ML, bodyHu: 55, textureHu: 8 }] },
    clicks: [{ ras: LARGE_A, lesion: 0 }, { ras: add(LARGE_A, [10, -8, 5]), lesion: 0 }],
  },
  {
    name: 'two-80ml',
    what: 'two 80 mL target-like lesions (fluid centre r 19 mm, 15 HU; body 65 ± 8 HU; the second against the IVC), clicked in the centre and in the body',
    phantom: {
      lesions: [
        { centreRas: LARGE_A, radiusMm: R_80ML, bodyHu: 65, textureHu: 8, necrosisRadiusMm: 19, necrosisHu: 15 },
        { centreRas: LARGE_B, radiusMm: R_80ML, bodyHu: 70, textureHu: 8, necrosisRadiusMm: 17, necrosisHu: 20 },
      ],
    },
    clicks: [{ ras: LARGE_A, lesion: 0 }, { ras: add(LARGE_B, [-6, 5, 0]), lesion: 1 }, { ras: add(LARGE_A, [0, 0, 22]), lesion: 0 }],
  },
  {
    name: 'wall-80ml',
    what: '80 mL textured lesion (55 ± 8 HU) reaching the liver surface against the abdominal-wall muscle (50 HU)',
    phantom: { lesions: [{ centreRas: WALL, radiusMm: R_80ML, bodyHu: 55, textureHu: 8 }] },
    clicks: [{ ras: WALL, lesion: 0 }, { ras: add(WALL, [-8, -6, 5]), lesion: 0 }],
  },
  {
    name: 'very-large-12cm',
    what: '12 cm lesion (60 mm radius) with a 25 mm necrotic centre, around the IVC and hepatic vein; click 37 mm off centre',
    phantom: {
      dims: TALL,
      lesions: [{ centreRas: VERY_LARGE, radiusMm: 60, bodyHu: 60, textureHu: 10, necrosisRadiusMm: 25, necrosisHu: 15 }],
    },
    clicks: [{ ras: add(VERY_LARGE, [20, 10, -30]), lesion: 0 }],
  },
  {
    name: 'necrotic-rim',
    what: '4.4 cm lesion: fluid centre (15 HU, r 12 mm), 65 HU body, 3 mm 150 HU rim',
    phantom: { lesions: [{ centreRas: NECROTIC, radiusMm: 22, bodyHu: 65, rimMm: 3, rimHu: 150, necrosisRadiusMm: 12, necrosisHu: 15, textureHu: 5 }] },
    clicks: [{ ras: NECROTIC, lesion: 0 }, { ras: add(NECROTIC, [14, 0, 0]), lesion: 0 }],
  },
  {
    name: 'hyper-4cm',
    what: '4 cm hyper-enhancing lesion (175 ± 10 HU, arterial-phase HCC-like)',
    phantom: { lesions: [{ centreRas: NECROTIC, radiusMm: 20, bodyHu: 175, textureHu: 10 }] },
    clicks: [{ ras: NECROTIC, lesion: 0 }, { ras: add(NECROTIC, [-8, 6, 0]), lesion: 0 }],
  },
  {
    name: 'capsule-3cm',
    what: '2.8 cm hypodense lesion cut by the inferior liver surface (fat below)',
    phantom: { lesions: [{ centreRas: CAPSULE, radiusMm: 14, bodyHu: 50, textureHu: 5 }] },
    clicks: [{ ras: add(CAPSULE, [0, 0, 3]), lesion: 0 }],
  },
  {
    name: 'capsule-bowel-3cm',
    what: '3.2 cm hypodense lesion at the inferior liver surface, touching fat and a bowel loop (35 HU)',
    phantom: { lesions: [{ centreRas: CAPSULE_BOWEL, radiusMm: 16, bodyHu: 50, textureHu: 5 }] },
    clicks: [{ ras: add(CAPSULE_BOWEL, [0, 0, 3]), lesion: 0 }],
  },
  {
    name: 'vessel-4cm',
    what: '4 cm hypodense lesion against the 10 mm hepatic vein (160 HU)',
    phantom: { lesions: [{ centreRas: VESSEL, radiusMm: 20, bodyHu: 50, textureHu: 5 }] },
    clicks: [{ ras: VESSEL, lesion: 0 }],
  },
];

/**
 * Is the required minimal margin reached? If not, say why in plain language with the numbers: the
 * zone is too small for the lesion (lesion + 2 × margin against the zone's diameters), or a large
 * vessel limits the margin (its patent lumen is not ablated, and its heat sink cools the zone).
 */
import { ABLATION_APPLICATORS } from '../applicators.ts';
import type { AblationComponent } from '../schema.ts';
import type { ZoneShape } from './ablation-zone.ts';

export interface FeasibilityInput {
  component: AblationComponent;
  shape: ZoneShape;
  requiredMarginMm: number;
  marginMm: number;
  marginWithoutHeatSinkMm: number;
  uncoveredFraction: number;
  lesionAcrossMm: number;
  lesionAlongMm: number;
  vesselContact: { distanceMm: number; diameterMm: number; coolingDepthMm: number } | null;
}

const mm = (x: number) => `${x.toFixed(1)} mm`;

function zoneText(input: FeasibilityInput): string {
  const s = input.shape;
  if (s.kind === 'ellipsoid') return `the ${ABLATION_APPLICATORS[s.applicator].label} zone (${mm(2 * s.semiShortMm)} × ${mm(2 * s.semiLongMm)})`;
  if (s.kind === 'sphere') return `the ${mm(2 * s.radiusMm)} zone`;
  return `the planned zone (lesion + ${mm(s.marginMm)})`;
}

/** `{ feasible: true }` or `{ feasible: false, reason }`. */
export function ablationFeasibility(input: FeasibilityInput): { feasible: boolean; reason?: string } {
  const { requiredMarginMm: req, marginMm, marginWithoutHeatSinkMm: m0, shape } = input;
  if (marginMm >= req) return { feasible: true };
  const technique = input.component.technique.toUpperCase();
  const parts: string[] = [];
  const got = marginMm < 0
    ? `${input.uncoveredFraction < 0.005 ? 'under 1' : (100 * input.uncoveredFraction).toFixed(0)} % of the lesion lies outside the simulated zone (up to ${mm(-marginMm)} beyond it)`
    : `the minimal ablative margin is ${mm(marginMm)}`;
  parts.push(`${technique}: ${got}; ${mm(req)} is required.`);
  if (shape.kind !== 'planned') {
    const [zoneAcross, zoneAlong] = shape.kind === 'ellipsoid' ? [2 * shape.semiShortMm, 2 * shape.semiLongMm] : [2 * shape.radiusMm, 2 * shape.radiusMm];
    const needAcross = input.lesionAcrossMm + 2 * req;
    const needAlong = input.lesionAlongMm + 2 * req;
    if (needAcross > zoneAcross || needAlong > zoneAlong) {
      parts.push(`The lesion (${mm(input.lesionAcrossMm)} across, ${mm(input.lesionAlongMm)} along the applicator) plus 2 × ${mm(req)} needs ${mm(needAcross)} × ${mm(needAlong)}, more than ${zoneText(input)}.`);
    } else if (m0 < req) {
      parts.push(`${zoneText(input)[0]!.toUpperCase()}${zoneText(input).slice(1)} is not centred well enough on this lesion's shape to leave ${mm(req)} all round.`);
    }
  }
  const v = input.vesselContact;
  if (v !== null) {
    const lumenLimited = m0 < req && v.distanceMm < req;
    if (m0 - marginMm > 0.05 || lumenLimited) {
      const lumen = lumenLimited ? ` The vessel's lumen stays patent and unablated, so the margin on its side cannot exceed about ${mm(v.distanceMm)}.` : '';
      const sink = m0 - marginMm > 0.05
        ? ` Its heat sink (${technique}: ${mm(v.coolingDepthMm)} of cooled tissue) costs ${mm(m0 - marginMm)} of margin (${mm(m0)} without it).`
        : '';
      parts.push(`A ${mm(v.diameterMm)} vessel lies ${mm(v.distanceMm)} from the lesion.${lumen}${sink}`);
    }
  }
  return { feasible: false, reason: parts.join(' ') };
}

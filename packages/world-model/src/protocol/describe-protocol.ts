/**
 * Protocol → text: `describeProtocol` for people (one line), `protocolKey` for machines (a canonical,
 * stable string for caching: the same treatment and follow-up always give the same key, whatever the
 * order of components or agents and whatever the label).
 */
import { AGENT_LABELS } from './agents.ts';
import { biologicallyEffectiveDoseGy } from './bed.ts';
import { MODALITY_ORDER, type Protocol, type TaceComponent, type TreatmentComponent } from './protocol-schema.ts';

/** Names of the TACE techniques for people. */
export const TACE_TECHNIQUE_LABELS: Readonly<Record<TaceComponent['technique'], string>> = { conventional: 'cTACE', deb: 'DEB-TACE', particle: 'TACE without Lipiodol' };

function sorted(components: readonly TreatmentComponent[]): TreatmentComponent[] {
  return [...components].sort((a, b) => MODALITY_ORDER.indexOf(a.modality) - MODALITY_ORDER.indexOf(b.modality));
}

function round(x: number, digits: number): string {
  return String(Number(x.toFixed(digits)));
}

function describeComponent(c: TreatmentComponent): string {
  switch (c.modality) {
    case 'tace':
      return `${TACE_TECHNIQUE_LABELS[c.technique]} (${c.drugs.map((d) => AGENT_LABELS[d]).join(' + ')}; ${c.embolics.map((e) => AGENT_LABELS[e]).join(' + ')})`;
    case 'ablation':
      return `${c.technique.toUpperCase()} (margin ${c.marginMm} mm${c.zoneDiameterMm !== undefined ? `, zone ${c.zoneDiameterMm} mm` : ''})`;
    case 'resection':
      return `resection (margin ${c.marginMm} mm)`;
    case 'sbrt':
      return `SBRT ${c.totalDoseGy} Gy / ${c.fractions} fx (BED10 ${round(biologicallyEffectiveDoseGy(c.totalDoseGy, c.fractions), 1)} Gy)`;
    case 'systemic':
      return AGENT_LABELS[c.regimen];
    case 'best-supportive-care':
      return 'best supportive care';
  }
}

/** One line for people, e.g. "cTACE (epirubicin; Lipiodol) + MWA (margin 5 mm), follow-up 90 days". */
export function describeProtocol(p: Protocol): string {
  return `${sorted(p.components).map(describeComponent).join(' + ')}, follow-up ${p.followUpDays} days`;
}

function keyOfComponent(c: TreatmentComponent): string {
  switch (c.modality) {
    case 'tace':
      return `tace:${c.technique}:d=${[...c.drugs].sort().join(',')}:e=${[...c.embolics].sort().join(',')}`;
    case 'ablation':
      return `ablation:${c.technique}:m=${c.marginMm}${c.zoneDiameterMm !== undefined ? `:z=${c.zoneDiameterMm}` : ''}`;
    case 'resection':
      return `resection:m=${c.marginMm}`;
    case 'sbrt':
      return `sbrt:d=${c.totalDoseGy}:f=${c.fractions}`;
    case 'systemic':
      return `systemic:${c.regimen}`;
    case 'best-supportive-care':
      return 'bsc';
  }
}

/**
 * Canonical key, e.g. "p1|fu=90|tace:conventional:d=epirubicin:e=lipiodol|ablation:mwa:m=5".
 * The simulation pipeline also keys its spatial random streams with it (two different protocols
 * never share a spatial realisation), so it must cover every field that changes the treatment.
 */
export function protocolKey(p: Protocol): string {
  return ['p1', `fu=${p.followUpDays}`, ...sorted(p.components).map(keyOfComponent)].join('|');
}

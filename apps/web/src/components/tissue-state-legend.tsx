'use client';
/** The tissue-state legend beside the compare grid: the label colours the views draw (one table). */
import { TISSUE_STATE_COLOURS } from '../client/tissue-state-colormap.ts';

export function TissueStateLegend() {
  return (
    <ul className="state-legend" data-testid="tissue-state-legend" aria-label="Tissue states">
      {TISSUE_STATE_COLOURS.map((s) => (
        <li key={s.name} data-state={s.name} data-rgb={s.rgb.join(',')}>
          <span className="swatch" style={{ background: `rgb(${s.rgb.join(',')})` }} aria-hidden /> {s.label}
        </li>
      ))}
    </ul>
  );
}

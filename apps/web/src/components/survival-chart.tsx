/**
 * Mean survival curves S(t) of the top candidates as an SVG step chart (drawn by us, no chart library):
 * x = months (0 to the RMST horizon), y = S(t) from 0 to 1. Every curve has its own colour, dash
 * pattern and marker shape (@mewm/contracts `curveStyle`, as in the PDF), and earlier curves are drawn
 * wider underneath later ones, so curves that coincide (tied candidates) stay visible; the legend
 * then names the curves that overlap.
 */
import { curveOverlapNotes, curveStyle, survivalStepVertices, type CurveMarker } from '@mewm/contracts';

export interface SurvivalSeries {
  name: string;
  rank: number;
  curve: ReadonlyArray<{ months: number; s: number }>;
}

const W = 640;
const H = 320;
const M = { left: 48, right: 16, top: 12, bottom: 40 };

function Marker({ shape, x, y, r, colour }: { shape: CurveMarker; x: number; y: number; r: number; colour: string }) {
  if (shape === 'circle') return <circle cx={x} cy={y} r={r} fill={colour} />;
  if (shape === 'square') return <rect x={x - r} y={y - r} width={2 * r} height={2 * r} fill={colour} />;
  const pts = shape === 'triangle'
    ? [[x, y - r * 1.2], [x + r * 1.1, y + r * 0.8], [x - r * 1.1, y + r * 0.8]]
    : [[x, y - r * 1.3], [x + r * 1.1, y], [x, y + r * 1.3], [x - r * 1.1, y]];
  return <polygon points={pts.map((p) => p.map((v) => v.toFixed(1)).join(',')).join(' ')} fill={colour} />;
}

export function SurvivalChart({ series, horizonMonths }: { series: readonly SurvivalSeries[]; horizonMonths: number }) {
  const x = (m: number) => M.left + (Math.min(m, horizonMonths) / horizonMonths) * (W - M.left - M.right);
  const y = (s: number) => M.top + (1 - s) * (H - M.top - M.bottom);
  const xTicks = Array.from({ length: Math.floor(horizonMonths / 12) + 1 }, (_, i) => i * 12);
  const yTicks = [0, 0.25, 0.5, 0.75, 1];
  const visible = (curve: SurvivalSeries['curve']) => curve.filter((p) => p.months <= horizonMonths);
  const path = (curve: SurvivalSeries['curve']) => {
    const pts = visible(curve);
    if (pts.length === 0) return '';
    return survivalStepVertices(pts).map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.months).toFixed(1)},${y(p.s).toFixed(1)}`).join('');
  };
  const styles = series.map((_, i) => curveStyle(i, series.length));
  const overlaps = curveOverlapNotes(series.map((s) => s.curve), series.map((s) => `#${s.rank} ${s.name}`));
  return (
    <figure className="survival-chart" data-testid="survival-chart">
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label="predicted survival curves of the top candidates">
        {yTicks.map((s) => (
          <g key={`y${s}`}>
            <line x1={M.left} x2={W - M.right} y1={y(s)} y2={y(s)} stroke="#8884" />
            <text x={M.left - 6} y={y(s) + 4} fontSize="11" textAnchor="end" fill="currentColor">{s.toFixed(2)}</text>
          </g>
        ))}
        {xTicks.map((m) => (
          <g key={`x${m}`}>
            <line x1={x(m)} x2={x(m)} y1={M.top} y2={H - M.bottom} stroke="#8882" />
            <text x={x(m)} y={H - M.bottom + 16} fontSize="11" textAnchor="middle" fill="currentColor">{m}</text>
          </g>
        ))}
        <text x={(M.left + W - M.right) / 2} y={H - 6} fontSize="12" textAnchor="middle" fill="currentColor">months</text>
        <text x={12} y={(M.top + H - M.bottom) / 2} fontSize="12" textAnchor="middle" fill="currentColor" transform={`rotate(-90 12 ${(M.top + H - M.bottom) / 2})`}>S(t)</text>
        {series.map((s, i) => {
          const st = styles[i]!;
          return (
            <g key={s.name} data-candidate={s.name} data-marker={st.marker}>
              <path d={path(s.curve)} fill="none" stroke={st.colour} strokeWidth={st.lineWidth} strokeDasharray={st.dash.length > 0 ? st.dash.join(' ') : undefined} />
              {visible(s.curve).map((p) => <Marker key={p.months} shape={st.marker} x={x(p.months)} y={y(p.s)} r={1.6 + 0.5 * (series.length - 1 - i)} colour={st.colour} />)}
            </g>
          );
        })}
      </svg>
      <figcaption>
        {series.map((s, i) => {
          const st = styles[i]!;
          return (
            <span key={s.name} style={{ marginRight: '1rem', whiteSpace: 'nowrap' }}>
              <svg width="22" height="10" style={{ verticalAlign: 'middle', marginRight: 4 }} aria-hidden="true">
                <line x1="1" x2="21" y1="5" y2="5" stroke={st.colour} strokeWidth={2} strokeDasharray={st.dash.length > 0 ? st.dash.join(' ') : undefined} />
                <Marker shape={st.marker} x={11} y={5} r={2.5} colour={st.colour} />
              </svg>
              #{s.rank} {s.name}
            </span>
          );
        })}
        {overlaps.map((note) => <div key={note} className="hint" data-testid="survival-overlap">{note}</div>)}
        <div className="hint">Mean predicted survival over the simulated samples (risk model); research use only, not for clinical use.</div>
      </figcaption>
    </figure>
  );
}

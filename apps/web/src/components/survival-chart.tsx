/**
 * Mean survival curves S(t) of the top candidates as an SVG step chart (drawn by us, no chart library):
 * x = months (0 to the RMST horizon), y = S(t) from 0 to 1, one colour per candidate with a legend.
 */
export interface SurvivalSeries {
  name: string;
  rank: number;
  curve: ReadonlyArray<{ months: number; s: number }>;
}

const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e'];
const W = 640;
const H = 320;
const M = { left: 48, right: 16, top: 12, bottom: 40 };

export function SurvivalChart({ series, horizonMonths }: { series: readonly SurvivalSeries[]; horizonMonths: number }) {
  const x = (m: number) => M.left + (Math.min(m, horizonMonths) / horizonMonths) * (W - M.left - M.right);
  const y = (s: number) => M.top + (1 - s) * (H - M.top - M.bottom);
  const xTicks = Array.from({ length: Math.floor(horizonMonths / 12) + 1 }, (_, i) => i * 12);
  const yTicks = [0, 0.25, 0.5, 0.75, 1];
  const path = (curve: SurvivalSeries['curve']) => {
    const pts = curve.filter((p) => p.months <= horizonMonths);
    if (pts.length === 0) return '';
    let d = `M${x(pts[0]!.months).toFixed(1)},${y(pts[0]!.s).toFixed(1)}`;
    for (let i = 1; i < pts.length; i++) d += `H${x(pts[i]!.months).toFixed(1)}V${y(pts[i]!.s).toFixed(1)}`;
    return d;
  };
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
        {series.map((s, i) => (
          <path key={s.name} d={path(s.curve)} fill="none" stroke={COLOURS[i % COLOURS.length]} strokeWidth={2} data-candidate={s.name} />
        ))}
      </svg>
      <figcaption>
        {series.map((s, i) => (
          <span key={s.name} style={{ marginRight: '1rem', whiteSpace: 'nowrap' }}>
            <span style={{ display: 'inline-block', width: 14, height: 3, background: COLOURS[i % COLOURS.length], verticalAlign: 'middle', marginRight: 4 }} />
            #{s.rank} {s.name}
          </span>
        ))}
        <div className="hint">Mean predicted survival over the simulated samples (risk model); research use only, not for clinical use.</div>
      </figcaption>
    </figure>
  );
}

'use client';
/**
 * The measurement tools' buttons (shared by the viewer's and the compare grid's toolbars: one tool for
 * both) and the hint a view shows while measuring.
 */
import type { MeasureState } from '../client/use-niivue-measurements.ts';
import { MEASURE_TOOLS, useViewerStore, type MeasureTool } from '../client/viewer-store.ts';

const TOOL_TEXT: Record<MeasureTool, { label: string; title: string }> = {
  length: { label: 'Length', title: 'Drag in a 2D view: the distance between two points (mm)' },
  bidimensional: { label: 'Bidimensional', title: 'Drag the longest diameter, then the short axis across it (RECIST-style, mm)' },
  roi: { label: 'ROI', title: 'Drag from the centre: a sphere of that radius, its mean, SD, min, max HU and volume' },
};

export function MeasureToolButtons({ idPrefix = 'tool' }: { idPrefix?: string }) {
  const tool = useViewerStore((s) => s.tool);
  const setTool = useViewerStore((s) => s.setTool);
  return (
    <span role="group" aria-label="Measure">
      {MEASURE_TOOLS.map((t) => (
        <button
          key={t} type="button" aria-pressed={tool === t} title={TOOL_TEXT[t].title} data-testid={`${idPrefix}-${t}`}
          onClick={() => setTool(tool === t ? 'navigate' : t)}
        >{TOOL_TEXT[t].label}</button>
      ))}
    </span>
  );
}

/** What the measure tool expects next, or why the last measurement was refused. */
export function MeasureHint({ state, error }: { state: MeasureState; error: string | null }) {
  if (error) return <p className="error viewer-measure-hint" role="alert" data-testid="measure-error">{error}</p>;
  if (state === 'short-axis') return <p className="viewer-measure-hint" data-testid="measure-hint">Now draw the short axis across the long one.</p>;
  if (state === 'saving') return <p className="viewer-measure-hint" data-testid="measure-hint">Measuring…</p>;
  return null;
}

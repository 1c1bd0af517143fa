'use client';
/** Viewer state shared by the viewer and its toolbar (zustand). */
import { create } from 'zustand';
import type { ClipPlane, RenderPresetId } from './render-3d.ts';
import { prefetchSeriesVolume } from './series-volume.ts';

export interface WindowPreset {
  /** 'custom': set by a right-drag (NiiVue's contrast drag) on any CT view (window-level.ts). */
  id: 'liver' | 'abdomen' | 'bone' | 'custom';
  label: string;
  widthHu: number;
  levelHu: number;
}

export const WINDOW_PRESETS: readonly WindowPreset[] = [
  { id: 'liver', label: 'Liver W150/L60', widthHu: 150, levelHu: 60 },
  { id: 'abdomen', label: 'Abdomen W400/L40', widthHu: 400, levelHu: 40 },
  { id: 'bone', label: 'Bone W1800/L400', widthHu: 1800, levelHu: 400 },
];

export type ViewLayout = 'multiplanar' | 'axial' | 'coronal' | 'sagittal' | 'render';

/** What the viewer is doing; exposed as data-render-state for people and browser tests. */
export type RenderState =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'ready'; dims: [number, number, number] }
  | { kind: 'error'; message: string };

/** The measurement tools: a left drag in a 2D view draws a line (contracts measurement.ts). */
export const MEASURE_TOOLS = ['length', 'bidimensional', 'roi'] as const;
export type MeasureTool = (typeof MEASURE_TOOLS)[number];
export const isMeasureTool = (t: string): t is MeasureTool => (MEASURE_TOOLS as readonly string[]).includes(t);

/**
 * What a left click in the 2D views does: move the crosshair, segment the lesion under it, draw /
 * erase on the lesion mask (NiiVue's drawing tools), or measure (a drag: a length, the two axes of a
 * bidimensional measurement one after the other, or an ROI sphere's radius from its centre). The
 * tool is shared by the viewer and the compare grid.
 */
export type ViewerTool = 'navigate' | 'segment' | 'pen' | 'erase' | MeasureTool;

/** A click-to-segment request: the crosshair position in RAS mm after the click. */
export interface SegmentRequest {
  pointRas: [number, number, number];
  /** Increases with every request, so that the same point twice is two requests. */
  seq: number;
}

interface ViewerState {
  seriesId: string | null;
  tool: ViewerTool;
  /** The lesion mask drawn over the CT (the case's latest LesionMask row); null: none. */
  overlayMaskId: string | null;
  segmentRequest: SegmentRequest | null;
  /** Move the crosshair to a RAS mm point ("Go to"). */
  goTo: SegmentRequest | null;
  goToPoint: (pointRas: [number, number, number]) => void;
  setTool: (t: ViewerTool) => void;
  setOverlayMaskId: (id: string | null) => void;
  requestSegment: (pointRas: [number, number, number]) => void;
  preset: WindowPreset;
  layout: ViewLayout;
  render: RenderState;
  selectSeries: (id: string | null) => void;
  setPreset: (p: WindowPreset) => void;
  setLayout: (l: ViewLayout) => void;
  setRender: (r: RenderState) => void;
  /** The 3D render's preset and clipping plane (render-3d.ts). */
  renderPreset: RenderPresetId;
  clipPlane: ClipPlane;
  setRenderPreset: (p: RenderPresetId) => void;
  setClipPlane: (c: ClipPlane) => void;
  /** The anatomy overlays switched on (use-anatomy-overlays.ts). */
  anatomyOverlays: Record<AnatomyOrgan, boolean>;
  setAnatomyOverlay: (organ: AnatomyOrgan, on: boolean) => void;
}

/** The organs the viewer can overlay: the liver and its vessels ≥ 3 mm. */
export type AnatomyOrgan = 'liver' | 'vessels';

export const useViewerStore = create<ViewerState>()((set, get) => ({
  seriesId: null,
  tool: 'navigate',
  overlayMaskId: null,
  segmentRequest: null,
  goTo: null,
  goToPoint: (pointRas) => set((s) => ({ goTo: { pointRas, seq: (s.goTo?.seq ?? 0) + 1 } })),
  setTool: (tool) => set({ tool }),
  setOverlayMaskId: (overlayMaskId) => set({ overlayMaskId }),
  requestSegment: (pointRas) => set((s) => ({ segmentRequest: { pointRas, seq: (s.segmentRequest?.seq ?? 0) + 1 } })),
  preset: WINDOW_PRESETS[0]!,
  layout: 'multiplanar',
  render: { kind: 'idle' },
  selectSeries: (seriesId) => {
    // the download starts now, while the viewer's code and NiiVue's shaders load (series-volume.ts)
    if (seriesId !== get().seriesId) prefetchSeriesVolume(seriesId);
    set({ seriesId, render: { kind: 'idle' }, tool: 'navigate', segmentRequest: null, goTo: null, overlayMaskId: null, anatomyOverlays: { liver: false, vessels: false } });
  },
  setPreset: (preset) => set({ preset }),
  setLayout: (layout) => set({ layout }),
  setRender: (render) => set({ render }),
  renderPreset: 'soft-tissue',
  clipPlane: { orientation: 'off', depth: 0 },
  setRenderPreset: (renderPreset) => set({ renderPreset }),
  setClipPlane: (clipPlane) => set({ clipPlane }),
  anatomyOverlays: { liver: false, vessels: false },
  setAnatomyOverlay: (organ, on) => set((s) => ({ anatomyOverlays: { ...s.anatomyOverlays, [organ]: on } })),
}));

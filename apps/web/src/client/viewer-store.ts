'use client';
/** Viewer state shared by the viewer and its toolbar (zustand). */
import { create } from 'zustand';

export interface WindowPreset {
  id: 'liver' | 'abdomen' | 'bone';
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

interface ViewerState {
  seriesId: string | null;
  preset: WindowPreset;
  layout: ViewLayout;
  render: RenderState;
  selectSeries: (id: string | null) => void;
  setPreset: (p: WindowPreset) => void;
  setLayout: (l: ViewLayout) => void;
  setRender: (r: RenderState) => void;
}

export const useViewerStore = create<ViewerState>()((set) => ({
  seriesId: null,
  preset: WINDOW_PRESETS[0]!,
  layout: 'multiplanar',
  render: { kind: 'idle' },
  selectSeries: (seriesId) => set({ seriesId, render: { kind: 'idle' } }),
  setPreset: (preset) => set({ preset }),
  setLayout: (layout) => set({ layout }),
  setRender: (render) => set({ render }),
}));

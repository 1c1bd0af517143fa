'use client';
/**
 * Measurement tools on a NiiVue view (the viewer and every compare tile), one hook for both: with a
 * measure tool on, a left drag in a 2D tile draws NiiVue's measurement line; when it ends the plane
 * and the RAS mm end points go to the server (tRPC measurements.create), which computes the values
 * from the stored volume. A length is one drag, a bidimensional measurement two (long axis, then the
 * short axis across it), an ROI one drag from its centre (the sphere's radius). The case's
 * measurements on this view's volume are drawn back by NiiVue on the slice they were made on
 * (document.completedMeasurements), after a reload too.
 */
import { DRAG_MODE, SLICE_TYPE, type Niivue } from '@niivue/niivue';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import {
  measurementSegments, type Measurement, type MeasurementGeometry, type MeasurementPlane, type MeasurementTarget,
} from '@mewm/contracts';
import { useTRPC } from './trpc.ts';
import { isMeasureTool, useViewerStore } from './viewer-store.ts';

type Point = [number, number, number];
type Segment = readonly [readonly number[], readonly number[]];

/** NiiVue's 2D slice types in the order of MEASUREMENT_PLANES (axial, coronal, sagittal). */
const PLANE_OF_SLICE: Partial<Record<SLICE_TYPE, MeasurementPlane>> = {
  [SLICE_TYPE.AXIAL]: 'axial', [SLICE_TYPE.CORONAL]: 'coronal', [SLICE_TYPE.SAGITTAL]: 'sagittal',
};
const SLICE_OF_PLANE: Record<MeasurementPlane, SLICE_TYPE> = { axial: SLICE_TYPE.AXIAL, coronal: SLICE_TYPE.CORONAL, sagittal: SLICE_TYPE.SAGITTAL };
/** The crosshair coordinate (fraction of the volume) that names a slice of each plane: S, A, R. */
const DEPTH_AXIS: Record<MeasurementPlane, number> = { axial: 2, coronal: 1, sagittal: 0 };

export const sameTarget = (a: MeasurementTarget, b: MeasurementTarget): boolean =>
  a.kind === 'series' ? b.kind === 'series' && a.seriesId === b.seriesId
    : b.kind === 'sample' && a.jobId === b.jobId && a.candidate === b.candidate && a.sample === b.sample;

const point = (v: ArrayLike<number>): Point => [v[0] ?? 0, v[1] ?? 0, v[2] ?? 0];

/** NiiVue's persistent measurement lines for `segments` drawn on `plane`. */
function niivueLines(nv: Niivue, plane: MeasurementPlane, segments: readonly Segment[]) {
  return segments.map(([a, b]) => ({
    startMM: point(a), endMM: point(b),
    distance: Math.hypot(b[0]! - a[0]!, b[1]! - a[1]!, b[2]! - a[2]!),
    sliceIndex: -1, sliceType: SLICE_OF_PLANE[plane],
    // the slice the line lies on, as NiiVue names it (the crosshair fraction along the plane's normal)
    slicePosition: nv.mm2frac(point(a))[DEPTH_AXIS[plane]] ?? 0,
  }));
}

/** Measurement lines and labels (RGBA 0–1). */
const MEASURE_RGBA = [1, 0.75, 0.1, 1];

export type MeasureState = 'off' | 'ready' | 'short-axis' | 'saving';

/**
 * Wires the measurement tools to `nv` (null until the view is ready). Returns the tool's state and the
 * last error (e.g. a point outside the volume), both shown by the view.
 */
export function useNiivueMeasurements(nv: Niivue | null, caseId: string | null, target: MeasurementTarget | null): { state: MeasureState; shown: number; error: string | null } {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tool = useViewerStore((s) => s.tool);
  const list = useQuery({ ...trpc.measurements.list.queryOptions({ caseId: caseId ?? '' }), enabled: caseId !== null && target !== null });
  const create = useMutation(trpc.measurements.create.mutationOptions({
    onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.measurements.list.queryKey({ caseId: caseId ?? '' }) }),
  }));
  const [pendingLong, setPendingLong] = useState<{ plane: MeasurementPlane; long: [Point, Point] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const mine: Measurement[] = target ? (list.data ?? []).filter((m) => sameTarget(m.target, target)) : [];
  const measuring = nv !== null && target !== null && isMeasureTool(tool);

  // a left drag measures while a measure tool is on; otherwise it moves the crosshair, as before
  useEffect(() => {
    if (!nv) return;
    // amber lines and labels: apart from the red lesion mask and crosshair, the states' colours and the green reference lines
    nv.opts.rulerColor = MEASURE_RGBA; // NiiVue draws a measurement's line in the ruler colour, its end ticks in measureLineColor
    nv.opts.measureLineColor = MEASURE_RGBA;
    nv.opts.measureTextColor = MEASURE_RGBA;
    nv.opts.dragModePrimary = measuring ? DRAG_MODE.measurement : DRAG_MODE.crosshair;
    if (!measuring) setPendingLong(null);
  }, [nv, measuring]);
  useEffect(() => setPendingLong(null), [tool]);

  // what a finished drag does: read on each call, so the callback needs no re-binding
  const onLine = useRef<(plane: MeasurementPlane, a: Point, b: Point) => void>(() => undefined);
  useEffect(() => {
    onLine.current = (plane, a, b) => {
      if (!caseId || !target || !isMeasureTool(tool)) return;
      let geometry: MeasurementGeometry;
      if (tool === 'length') geometry = { kind: 'length', plane, points: [a, b] };
      else if (tool === 'roi') geometry = { kind: 'roi', plane, centre: a, edge: b };
      else if (!pendingLong || pendingLong.plane !== plane) {
        setPendingLong({ plane, long: [a, b] });
        return;
      } else geometry = { kind: 'bidimensional', plane, long: pendingLong.long, short: [a, b] };
      setPendingLong(null);
      setError(null);
      create.mutate({ caseId, target, geometry }, {
        onError: (e) => {
          setError(e.message);
          nv?.drawScene(); // the refused line goes
        },
      });
    };
  });
  useEffect(() => {
    if (!nv) return;
    nv.onMeasurementCompleted = (m) => {
      // NiiVue keeps the line it just drew; the lines shown are the stored ones (and a pending long axis), set below
      nv.document.completedMeasurements = nv.document.completedMeasurements.filter((x) => x !== m);
      const plane = PLANE_OF_SLICE[m.sliceType];
      if (plane === undefined || m.distance <= 0) return; // a 3D tile or a click without a drag
      onLine.current(plane, point(m.startMM), point(m.endMM));
    };
    return () => {
      nv.onMeasurementCompleted = () => undefined;
    };
  }, [nv]);

  // NiiVue draws the stored lines (and a pending long axis) on the slice each was made on
  const drawn = JSON.stringify([mine.map((m) => m.id), pendingLong]);
  useEffect(() => {
    if (!nv) return;
    const lines = mine.flatMap((m) => niivueLines(nv, m.geometry.plane, measurementSegments(m.geometry)));
    if (pendingLong) lines.push(...niivueLines(nv, pendingLong.plane, [pendingLong.long]));
    nv.document.completedMeasurements = lines;
    nv.drawScene();
  }, [nv, drawn]); // `drawn` names what the lines depend on (the list's ids and the pending axis)

  const state: MeasureState = !measuring ? 'off' : create.isPending ? 'saving' : pendingLong ? 'short-axis' : 'ready';
  return { state, shown: mine.length, error };
}

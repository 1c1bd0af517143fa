/**
 * Measurements router: a reader's length, bidimensional and ROI measurements of the case (on its series
 * or on a plan's simulated sample); the server computes the values (services/measurements.ts).
 */
import 'server-only';
import { z } from 'zod';
import { MEASUREMENT_NOTE_MAX, measurementGeometrySchema, measurementTargetSchema } from '@mewm/contracts';
import { createMeasurement, deleteMeasurement, listMeasurements } from '../../services/measurements.ts';
import { caseIdSchema } from '../ids.ts';
import { publicProcedure, router } from '../init.ts';

export const measurementsRouter = router({
  list: publicProcedure.input(z.object({ caseId: caseIdSchema })).query(({ ctx, input }) => listMeasurements(ctx, input.caseId)),
  create: publicProcedure
    .input(z.object({ caseId: caseIdSchema, target: measurementTargetSchema, geometry: measurementGeometrySchema, note: z.string().max(MEASUREMENT_NOTE_MAX).optional() }))
    .mutation(({ ctx, input }) => createMeasurement(ctx, input)),
  delete: publicProcedure
    .input(z.object({ caseId: caseIdSchema, id: z.uuid() }))
    .mutation(({ ctx, input }) => deleteMeasurement(ctx, input.caseId, input.id)),
});

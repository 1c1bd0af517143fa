/** The application's tRPC router: one sub-router per domain. */
import 'server-only';
import { createCallerFactory, router } from './init.ts';
import { casesRouter } from './routers/cases.ts';
import { clinicalRouter } from './routers/clinical.ts';
import { compareRouter } from './routers/compare.ts';
import { lesionsRouter } from './routers/lesions.ts';
import { measurementsRouter } from './routers/measurements.ts';
import { pacsRouter } from './routers/pacs.ts';
import { plansRouter } from './routers/plans.ts';
import { uploadsRouter } from './routers/uploads.ts';

export const appRouter = router({
  cases: casesRouter,
  uploads: uploadsRouter,
  lesions: lesionsRouter,
  measurements: measurementsRouter,
  clinical: clinicalRouter,
  plans: plansRouter,
  compare: compareRouter,
  pacs: pacsRouter,
});

export type AppRouter = typeof appRouter;

/** Server-side caller (tests, server components) bound to a service context. */
export const createCaller = createCallerFactory(appRouter);

/** The application's tRPC router: one sub-router per domain. */
import { createCallerFactory, router } from './init.ts';
import { casesRouter } from './routers/cases.ts';
import { uploadsRouter } from './routers/uploads.ts';

export const appRouter = router({
  cases: casesRouter,
  uploads: uploadsRouter,
});

export type AppRouter = typeof appRouter;

/** Server-side caller (tests, server components) bound to a service context. */
export const createCaller = createCallerFactory(appRouter);

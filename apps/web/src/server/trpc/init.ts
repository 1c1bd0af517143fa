/**
 * tRPC v11 set-up: the context is the service context; every procedure's errors go through
 * toTRPCError, so routers stay thin (validate input with zod, call a service).
 */
import 'server-only';
import { initTRPC } from '@trpc/server';
import type { ServiceContext } from '../services/context.ts';
import { toTRPCError } from './error-mapping.ts';

export type TrpcContext = ServiceContext;

const t = initTRPC.context<TrpcContext>().create();

const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) throw toTRPCError(result.error);
  return result;
});

export const router = t.router;
export const publicProcedure = t.procedure.use(mapErrors);
export const createCallerFactory = t.createCallerFactory;

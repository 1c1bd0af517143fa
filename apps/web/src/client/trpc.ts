'use client';
/** Typed tRPC hooks for client components (TanStack React Query integration of tRPC v11). */
import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { AppRouter } from '../server/trpc/app-router.ts';

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

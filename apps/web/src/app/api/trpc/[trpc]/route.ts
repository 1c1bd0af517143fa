/** tRPC over HTTP (fetch adapter). */
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appContext } from '../../../../server/services/app-context.ts';
import { appRouter } from '../../../../server/trpc/app-router.ts';

export const runtime = 'nodejs';

function handler(req: Request): Promise<Response> {
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: () => appContext(),
    onError: ({ error, path }) => {
      // Codes and procedure names only: messages may quote user input.
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`[mewm] trpc ${path ?? '?'} failed: ${error.cause?.name ?? error.name}`);
    },
  });
}

export { handler as GET, handler as POST };

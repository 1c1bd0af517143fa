/**
 * Runs once when the Next.js server starts, before it answers any request. In the Node.js runtime:
 * parse the environment, apply the committed migrations and recover interrupted plan jobs (see
 * instrumentation-node.ts).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startNodeServer } = await import('./instrumentation-node.ts');
  await startNodeServer();
}

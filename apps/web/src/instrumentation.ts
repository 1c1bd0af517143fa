/**
 * Runs once when the Next.js server starts. In the Node.js runtime: parse the environment and apply
 * the committed migrations before any request (see instrumentation-node.ts).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startNodeServer } = await import('./instrumentation-node.ts');
  startNodeServer();
}

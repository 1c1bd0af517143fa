import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * The workspace packages export their TypeScript sources under the `mewm-source` condition and their
 * built JavaScript (dist/) by default: tests run on the sources, so they need no build and test what
 * is in the tree.
 */
const SOURCE_CONDITION = 'mewm-source';

export default defineConfig({
  resolve: {
    conditions: [SOURCE_CONDITION, ...defaultClientConditions],
    // `server-only` throws outside a React server build; the web app's server modules import it.
    alias: { 'server-only': fileURLToPath(new URL('./apps/web/test/support/server-only-stub.ts', import.meta.url)) },
  },
  ssr: {
    resolve: { conditions: [SOURCE_CONDITION, ...defaultServerConditions], externalConditions: [SOURCE_CONDITION] },
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts', 'apps/web/test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/.next/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default'],
  },
});

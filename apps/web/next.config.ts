import type { NextConfig } from 'next';
import { SECURITY_HEADERS } from './src/request-guard.ts';

const config: NextConfig = {
  // The workspace packages are built to JavaScript (dist/, `npm run build`, run by `npm ci`); their
  // exports' default condition points there, so Next needs no transpilePackages. Of the world model
  // only the protocol module (`@mewm/world-model/protocol`, zod and data) is bundled.
  // Native and wasm modules are loaded by Node at run time, not bundled.
  serverExternalPackages: [
    'better-sqlite3',
    '@prisma/adapter-better-sqlite3',
    '@cornerstonejs/codec-charls',
    '@cornerstonejs/codec-libjpeg-turbo-8bit',
    '@cornerstonejs/codec-openjpeg',
    'yauzl',
    // The planner (with the world model's and the risk model's ONNX Runtime) is loaded by Node at run
    // time from its dist/ (src/server/services/plan-jobs-bridge.ts), unbundled.
    '@mewm/planner',
  ],
  poweredByHeader: false,
  // On every response, static files included (src/proxy.ts sets them too, and refuses foreign Hosts).
  headers: () => Promise.resolve([{ source: '/:path*', headers: Object.entries(SECURITY_HEADERS).map(([key, value]) => ({ key, value })) }]),
  reactStrictMode: true,
};

export default config;

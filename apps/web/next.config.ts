import type { NextConfig } from 'next';

const config: NextConfig = {
  // The workspace packages ship TypeScript sources (exports point at src/index.ts). Of the world
  // model only the protocol module (`@mewm/world-model/protocol`, zod and data) is bundled; of the
  // model registry only its card reader (`@mewm/models/cards`, no onnxruntime).
  transpilePackages: ['@mewm/contracts', '@mewm/dicom', '@mewm/models', '@mewm/survival', '@mewm/world-model'],
  // Native and wasm modules are loaded by Node at run time, not bundled.
  serverExternalPackages: [
    'better-sqlite3',
    '@prisma/adapter-better-sqlite3',
    '@cornerstonejs/codec-charls',
    '@cornerstonejs/codec-libjpeg-turbo-8bit',
    '@cornerstonejs/codec-openjpeg',
    'yauzl',
    // The planner bridge (src/server/services/plan-jobs-planner.ts) is loaded at run time through tsx, unbundled.
    'tsx',
  ],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;

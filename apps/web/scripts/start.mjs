#!/usr/bin/env node
/**
 * `npm run start` (production) and `npm run dev` for the web app, from the repository root or here.
 *
 * - builds the workspace packages to JavaScript first (`tsc -b`, incremental: quick when up to date)
 * - builds the app when there is no build or a source is newer than it (production only)
 * - listens on HOST (default 127.0.0.1; loopback only: a non-loopback HOST is refused, there are no
 *   accounts yet) and PORT (default 3000)
 * - the server applies the committed migrations when it starts (src/instrumentation.ts)
 * - prints the URL and "research use only, not for clinical use" once the server answers
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(appDir, '..', '..');
const dev = process.argv.includes('--dev');
const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT || 3000);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`PORT must be an integer in 1..65535; got "${process.env.PORT}"`);
  process.exit(2);
}
// Without accounts every visitor can open every case: listen on loopback only (reach it from other
// machines through an SSH tunnel or an authenticating reverse proxy named in MEWM_ALLOWED_HOSTS).
const LOOPBACK = /^(127(\.\d{1,3}){3}|localhost|::1|\[::1\])$/i;
if (!LOOPBACK.test(host)) {
  console.error(`HOST=${host} is not a loopback address: this server has no accounts yet, so it would serve every case to anyone who can reach it. Listen on 127.0.0.1 (the default) and reach it through an SSH tunnel or an authenticating reverse proxy (add its host name to MEWM_ALLOWED_HOSTS).`);
  process.exit(2);
}
const env = { ...process.env, HOST: host, PORT: String(port), NEXT_TELEMETRY_DISABLED: '1' };
env.MEWM_DATA_DIR = resolve(repoRoot, process.env.MEWM_DATA_DIR || '.mewm-data');
const require = createRequire(import.meta.url);
const nextBin = require.resolve('next/dist/bin/next');
const tscBin = require.resolve('typescript/bin/tsc');

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) {
    if (name === 'node_modules' || name === '.next' || name === 'generated') continue;
    newest = Math.max(newest, newestMtime(join(path, name)));
  }
  return newest;
}

function needsBuild() {
  const buildId = join(appDir, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  const sources = [join(appDir, 'src'), join(appDir, 'next.config.ts'), join(appDir, 'package.json'), ...['contracts', 'dicom', 'survival', 'world-model'].map((p) => join(repoRoot, 'packages', p, 'dist'))];
  return sources.some((s) => newestMtime(s) > built);
}

// The app and its plan worker run the packages' dist/ (built by `npm ci`; rebuilt here when a source changed).
const built = spawnSync(process.execPath, [tscBin, '-b', 'tsconfig.build.json'], { cwd: repoRoot, stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

if (!dev && needsBuild()) {
  console.log('[mewm] building the web app (next build)…');
  const r = spawnSync(process.execPath, [nextBin, 'build'], { cwd: appDir, env, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const child = spawn(process.execPath, [nextBin, dev ? 'dev' : 'start', '-H', host, '-p', String(port)], { cwd: appDir, env, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
const started = Date.now();
(async () => {
  while (Date.now() - started < 120_000 && child.exitCode === null) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (res.ok) {
        console.log(`\n[mewm] MeWM is running at ${url}/ (listening on ${host} only)`);
        console.log('[mewm] research use only, not for clinical use\n');
        return;
      }
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
})();

/**
 * Run the `mewm` command line in-process (its `main`) with output captured and, for the call only, the
 * given environment: the DICOMweb credential variables are cleared first so that a test says which it sets.
 */
import { main as runCli } from '../../packages/planner/src/cli/main.ts';

const DICOMWEB_VARIABLES = ['MEWM_DICOMWEB_USER', 'MEWM_DICOMWEB_PASSWORD', 'MEWM_DICOMWEB_TOKEN'];

export async function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const keys = [...new Set([...DICOMWEB_VARIABLES, ...Object.keys(env)])];
  const saved = Object.fromEntries(keys.map((k) => [k, process.env[k]]));
  for (const k of keys) Reflect.deleteProperty(process.env, k);
  Object.assign(process.env, env);
  let stdout = '';
  let stderr = '';
  try {
    const code = await runCli(args, { out: (t) => (stdout += `${t}\n`), err: (t) => (stderr += `${t}\n`) });
    return { code, stdout, stderr };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) Reflect.deleteProperty(process.env, k);
      else process.env[k] = v;
    }
  }
}

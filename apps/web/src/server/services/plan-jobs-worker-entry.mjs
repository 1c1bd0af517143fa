// Entry of the plan worker process (forked by plan-jobs-worker.ts): runs the TypeScript sources of the
// worker, the planner bridge and the packages through tsx, as packages/planner/bin/mewm.js does for the
// `mewm` command. Plain JavaScript, so that Node can start it without a loader; Next never bundles it.
import { register } from 'tsx/esm/api';

register();
await import('./plan-jobs-worker-main.ts');

/**
 * @mewm/planner: candidate proposal, ranking, plan reports and the `mewm` CLI.
 * For now it hosts the CLI; the planner itself arrives with the planner issue.
 */
export { main as runCli, helpText } from './cli/main.ts';

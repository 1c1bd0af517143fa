export * from './plausibility-check.ts';
export * from './plausibility-limits.ts';
export * from './check-follow-up-plausibility.ts';

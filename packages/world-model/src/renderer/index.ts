export * from './noise-schedule.ts';
export * from './hu-window.ts';
export * from './ddim.ts';
export * from './condition.ts';
export * from './renderer.ts';

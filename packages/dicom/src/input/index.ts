export * from './limits.ts';
export * from './input-file.ts';
export * from './zip.ts';
export * from './collect-inputs.ts';

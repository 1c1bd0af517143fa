export * from './write-file-atomic.ts';
export * from './cooperative-yield.ts';

export * from './write-file-atomic.ts';

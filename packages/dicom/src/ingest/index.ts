export * from './ingest-ct.ts';
export * from './load-mask.ts';

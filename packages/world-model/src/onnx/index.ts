export * from './model-card.ts';
export * from './execution-provider.ts';
export * from './session.ts';
export * from './feed-validation.ts';
export * from './signature-check.ts';
export * from './tensor-shape.ts';
export * from './file-hash.ts';

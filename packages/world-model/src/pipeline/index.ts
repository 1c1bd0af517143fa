export * from './region-renderer.ts';
export * from './white-noise-renderer.ts';
export * from './render-region.ts';
export * from './response-summary.ts';
export * from './simulate-treatment.ts';
export * from './load-onnx-region-renderer.ts';
export * from './protocol-anatomy.ts';

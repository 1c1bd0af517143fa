/**
 * `@mewm/models/cards`: the model-card family and its reader alone, without onnxruntime — for code
 * that reads cards but never runs a model (the web app's renderer choices).
 */
export * from '../errors.ts';
export * from './card-base.ts';
export * from './renderer-part.ts';
export * from './risk-part.ts';
export * from './model-card.ts';

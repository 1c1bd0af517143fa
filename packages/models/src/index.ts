/**
 * @mewm/models: the model registry — one model-card family and reader, one ONNX session factory
 * with the device → execution-provider map, and the manifest (models/manifest.json) behind
 * `openModel(id)`. It knows model kinds, never a particular model. Research use only, not for
 * clinical use.
 */
export * from './errors.ts';
export * from './card/card-base.ts';
export * from './card/renderer-part.ts';
export * from './card/risk-part.ts';
export * from './card/model-card.ts';
export * from './onnx/execution-provider.ts';
export * from './onnx/session.ts';
export * from './onnx/feed-validation.ts';
export * from './onnx/signature-check.ts';
export * from './onnx/tensor-shape.ts';
export * from './onnx/file-hash.ts';
export * from './onnx/onnx-graph.ts';
export * from './onnx/infer-onnx-shapes.ts';
export * from './onnx/count-flops.ts';
export * from './manifest/model-manifest.ts';
export * from './manifest/resolve-model-card.ts';
export * from './manifest/open-model.ts';

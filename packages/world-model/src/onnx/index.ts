/**
 * The generic ONNX code (model cards, the session factory and its device → execution-provider map,
 * feed and signature checks, the ONNX graph reader and FLOP counter) lives in @mewm/models; the world
 * model re-exports it so that its public surface stays one import. Renderer-specific code is in
 * ../renderer and ../pipeline.
 */
export * from '@mewm/models';

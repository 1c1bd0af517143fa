/** Volume operations: measurement, connected components, resampling, cropping. */
export * from './measure-mask.ts';
export * from './longest-viable-diameter.ts';
export * from './connected-components.ts';
export * from './lesion-components.ts';
export * from './resample-to-grid.ts';
export * from './resample-to-spacing.ts';
export * from './crop-or-pad.ts';
export * from './value-range.ts';
export * from './largest-component.ts';
export * from './measure-geometry.ts';
export * from './body-mask.ts';
export * from './route-to-surface.ts';
export * from './sweep-to-surface.ts';

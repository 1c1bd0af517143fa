/**
 * @mewm/contracts: what crosses package and process boundaries — the error base and its stable codes,
 * the tissue-state labels, the research-use label. Imports nothing but zod.
 */
export * from './errors.ts';
export * from './research-use.ts';
export * from './tissue-state.ts';

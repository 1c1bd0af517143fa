/**
 * One number a model relies on, with where it comes from. Every parameter of the dynamics model is
 * an entry of this shape; the model card `models/dynamics.json` lists them all, and a test checks
 * that card and code agree. A parameter without a published source says so: `assumed`, with why.
 */
export interface PublishedSource {
  kind: 'published';
  /** Short citation: authors, journal, year (and trial name), e.g. "Lencioni et al., Hepatology 2016". */
  citation: string;
  /** Where in the paper and how the number was derived from it. */
  detail: string;
}

export interface AssumedSource {
  kind: 'assumed';
  /** Why this value is reasonable, and what would replace it (a published figure, a fit on data). */
  rationale: string;
}

export interface ModelParameter {
  /** Stable dotted id, e.g. "tace.conventional.objectiveResponseRate". */
  id: string;
  value: number;
  /** 'probability', 'fraction', 'HU', 'mm', 'days', 'Gy', 'ratio', ... */
  unit: string;
  description: string;
  source: PublishedSource | AssumedSource;
}

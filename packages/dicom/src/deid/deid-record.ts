/**
 * What de-identification did to a file, without any original value: tags, keywords, actions, counts.
 */

export const DEID_PROFILE = 'DICOM PS3.15 Annex E Basic Application Level Confidentiality Profile' as const;
export const OPTION_MODIFIED_DATES = 'Retain Longitudinal Temporal Information with Modified Dates';

/** X removed, Z emptied, D dummy value, U new UID, shift date moved by the case's day offset. */
export type DeidAction = 'X' | 'Z' | 'D' | 'U' | 'shift';

export interface DeidActionEntry {
  /** "(gggg,eeee)" in upper-case hex. */
  tag: string;
  keyword: string;
  action: DeidAction;
}

export interface DeidRecord {
  profile: typeof DEID_PROFILE;
  options: string[];
  actions: DeidActionEntry[];
  privateTagsRemoved: number;
  uidsReplaced: number;
  sequencesVisited: number;
  /** Attributes written unchanged (at every level, sequences counted as one each). */
  attributesKept: number;
}

export interface DeidTagCount extends DeidActionEntry {
  count: number;
}

/** Per-case summary of many records: counts per action and per (tag, action). */
export interface DeidSummary {
  files: number;
  profile: typeof DEID_PROFILE;
  options: string[];
  actionCounts: Record<DeidAction, number>;
  tags: DeidTagCount[];
  privateTagsRemoved: number;
  uidsReplaced: number;
  sequencesVisited: number;
  attributesKept: number;
}

/** "(0010,0010)" for 0x00100010. */
export function formatTag(tag: number): string {
  const hex = (tag >>> 0).toString(16).toUpperCase().padStart(8, '0');
  return `(${hex.slice(0, 4)},${hex.slice(4)})`;
}

/** Fold the records of one case into a compact summary (sorted by tag, then action). */
export function summariseDeidRecords(records: readonly DeidRecord[]): DeidSummary {
  const actionCounts: Record<DeidAction, number> = { X: 0, Z: 0, D: 0, U: 0, shift: 0 };
  const byKey = new Map<string, DeidTagCount>();
  const options = new Set<string>();
  let privateTagsRemoved = 0;
  let uidsReplaced = 0;
  let sequencesVisited = 0;
  let attributesKept = 0;
  for (const r of records) {
    for (const o of r.options) options.add(o);
    for (const a of r.actions) {
      actionCounts[a.action] += 1;
      const key = `${a.tag}|${a.action}`;
      const t = byKey.get(key);
      if (t) t.count += 1;
      else byKey.set(key, { ...a, count: 1 });
    }
    privateTagsRemoved += r.privateTagsRemoved;
    uidsReplaced += r.uidsReplaced;
    sequencesVisited += r.sequencesVisited;
    attributesKept += r.attributesKept;
  }
  const tags = [...byKey.values()].sort((a, b) =>
    a.tag === b.tag ? a.action.localeCompare(b.action) : a.tag.localeCompare(b.tag),
  );
  return {
    files: records.length,
    profile: DEID_PROFILE,
    options: [...options].sort(),
    actionCounts,
    tags,
    privateTagsRemoved,
    uidsReplaced,
    sequencesVisited,
    attributesKept,
  };
}

/**
 * Where our de-identification (PS3.15 Table E.1-1, edition 2024b, Basic Profile with dates removed)
 * and Orthanc 1.10's anonymization (Basic Profile of the 2021b edition, its default) act differently
 * on the planted real CT slices of `test/deid-orthanc.test.ts`. Each entry says what each did and why
 * ours is right or permitted. The test fails when a difference appears that is not here, or one listed
 * here goes away: a change in either de-identifier shows up.
 *
 * Paths: "(gggg,eeee)" at the top level, "(seq)[*].(tag)" inside any item of a sequence.
 * Classes: kept (same value), removed, emptied (zero length), changed (another value), added.
 */
export type TagClass = 'kept' | 'removed' | 'emptied' | 'changed' | 'added' | 'absent';

export interface ExpectedDifference {
  ours: TagClass;
  orthanc: TagClass;
  why: string;
}

export const EXPECTED_DIFFERENCES: Record<string, ExpectedDifference> = {
  // Edition differences: rows of the 2024b table that the 2021b table Orthanc follows does not have.
  '(0008,0012)': {
    ours: 'removed', orthanc: 'kept',
    why: 'Instance Creation Date: X/D in 2024b (type 3 in the CT IOD, so X); not in the 2021b table, so Orthanc keeps a real date',
  },
  '(0008,0013)': {
    ours: 'removed', orthanc: 'kept',
    why: 'Instance Creation Time: X/Z/D in 2024b (X here); not in the 2021b table',
  },
  '(0008,0055)': {
    ours: 'removed', orthanc: 'kept',
    why: 'Station AE Title: X in 2024b unless the Retain Device Identity option is applied (we do not apply it); not in the 2021b table',
  },
  '(0008,1115)[*].(0008,0012)': {
    ours: 'removed', orthanc: 'kept',
    why: 'Instance Creation Date inside ReferencedSeriesSequence: we apply the table at every nesting level (PS3.15 E.1.1), as for the top level',
  },
  // Differences in how the file records its de-identification.
  '(0012,0064)[*].(0008,0100)': {
    ours: 'removed', orthanc: 'kept',
    why: 'the input (TCIA) already had a De-identification Method Code Sequence of 7 items; we replace it with the codes of what we did (113100 only, dates removed), Orthanc keeps the earlier codes, which no longer describe the file',
  },
  '(0012,0064)[*].(0008,0102)': {
    ours: 'removed', orthanc: 'kept',
    why: 'as (0012,0064)[*].(0008,0100): the coding scheme of the stale codes',
  },
  '(0012,0064)[*].(0008,0104)': {
    ours: 'removed', orthanc: 'kept',
    why: 'as (0012,0064)[*].(0008,0100): the meanings of the stale codes',
  },
  '(0028,0303)': {
    ours: 'changed', orthanc: 'kept',
    why: 'Longitudinal Temporal Information Modified: we write REMOVED (dates were removed); Orthanc keeps the input\'s MODIFIED, which misdescribes its output (its dates are removed)',
  },
  // Overlays.
  '(6000,3000)': {
    ours: 'removed', orthanc: 'kept',
    why: 'Overlay Data: X in Table E.1-1 (the 60xx,3000 row), since overlays can hold burned-in text; we remove the whole 60xx group, Orthanc keeps it',
  },
};

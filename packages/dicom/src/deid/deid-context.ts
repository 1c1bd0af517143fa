/**
 * One de-identification context per case (patient upload): it holds the secret salt, the date shift
 * and the UID map, so that every file of the case is de-identified consistently (same input UID →
 * same new UID across files and nesting levels; every date moved by the same number of days).
 * The salt never leaves the context: it is not readable from the object and never logged.
 */
import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { InputError } from '../errors.ts';
import { isStandardUid, uidFromHmac } from './uid-map.ts';

export type DeidDateMode = 'shift' | 'remove';

export interface DeidContextOptions {
  /** Secret for the HMACs; default 32 random bytes as hex. Give one to reproduce a mapping. */
  salt?: string;
  /** Whole days added to every date; default a random integer in [-3650, -365]. Range [-36500, 36500]. */
  dateShiftDays?: number;
  /** 'shift' (default): Modified Dates option; 'remove': the Basic Profile's own date actions. */
  dates?: DeidDateMode;
}

export interface DeidContext {
  readonly dates: DeidDateMode;
  /** Whole days added to every DA/DT value (negative: earlier). */
  readonly dateShiftDays: number;
  /** New UID for `uid`; standard UIDs (1.2.840.10008.*) are returned unchanged. */
  mapUid(uid: string): string;
  /** "MEWM-" + 8 upper-case hex of HMAC(salt, value): the patient pseudonym for an original identifier. */
  pseudonym(value: string): string;
  /** How many distinct UIDs this context has replaced so far. */
  readonly uidCount: number;
}

const MAX_SHIFT_DAYS = 36_500;

/**
 * Create the context for one case. Throws InputError for an empty salt or a shift that is not an
 * integer in [-36500, 36500] days.
 */
export function createDeidContext(opts: DeidContextOptions = {}): DeidContext {
  const salt = opts.salt ?? randomBytes(32).toString('hex');
  if (typeof salt !== 'string' || salt.length === 0) {
    throw new InputError('salt must be a non-empty string');
  }
  const dateShiftDays = opts.dateShiftDays ?? randomInt(-3650, -364);
  if (!Number.isInteger(dateShiftDays) || Math.abs(dateShiftDays) > MAX_SHIFT_DAYS) {
    throw new InputError(`dateShiftDays must be an integer in [-${MAX_SHIFT_DAYS}, ${MAX_SHIFT_DAYS}]`);
  }
  const dates = opts.dates ?? 'shift';
  if (dates !== 'shift' && dates !== 'remove') {
    throw new InputError("dates must be 'shift' or 'remove'");
  }
  const uids = new Map<string, string>();
  const pseudonyms = new Map<string, string>();
  return {
    dates,
    dateShiftDays,
    mapUid(uid: string): string {
      if (isStandardUid(uid)) return uid;
      let mapped = uids.get(uid);
      if (mapped === undefined) {
        mapped = uidFromHmac(salt, uid);
        uids.set(uid, mapped);
      }
      return mapped;
    },
    pseudonym(value: string): string {
      let p = pseudonyms.get(value);
      if (p === undefined) {
        const mac = createHmac('sha256', salt).update('patient\0').update(value).digest('hex');
        p = `MEWM-${mac.slice(0, 8).toUpperCase()}`;
        pseudonyms.set(value, p);
      }
      return p;
    },
    get uidCount(): number {
      return uids.size;
    },
  };
}

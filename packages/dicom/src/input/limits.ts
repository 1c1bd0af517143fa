/**
 * Size limits for everything a user can hand us. Checked before bytes are read or allocated.
 *
 * Defaults suit a diagnostic CT study on a workstation (a 2,000-slice series is about 1 GiB).
 * Compression-ratio limits stop zip bombs: real DICOM deflates 2–5×, so an entry that claims to
 * expand more than `maxEntryRatio` (once past 1 MiB) or an archive that expands more than
 * `maxArchiveRatio` overall (once past 64 MiB) is refused before it is inflated.
 */
import { z } from 'zod';

export const ingestLimitsSchema = z.object({
  /** Largest single file (or zip entry) in bytes. */
  maxFileBytes: z.number().int().positive().default(1024 ** 3),
  /** Largest total of all input bytes after unzipping. */
  maxTotalBytes: z.number().int().positive().default(4 * 1024 ** 3),
  /** Most files (after walking folders and unzipping). */
  maxFiles: z.number().int().positive().default(20_000),
  /** Most entries in one zip archive. */
  maxZipEntries: z.number().int().positive().default(20_000),
  /** Largest uncompressed/compressed ratio of one zip entry larger than 1 MiB. */
  maxEntryRatio: z.number().positive().default(1000),
  /** Largest uncompressed/compressed ratio of a whole archive larger than 64 MiB. */
  maxArchiveRatio: z.number().positive().default(100),
  /** Most voxels in one volume (a 1024×1024×2000 CT is 2.1e9; default allows 1e9). */
  maxVoxels: z.number().int().positive().default(1_000_000_000),
});

export type IngestLimits = z.infer<typeof ingestLimitsSchema>;

/** Validated limits with defaults filled in. */
export function resolveLimits(partial?: Partial<IngestLimits>): IngestLimits {
  return ingestLimitsSchema.parse(partial ?? {});
}

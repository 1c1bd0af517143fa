/**
 * Size limits for everything a user can hand us. Checked before bytes are read or allocated.
 *
 * Defaults suit a diagnostic CT study on a workstation (a 2,000-slice series is about 1 GiB of DICOM).
 * Compression-ratio limits stop zip bombs: real DICOM deflates 2–5×, so an entry that claims to
 * expand more than `maxEntryRatio` (once past 1 MiB) or an archive that expands more than
 * `maxArchiveRatio` overall (once past 64 MiB) is refused before it is inflated.
 */
import { z } from 'zod';

export const ingestLimitsSchema = z.object({
  /** Largest single file (or zip entry) in bytes. */
  maxFileBytes: z.number().int().positive().default(1024 ** 3),
  /** Largest total of all input bytes after unzipping (a bound on the work, not on memory: see maxMemoryBytes). */
  maxTotalBytes: z.number().int().positive().default(4 * 1024 ** 3),
  /**
   * The memory budget of one ingest: the de-identified DICOM it keeps for assembly, plus, before a
   * volume is assembled, that volume's decoded frames and output (estimated from the headers). Past it
   * the ingest stops with InputTooLargeError before allocating more. It also counts the file in hand
   * (its original and de-identified copy), 64 KiB a kept file for its parsed objects and a reserve for
   * the runtime's working memory (16 MiB, or an eighth of a smaller budget).
   */
  maxMemoryBytes: z.number().int().positive().default(4 * 1024 ** 3),
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

/** zod schemas for the ids that routers accept (UUIDs we generated; series keys are 16 hex). */
import 'server-only';
import { z } from 'zod';

export const caseIdSchema = z.uuid();
export const seriesIdSchema = z.uuid();
export const stagingIdSchema = z.uuid();
export const seriesKeySchema = z.string().regex(/^[0-9a-f]{16}$/, 'a series key is 16 lower-case hex digits');

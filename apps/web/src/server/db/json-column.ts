/**
 * Reading a JSON-in-string database column back: parsed, then validated with its zod schema, so that a
 * row written by an older version or edited by hand fails here with the column's name instead of
 * travelling on as a wrongly typed value. The error names the column and what was wrong with its shape,
 * never the column's content (it may hold clinical values).
 */
import 'server-only';
import { MewmError } from '@mewm/contracts';
import type { z } from 'zod';

/** A stored JSON column that is not valid JSON or does not have the shape its schema requires. */
export class JsonColumnError extends MewmError {
  readonly column: string;
  constructor(column: string, problem: string) {
    super('DB_COLUMN', `the stored column ${column} is corrupt: ${problem}`);
    this.column = column;
  }
}

/** Parse `text` (the column's value) as JSON and validate it with `schema`; `column` is "Model.field". */
export function readJsonColumn<S extends z.ZodType>(schema: S, text: string, column: string): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new JsonColumnError(column, 'not valid JSON');
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    // Paths and issue codes only: zod's messages may quote the rejected value.
    const where = result.error.issues.slice(0, 3).map((i) => `${i.path.length === 0 ? '(root)' : i.path.join('.')}: ${i.code}`);
    throw new JsonColumnError(column, `unexpected shape (${where.join('; ')})`);
  }
  return result.data;
}

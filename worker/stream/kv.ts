/**
 * The object's small records (its meta row, the base snapshot) in one key-value table of
 * its SQLite. Every read is parsed with the record's schema: what was written by an older
 * version of the code is checked, not trusted.
 */
import type { z } from "zod";

export class KvTable {
  constructor(private readonly sql: SqlStorage) {}

  /** Creates the table if it does not exist yet. */
  ensureSchema(): void {
    this.sql.exec(`CREATE TABLE IF NOT EXISTS kv (k TEXT PRIMARY KEY, v TEXT NOT NULL)`);
  }

  /** The record under `k`, or null when there is none or it no longer fits `schema`. */
  read<S extends z.ZodType>(k: string, schema: S): z.infer<S> | null {
    const row = this.sql.exec<{ v: string }>("SELECT v FROM kv WHERE k = ?", k).toArray()[0];
    if (row === undefined) return null;
    const parsed = schema.safeParse(JSON.parse(row.v));
    return parsed.success ? parsed.data : null;
  }

  /** Writes the record under `k`, replacing what was there. */
  write(k: string, v: unknown): void {
    this.sql.exec(
      "INSERT INTO kv (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v",
      k,
      JSON.stringify(v),
    );
  }
}

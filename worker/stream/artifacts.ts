/** The generated files of a decision set, in its object's SQLite: bounded in count and size. */

/** Most artifacts one decision set stores. */
export const MAX_ARTIFACTS = 200;
/** Largest artifact, in UTF-8 bytes. */
export const MAX_ARTIFACT_BYTES = 512 * 1024;

const encoder = new TextEncoder();

export interface ArtifactFile {
  path: string;
  content: string;
}

export class ArtifactStore {
  constructor(private readonly sql: SqlStorage) {}

  /** Creates the table if it does not exist yet. */
  ensureSchema(): void {
    this.sql.exec(`CREATE TABLE IF NOT EXISTS artifacts (path TEXT PRIMARY KEY, content TEXT NOT NULL)`);
  }

  /**
   * Stores files, replacing any of the same path. Refuses the whole batch, storing none of
   * it, when a file is too large or the set would hold more than MAX_ARTIFACTS files.
   */
  put(files: readonly ArtifactFile[]): void {
    for (const f of files) {
      if (encoder.encode(f.content).byteLength > MAX_ARTIFACT_BYTES) throw new Error(`artifact too large: ${f.path}`);
    }
    const held = new Set(this.paths());
    for (const f of files) held.add(f.path);
    if (held.size > MAX_ARTIFACTS) throw new Error(`too many artifacts: ${held.size} (at most ${MAX_ARTIFACTS})`);
    for (const f of files) {
      this.sql.exec(
        "INSERT INTO artifacts (path, content) VALUES (?, ?) ON CONFLICT (path) DO UPDATE SET content = excluded.content",
        f.path,
        f.content,
      );
    }
  }

  /** Every stored file, sorted by path. */
  all(): ArtifactFile[] {
    return this.sql
      .exec<{ path: string; content: string }>("SELECT path, content FROM artifacts ORDER BY path")
      .toArray();
  }

  private paths(): string[] {
    return this.sql
      .exec<{ path: string }>("SELECT path FROM artifacts")
      .toArray()
      .map((r) => r.path);
  }
}

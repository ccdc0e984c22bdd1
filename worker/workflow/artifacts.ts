/**
 * The limits on a decision set's generated files, in one place for the producer that
 * checks a bundle before it sends it and the Durable Object that stores it. Sizes are
 * UTF-8 bytes, as stored and as served in the zip, not JavaScript string lengths.
 */

/** Most files one decision set stores. */
export const ARTIFACTS_MAX_FILES = 200;
/** Largest single file, in UTF-8 bytes. */
export const ARTIFACT_MAX_BYTES = 512 * 1024;

export interface ArtifactFile {
  path: string;
  content: string;
}

/** A bundle past the limits: it is refused whole, never stored in part. */
export class ArtifactLimitError extends Error {
  override readonly name = "ArtifactLimitError";
}

const encoder = new TextEncoder();

/** The size of `text` in UTF-8 bytes. */
export function utf8Bytes(text: string): number {
  return encoder.encode(text).byteLength;
}

/**
 * Throws an `ArtifactLimitError` naming every file over the size limit, or the count when
 * there are too many files (distinct paths), so an over-limit bundle is reported, not cut.
 */
export function checkArtifacts(files: readonly ArtifactFile[]): void {
  const paths = new Set(files.map((f) => f.path));
  if (paths.size > ARTIFACTS_MAX_FILES) {
    throw new ArtifactLimitError(
      `the generated code has ${paths.size} files; at most ${ARTIFACTS_MAX_FILES} can be stored`,
    );
  }
  const over = files
    .map((f) => ({ path: f.path, bytes: utf8Bytes(f.content) }))
    .filter((f) => f.bytes > ARTIFACT_MAX_BYTES);
  if (over.length > 0) {
    const list = over.map((f) => `${f.path} (${f.bytes} bytes)`).join(", ");
    throw new ArtifactLimitError(`generated files over the ${ARTIFACT_MAX_BYTES}-byte limit: ${list}`);
  }
}

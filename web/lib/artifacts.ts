/** A run's generated files, fetched as its zip and unpacked in the browser. */
import { strFromU8, unzipSync } from "fflate";
import { artifactsZipUrl } from "./api";

/** Each file's bytes by path (folders left out). */
export async function loadArtifacts(decisionSetId: string): Promise<Map<string, Uint8Array>> {
  const res = await fetch(artifactsZipUrl(decisionSetId));
  if (!res.ok) throw new Error(`the server answered ${res.status}`);
  const entries = unzipSync(new Uint8Array(await res.arrayBuffer()));
  return new Map(Object.entries(entries).filter(([path]) => !path.endsWith("/")));
}

/** True for bytes that are not text (a NUL in the first 8000, as git decides). */
export function isBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, 8000).includes(0);
}

/** The text files of a run, by path: a binary file cannot be compared line by line. */
export async function loadTextArtifacts(decisionSetId: string): Promise<Map<string, string>> {
  const files = await loadArtifacts(decisionSetId);
  const texts = new Map<string, string>();
  for (const [path, bytes] of files) if (!isBinary(bytes)) texts.set(path, strFromU8(bytes));
  return texts;
}
